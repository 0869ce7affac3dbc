/**
 * The start-up checks (README "Start-up checks"): what a site still lacks to sell, each
 * naming the setting to change. Bootstrap logs them; the admin overview can show them.
 */
import { z } from 'zod';

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

/**
 * The setup checklist of the Overview page (`GET /sell-my-images/setup`, README "Setup
 * checklist"): one item per thing a sale needs, read live. `done`: ready; `todo`: a sale
 * fails or misbehaves until it is fixed; `warning`: works here but needs a look before
 * selling for real (e.g. a localhost URL in development). Facts only: the panel words them.
 */
export const SETUP_ITEM_IDS = [
  'stripe_key',
  'stripe_webhook',
  'email',
  'public_url',
  'cron',
  'storage',
  'upscaler',
  'return_origins',
] as const;

export type SetupItemId = (typeof SETUP_ITEM_IDS)[number];
export type SetupItemState = 'done' | 'todo' | 'warning';
/** Where a setting comes from: an environment variable wins over the saved settings. */
export type SetupSource = 'env' | 'stored' | null;

interface Item<Id extends SetupItemId, Facts> {
  id: Id;
  state: SetupItemState;
  facts: Facts;
}

export type SetupItem =
  | Item<
      'stripe_key',
      {
        source: SetupSource;
        mode: 'test' | 'live' | null;
        /** Why Stripe refused the key or could not be reached (our words, never the key). */
        problem: string | null;
      }
    >
  | Item<
      'stripe_webhook',
      {
        webhookUrl: string;
        secretSource: SetupSource;
        /** The endpoint "Set up webhook" made, null when none (or it was set by hand). */
        endpointId: string | null;
        missingEvents: string[];
        /** When a signed Stripe event was last accepted (ISO), null before the first. */
        lastVerifiedEventAt: string | null;
        problem: string | null;
        /** For a URL the internet cannot reach: the `stripe listen` command to test locally. */
        listenCommand: string | null;
      }
    >
  | Item<'email', { provider: string | null; production: boolean }>
  | Item<'public_url', { url: string; https: boolean; loopback: boolean; production: boolean }>
  | Item<'cron', { enabled: boolean }>
  | Item<
      'storage',
      {
        /** The folder on this server, or `s3://bucket` with SMI_STORAGE=s3. */
        location: string;
        kind: 'local' | 's3';
        writable: boolean;
        /** Why the bucket cannot be used, null when it can (or on disk). */
        problem: string | null;
        /** What an anonymous request could read from the bucket, null when refused. */
        publicAccess: string | null;
      }
    >
  | Item<'upscaler', { upscaler: string; problem: string | null }>
  | Item<
      'return_origins',
      {
        /** Where a checkout may send the buyer back: the site's own origin and the setting's list. */
        allowed: string[];
        /** Origins buyers were recently refused on and still are, newest first. */
        refused: { origin: string; at: string }[];
      }
    >;

/** `GET /sell-my-images/setup` → `data`. */
export interface SetupChecklist {
  items: SetupItem[];
  /** Items not done, for the menu's and the page's "n left" line. */
  remaining: number;
  checkedAt: string;
}

/** `POST /sell-my-images/setup/test-email` body: the admin's own address when `to` is absent. */
export const testEmailSchema = z.strictObject({
  to: z
    .string()
    .trim()
    .max(254)
    .refine((value) => z.email().safeParse(value).success, 'Must be an e-mail address')
    .optional(),
});
export type TestEmailRequest = z.output<typeof testEmailSchema>;

/** `POST /sell-my-images/setup/test-email` → `data`: a refused send is an answer, not an error. */
export type TestEmailAnswer =
  | { ok: true; to: string; provider: string | null }
  | { ok: false; to: string; provider: string | null; message: string };
