import { createHash } from 'node:crypto';
import {
  SecretBoxError,
  decryptSecret,
  deriveKey,
  encryptSecret,
  isEncrypted,
  maskSecret,
} from '../../server/src/settings/secret-box';

const key = deriveKey('app-keys-or-SMI_ENCRYPTION_KEY');
const otherKey = deriveKey('another-app');

/** Replaces one character of a base64url string with a different valid one. */
function flip(part: string, index: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const current = part[index] as string;
  const replacement = alphabet[(alphabet.indexOf(current) + 1) % alphabet.length] as string;
  return part.slice(0, index) + replacement + part.slice(index + 1);
}

function expectSecretBoxError(run: () => unknown, code: SecretBoxError['code']): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(SecretBoxError);
  expect((caught as SecretBoxError).code).toBe(code);
  expect((caught as SecretBoxError).name).toBe('SecretBoxError');
}

describe('deriveKey', () => {
  it('makes a 32-byte key from material of any length, deterministically', () => {
    for (const material of ['x', 'short', 'a'.repeat(10_000), 'üñíçødé 🔑']) {
      const derived = deriveKey(material);
      expect(derived).toHaveLength(32);
      expect(deriveKey(material).equals(derived)).toBe(true);
    }
  });

  it('gives different keys for different material', () => {
    expect(deriveKey('a').equals(deriveKey('b'))).toBe(false);
  });

  it('is HKDF with the plugin info string, not a bare hash of the material', () => {
    expect(deriveKey('secret').equals(createHash('sha256').update('secret').digest())).toBe(false);
  });

  it('refuses empty material', () => {
    expectSecretBoxError(() => deriveKey(''), 'bad_key');
  });
});

describe('encryptSecret / decryptSecret', () => {
  it.each(['sk_test_51AbCdEf', '', 'whsec_xyz', 'üñíçødé 🔑', 'x'.repeat(5000)])(
    'round-trips %p',
    (plain) => {
      const box = encryptSecret(plain, key);
      expect(isEncrypted(box)).toBe(true);
      expect(decryptSecret(box, key)).toBe(plain);
    },
  );

  it('produces v1:<iv>:<tag>:<ciphertext> with a 12-byte IV and 16-byte tag, without the plaintext', () => {
    const plain = 'sk_live_SuperSecretValue';
    const box = encryptSecret(plain, key);
    const [version, iv, tag, ciphertext] = box.split(':') as [string, string, string, string];
    expect(version).toBe('v1');
    expect(Buffer.from(iv, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag, 'base64url')).toHaveLength(16);
    expect(Buffer.from(ciphertext, 'base64url')).toHaveLength(Buffer.byteLength(plain));
    expect(box).not.toContain('SuperSecret');
    expect(Buffer.from(ciphertext, 'base64url').toString('utf8')).not.toContain('SuperSecret');
  });

  it('uses a random IV: the same secret encrypts differently every time', () => {
    const boxes = new Set(Array.from({ length: 50 }, () => encryptSecret('same', key)));
    expect(boxes.size).toBe(50);
    const ivs = new Set([...boxes].map((box) => box.split(':')[1]));
    expect(ivs.size).toBe(50);
  });

  it('fails with auth_failed under the wrong key', () => {
    expectSecretBoxError(
      () => decryptSecret(encryptSecret('sk_test_abc', key), otherKey),
      'auth_failed',
    );
  });

  it.each([
    [1, 'IV'],
    [2, 'tag'],
    [3, 'ciphertext'],
  ] as const)('detects tampering with part %i (%s)', (partIndex, _name) => {
    const parts = encryptSecret('sk_test_tamperproof', key).split(':');
    const part = parts[partIndex] as string;
    // The first, a middle and the last character of the part.
    for (const index of [0, Math.floor(part.length / 2), part.length - 1]) {
      const tampered = [...parts];
      tampered[partIndex] = flip(part, index);
      let caught: unknown;
      try {
        decryptSecret(tampered.join(':'), key);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(SecretBoxError);
      expect(['auth_failed', 'bad_format']).toContain((caught as SecretBoxError).code);
    }
  });

  it('detects a swapped ciphertext from another box', () => {
    const a = encryptSecret('first-secret', key).split(':');
    const b = encryptSecret('other-secret', key).split(':');
    expectSecretBoxError(
      () => decryptSecret([a[0], a[1], a[2], b[3]].join(':'), key),
      'auth_failed',
    );
  });

  it('detects a truncated ciphertext', () => {
    const [version, iv, tag] = encryptSecret('sk_test_abcdef', key).split(':');
    expectSecretBoxError(() => decryptSecret([version, iv, tag, ''].join(':'), key), 'auth_failed');
  });

  it.each([
    ['plain text', 'sk_test_abc'],
    ['empty', ''],
    ['another version', 'v2:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:AAAA'],
    ['missing part', 'v1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA'],
    ['extra part', 'v1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:AAAA:AAAA'],
    ['short IV', 'v1:AAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:AAAA'],
    ['short tag', 'v1:AAAAAAAAAAAAAAAA:AAAAAAAA:AAAA'],
    ['standard base64 characters', 'v1:AAAAAAAAAAAAAAA+:AAAAAAAAAAAAAAAAAAAAAA:AAAA'],
    ['padding', 'v1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:AA=='],
    ['non-canonical tag ending', 'v1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAB:AAAA'],
  ])('rejects a malformed box (%s) with bad_format', (_label, box) => {
    expectSecretBoxError(() => decryptSecret(box, key), 'bad_format');
  });

  it('rejects keys that are not 32 bytes', () => {
    expectSecretBoxError(() => encryptSecret('x', Buffer.alloc(16)), 'bad_key');
    expectSecretBoxError(() => decryptSecret(encryptSecret('x', key), Buffer.alloc(31)), 'bad_key');
  });
});

describe('isEncrypted', () => {
  it('recognises boxes and nothing else', () => {
    expect(isEncrypted(encryptSecret('abc', key))).toBe(true);
    expect(isEncrypted('sk_test_abc')).toBe(false);
    expect(isEncrypted('v1:abc:def:ghi')).toBe(false);
    expect(isEncrypted('')).toBe(false);
    expect(isEncrypted(null)).toBe(false);
    expect(isEncrypted(42)).toBe(false);
  });
});

describe('maskSecret', () => {
  it.each([
    ['sk_live_51HxYz1234', '••••••••1234'],
    ['whsec_abcdefWXYZ', '••••••••WXYZ'],
    ['123456789', '••••••••6789'],
    ['12345678', '••••••••'],
    ['abcd', '••••••••'],
    ['', '••••••••'],
  ])('masks %p as %p', (plain, masked) => {
    expect(maskSecret(plain)).toBe(masked);
  });

  it('never reveals more than the last 4 characters, nor the length', () => {
    for (let length = 0; length <= 64; length += 1) {
      const plain = Array.from({ length }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
      const masked = maskSecret(plain);
      const visible = masked.replace(/^•+/, '');
      expect(masked.startsWith('••••••••')).toBe(true);
      expect(visible.length).toBeLessThanOrEqual(4);
      expect(plain.endsWith(visible)).toBe(true);
      expect(masked.length).toBe(length <= 8 ? 8 : 12);
    }
  });

  it('does not split a character made of two UTF-16 units', () => {
    expect(maskSecret('secret-key-🔑🔑🔑🔑')).toBe('••••••••🔑🔑🔑🔑');
  });
});
