/**
 * AES-256-GCM for the secrets kept in the settings record (Stripe keys, webhook secret,
 * Upsampler key). Stored form: `v1:<iv>:<tag>:<ciphertext>`, each part base64url.
 */
import {
  createCipheriv,
  createDecipheriv,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HKDF_INFO = 'sell-my-images/settings-secrets';
// The version is authenticated too, so a box cannot be relabelled as another format.
const AAD = Buffer.from(VERSION, 'utf8');
// 12-byte IV → 16 chars, 16-byte tag → 22 chars; an empty plaintext has an empty ciphertext.
const BOX = /^v1:([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22}):([A-Za-z0-9_-]*)$/;

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

/** Encrypts with a fresh random IV: the same plaintext never gives the same box twice. */
export function encryptSecret(plain: string, key: Buffer): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(AAD);
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [
    VERSION,
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

/** Decrypts a box from encryptSecret; throws SecretBoxError on a wrong key, bad format or tampering. */
export function decryptSecret(box: string, key: Buffer): string {
  assertKey(key);
  const match = typeof box === 'string' ? BOX.exec(box) : null;
  if (!match)
    throw new SecretBoxError(
      'bad_format',
      'Not an encrypted secret (expected v1:<iv>:<tag>:<ciphertext>)',
    );
  const iv = decodePart(match[1], 'IV');
  const tag = decodePart(match[2], 'tag');
  const ciphertext = decodePart(match[3], 'ciphertext');
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(AAD);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError(
      'auth_failed',
      'The secret could not be decrypted: wrong key or altered data',
    );
  }
}

/** True for a string shaped like encryptSecret's output (it says nothing about the key). */
export function isEncrypted(value: unknown): value is string {
  return typeof value === 'string' && BOX.test(value);
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
