/**
 * The plugin's keys (README "Key rotation"): `SMI_ENCRYPTION_KEY` holds one secret, or a
 * list `id:secret,id:secret` whose first key encrypts and signs while every key still
 * decrypts and verifies. The app's own keys are the last key of the ring (id `app`): what
 * the plugin wrote before `SMI_ENCRYPTION_KEY` was set stays readable.
 *
 * Keys are derived from the secret alone, never from its id: giving the current key an id
 * (`SMI_ENCRYPTION_KEY=k1:<the same secret>`) changes nothing already written. An id is
 * written into ciphertexts as a hint and a record of which key wrote them.
 */
import { readEnvironment } from './environment';

export interface RingKey {
  id: string;
  material: string;
}

/** A `SMI_ENCRYPTION_KEY` without ids. */
export const DEFAULT_KEY_ID = 'default';
/** A list is also tried as one secret: a former key that happened to contain `:` stays readable. */
export const WHOLE_VALUE_KEY_ID = 'whole-value';
/** The app's own keys (admin.secrets.encryptionKey, else server.app.keys). */
export const APP_KEY_ID = 'app';

const ENTRY = /^([A-Za-z0-9_-]{1,32}):(.+)$/s;

/** The keys of a `SMI_ENCRYPTION_KEY` value (trimmed, non-empty), first first. */
export function parseEncryptionKeys(value: string): { keys: RingKey[]; warning?: string } {
  const entries = value.split(',').map((entry) => entry.trim());
  const parsed = entries.map((entry) => ENTRY.exec(entry));
  if (parsed.every((match) => match !== null)) {
    return {
      keys: [
        ...parsed.map((match) => ({ id: match[1] as string, material: match[2] as string })),
        { id: WHOLE_VALUE_KEY_ID, material: value },
      ],
    };
  }
  const single = { keys: [{ id: DEFAULT_KEY_ID, material: value }] };
  const bad = parsed.findIndex((match) => match === null);
  // Some entries look like `id:secret` and one does not: probably a typo in a list.
  if (entries.length > 1 && parsed.some((match) => match !== null)) {
    return {
      ...single,
      warning: `[sell-my-images] SMI_ENCRYPTION_KEY is read as one key: entry ${bad + 1} is not "id:secret"`,
    };
  }
  return single;
}

/** SMI_ENCRYPTION_KEY's keys, then the app's as a read-only fallback (the only key without it). */
export function keyRing(
  appMaterial: string | null,
  env: NodeJS.ProcessEnv = process.env,
): RingKey[] {
  const value = readEnvironment(env).encryptionKey;
  const own = value ? parseEncryptionKeys(value).keys : [];
  return appMaterial ? [...own, { id: APP_KEY_ID, material: appMaterial }] : own;
}

/**
 * Production needs a key of its own: on the app's keys alone, stored secrets and every
 * live download link die the day APP_KEYS change. Thrown at start-up (bootstrap).
 */
export function requireEncryptionKeyInProduction(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV !== 'production' || readEnvironment(env).encryptionKey) return;
  throw new Error(
    [
      '[sell-my-images] SMI_ENCRYPTION_KEY is required in production (NODE_ENV=production).',
      'It encrypts the stored secrets and signs the download links; without it they would',
      "depend on the app's keys and stop working when APP_KEYS change. Generate one with",
      "`openssl rand -base64 32` (or `node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\"`)",
      'and set it in the environment, the same on every instance.',
    ].join(' '),
  );
}
