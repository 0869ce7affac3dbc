/**
 * The start-up checks (README "Start-up checks"): what a site still lacks to sell, each
 * naming the setting to change. Bootstrap logs them; the admin overview can show them.
 */
export const SETUP_CHECK_CODES = [
  'public_url_loopback',
  'email_provider_missing',
  'stripe_key_missing',
  'cron_disabled',
  'storage_not_writable',
  'object_storage_unreachable',
  'object_storage_public',
] as const;

export type SetupCheckCode = (typeof SETUP_CHECK_CODES)[number];

export interface SetupCheck {
  /** `warn`: a sale fails or misbehaves until it is fixed; `info`: fine for development. */
  level: 'warn' | 'info';
  code: SetupCheckCode;
  /** One line for the owner, naming the setting to change (never a secret). */
  message: string;
}
