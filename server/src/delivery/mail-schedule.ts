/**
 * When the outbox tries a refused customer e-mail again (docs/architecture.md "Mail
 * outbox"): 1 min, 5 min, 30 min, 2 h, 6 h, then every 12 h, at most `MAIL_MAX_ATTEMPTS`
 * tries in all (about a day and a half), then it is failed for good.
 */
const MINUTE = 60_000;

export const MAIL_BACKOFF_MS: readonly number[] = [
  MINUTE,
  5 * MINUTE,
  30 * MINUTE,
  120 * MINUTE,
  360 * MINUTE,
  720 * MINUTE,
];

export const MAIL_MAX_ATTEMPTS = 8;

/** The wait after the `attempts`-th failed try (1 = the first), or null once none is left. */
export function mailRetryDelay(attempts: number): number | null {
  if (attempts >= MAIL_MAX_ATTEMPTS) return null;
  const index = Math.min(Math.max(attempts, 1), MAIL_BACKOFF_MS.length) - 1;
  return MAIL_BACKOFF_MS[index] as number;
}

/** A failure as the outbox keeps it: one line, no link or token, no address, 255 characters at most. */
export function mailErrorText(error: unknown, redact: (text: string) => string): string {
  const message = error instanceof Error ? error.message : String(error);
  return redact(message)
    .replace(/https?:\/\/\S+/g, '[url]')
    .replace(/[^\s<>"'@]+@[^\s<>"'@]+/g, '[address]')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 255);
}
