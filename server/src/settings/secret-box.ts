/**
 * AES-256-GCM for the secrets kept in the settings record (Stripe keys, webhook secret,
 * Upsampler key). Stored form: `v2:<key id>:<iv>:<tag>:<ciphertext>` (README "Key
 * rotation"; iv, tag and ciphertext base64url). The former `v1:<iv>:<tag>:<ciphertext>`,
 * written before key ids, is still read.
 */
import {
  createCipheriv,
  createDecipheriv,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HKDF_INFO = 'sell-my-images/settings-secrets';
// 12-byte IV → 16 chars, 16-byte tag → 22 chars; an empty plaintext has an empty ciphertext.
const PARTS = '([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22}):([A-Za-z0-9_-]*)';
const BOX_V1 = new RegExp(`^v1:${PARTS}$`);
const BOX_V2 = new RegExp(`^v2:([A-Za-z0-9_-]{1,32}):${PARTS}$`);

/** The version and key id are authenticated too: a box cannot be relabelled. */
const aad = (keyId: string | null) => Buffer.from(keyId === null ? 'v1' : `v2:${keyId}`, 'utf8');

type SecretBoxErrorCode = 'bad_key' | 'bad_format' | 'auth_failed';

/** Thrown for a wrong key, a malformed box or a box whose contents were altered. */
export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';

  constructor(
    readonly code: SecretBoxErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A 32-byte key from key material of any length (app secrets or SMI_ENCRYPTION_KEY). */
export function deriveKey(material: string): Buffer {
  if (typeof material !== 'string' || material.length === 0) {
    throw new SecretBoxError('bad_key', 'Encryption key material must be a non-empty string');
  }
  return Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), HKDF_INFO, KEY_BYTES));
}

function assertKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
    throw new SecretBoxError('bad_key', `The key must be ${KEY_BYTES} bytes (use deriveKey)`);
  }
}

/**
 * Encrypts with a fresh random IV: the same plaintext never gives the same box twice.
 * With `keyId` (always, but in tests of the former format) the box names its key.
 */
export function encryptSecret(plain: string, key: Buffer, keyId?: string): string {
  assertKey(key);
  const id = keyId ?? null;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(id));
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [
    ...(id === null ? ['v1'] : ['v2', id]),
    iv.toString('base64url'),
    tag.toString('base64url'),
    ciphertext.toString('base64url'),
  ].join(':');
}

/** Node's base64url decoder skips bad characters, so accept only the canonical spelling. */
function decodePart(part: string, what: string): Buffer {
  const bytes = Buffer.from(part, 'base64url');
  if (bytes.toString('base64url') !== part) {
    throw new SecretBoxError('bad_format', `The ${what} is not canonical base64url`);
  }
  return bytes;
}

function parseBox(box: unknown): { keyId: string | null; parts: string[] } {
  const v2 = typeof box === 'string' ? BOX_V2.exec(box) : null;
  if (v2) return { keyId: v2[1] as string, parts: v2.slice(2) };
  const v1 = typeof box === 'string' ? BOX_V1.exec(box) : null;
  if (v1) return { keyId: null, parts: v1.slice(1) };
  throw new SecretBoxError(
    'bad_format',
    'Not an encrypted secret (expected v2:<key id>:<iv>:<tag>:<ciphertext>)',
  );
}

/** Decrypts a box from encryptSecret; throws SecretBoxError on a wrong key, bad format or tampering. */
export function decryptSecret(box: string, key: Buffer): string {
  assertKey(key);
  const { keyId, parts } = parseBox(box);
  const iv = decodePart(parts[0] as string, 'IV');
  const tag = decodePart(parts[1] as string, 'tag');
  const ciphertext = decodePart(parts[2] as string, 'ciphertext');
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(keyId));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError(
      'auth_failed',
      'The secret could not be decrypted: wrong key or altered data',
    );
  }
}

/** The id of the key a box names (null for a v1 box); throws SecretBoxError when it is no box. */
export function boxKeyId(box: string): string | null {
  return parseBox(box).keyId;
}

/**
 * Decrypts with whichever key of a ring opens the box: the key it names first, then the
 * others (GCM's tag tells a wrong key, so an id is only a hint: a renamed key still works).
 */
export function decryptWithKeys(box: string, keys: Array<{ id: string; key: Buffer }>): string {
  const named = boxKeyId(box);
  const ordered = [...keys].sort((a, b) => Number(b.id === named) - Number(a.id === named));
  for (const { key } of ordered) {
    try {
      return decryptSecret(box, key);
    } catch (error) {
      if (!(error instanceof SecretBoxError) || error.code !== 'auth_failed') throw error;
    }
  }
  throw new SecretBoxError('auth_failed', 'No key of the ring decrypts this secret');
}

/** True for a string shaped like encryptSecret's output (it says nothing about the key). */
export function isEncrypted(value: unknown): value is string {
  return typeof value === 'string' && (BOX_V2.test(value) || BOX_V1.test(value));
}

const MASK = '••••••••';

/**
 * `••••••••1234` for a secret longer than 8 characters, `••••••••` otherwise: at most the
 * last 4 characters are shown and the mask's length never tells the secret's length.
 */
export function maskSecret(plain: string): string {
  const chars = Array.from(plain); // code points, so an emoji is never cut in half
  return chars.length <= 8 ? MASK : MASK + chars.slice(-4).join('');
}

/** Compares two secrets in constant time. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
