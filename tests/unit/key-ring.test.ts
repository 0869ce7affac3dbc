import {
  downloadToken,
  downloadUrl,
  hashToken,
  isTokenShaped,
} from '../../server/src/delivery/download-tokens';
import { callbackUrl, isValidCallback } from '../../server/src/fulfilment/upscaler-callback';
import {
  parseEncryptionKeys,
  requireEncryptionKeyInProduction,
} from '../../server/src/settings/key-ring';
import { purposeKeys } from '../../server/src/settings/keys';
import {
  boxKeyId,
  decryptSecret,
  decryptWithKeys,
  deriveKey,
  encryptSecret,
  isEncrypted,
  SecretBoxError,
} from '../../server/src/settings/secret-box';

/**
 * Key rotation (README "Configuration"): SMI_ENCRYPTION_KEY holds one key or a list
 * `id:secret,…`; the first encrypts and signs, every key decrypts and verifies, and the
 * app's own keys stay readable as the key `app`.
 */
const APP_KEYS = ['app-key-1', 'app-key-2'];
const strapi = {
  config: {
    get: (path: string, fallback?: unknown) =>
      ({ 'server.app.keys': APP_KEYS, 'server.url': 'https://shop.example' })[path] ?? fallback,
  },
} as never;

const withKey = (value: string | undefined, run: () => void) => {
  const before = process.env.SMI_ENCRYPTION_KEY;
  if (value === undefined) delete process.env.SMI_ENCRYPTION_KEY;
  else process.env.SMI_ENCRYPTION_KEY = value;
  try {
    run();
  } finally {
    if (before === undefined) delete process.env.SMI_ENCRYPTION_KEY;
    else process.env.SMI_ENCRYPTION_KEY = before;
  }
};

const OLD = 'old-secret-0123456789abcdefghijklmnop';
const NEW = 'new-secret-zyxwvutsrqponmlkjihgfedcba';

describe('parseEncryptionKeys', () => {
  it('reads a value without ids as one key, the id "default"', () => {
    expect(parseEncryptionKeys(OLD)).toEqual({ keys: [{ id: 'default', material: OLD }] });
  });

  it('reads `id:secret,…` as a list, the first first, and keeps the whole value readable', () => {
    const value = `k2:${NEW}, k1:${OLD}`;
    expect(parseEncryptionKeys(value)).toEqual({
      keys: [
        { id: 'k2', material: NEW },
        { id: 'k1', material: OLD },
        { id: 'whole-value', material: value },
      ],
    });
  });

  it('splits each entry at its first colon only', () => {
    expect(parseEncryptionKeys('k1:a:b:c').keys[0]).toEqual({ id: 'k1', material: 'a:b:c' });
  });

  it('warns when a value looks like a list but one entry is not id:secret', () => {
    const parsed = parseEncryptionKeys(`k2:${NEW},${OLD}`);
    expect(parsed.keys).toEqual([{ id: 'default', material: `k2:${NEW},${OLD}` }]);
    expect(parsed.warning).toMatch(/SMI_ENCRYPTION_KEY.*entry 2/);
  });
});

describe('the key ring', () => {
  it('puts SMI_ENCRYPTION_KEY first and the app keys last, under the id "app"', () => {
    withKey(`k2:${NEW},k1:${OLD}`, () => {
      expect(purposeKeys(strapi, 'x').map((k) => k.id)).toEqual(['k2', 'k1', 'whole-value', 'app']);
    });
    withKey(undefined, () => {
      expect(purposeKeys(strapi, 'x').map((k) => k.id)).toEqual(['app']);
    });
  });

  it('derives the same key from a secret whatever its id: labelling the old key changes nothing', () => {
    let before: Buffer | undefined;
    withKey(OLD, () => (before = purposeKeys(strapi, 'download-token')[0]?.key));
    withKey(`k2:${NEW},k1:${OLD}`, () => {
      const keys = purposeKeys(strapi, 'download-token');
      expect(keys[1]?.key.equals(before as Buffer)).toBe(true);
      expect(keys[0]?.key.equals(before as Buffer)).toBe(false);
    });
  });

  it('derives a different key for each purpose', () => {
    withKey(OLD, () => {
      const [a] = purposeKeys(strapi, 'download-token');
      const [b] = purposeKeys(strapi, 'settings-secrets');
      expect(a?.key.equals(b?.key as Buffer)).toBe(false);
    });
  });
});

describe('requireEncryptionKeyInProduction', () => {
  it('refuses to start in production without SMI_ENCRYPTION_KEY, saying how to make one', () => {
    expect(() => requireEncryptionKeyInProduction({ NODE_ENV: 'production' })).toThrow(
      /SMI_ENCRYPTION_KEY.*openssl rand -base64 32/s,
    );
    expect(() =>
      requireEncryptionKeyInProduction({ NODE_ENV: 'production', SMI_ENCRYPTION_KEY: '  ' }),
    ).toThrow(/SMI_ENCRYPTION_KEY/);
  });

  it('lets production start with a key, and other environments without one', () => {
    expect(() =>
      requireEncryptionKeyInProduction({ NODE_ENV: 'production', SMI_ENCRYPTION_KEY: OLD }),
    ).not.toThrow();
    expect(() => requireEncryptionKeyInProduction({ NODE_ENV: 'development' })).not.toThrow();
    expect(() => requireEncryptionKeyInProduction({})).not.toThrow();
  });
});

describe('secrets under a key ring', () => {
  const oldKey = { id: 'k1', key: deriveKey(OLD) };
  const newKey = { id: 'k2', key: deriveKey(NEW) };

  it('writes the key id into the box: v2:<id>:<iv>:<tag>:<ciphertext>', () => {
    const box = encryptSecret('sk_test_abc', newKey.key, newKey.id);
    expect(box).toMatch(/^v2:k2:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(isEncrypted(box)).toBe(true);
    expect(boxKeyId(box)).toBe('k2');
    expect(decryptSecret(box, newKey.key)).toBe('sk_test_abc');
  });

  it('reads a box of an older key and a v1 box without id with the whole ring', () => {
    const ring = [newKey, oldKey];
    expect(decryptWithKeys(encryptSecret('a', oldKey.key, 'k1'), ring)).toBe('a');
    const v1 = encryptSecret('b', oldKey.key);
    expect(boxKeyId(v1)).toBeNull();
    expect(decryptWithKeys(v1, ring)).toBe('b');
    // an id is only a hint: a relabelled key still opens its boxes
    expect(decryptWithKeys(encryptSecret('c', oldKey.key, 'renamed'), ring)).toBe('c');
  });

  it('fails plainly when no key of the ring opens the box', () => {
    const box = encryptSecret('a', oldKey.key, 'k1');
    let caught: unknown;
    try {
      decryptWithKeys(box, [newKey]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SecretBoxError);
    expect((caught as SecretBoxError).code).toBe('auth_failed');
  });

  it('authenticates the key id: a box relabelled by hand does not open', () => {
    const box = encryptSecret('a', oldKey.key, 'k1');
    expect(() => decryptSecret(box.replace('v2:k1:', 'v2:k9:'), oldKey.key)).toThrow(
      SecretBoxError,
    );
  });
});

describe('download links under a key ring', () => {
  const expiresAt = new Date('2030-01-01T00:00:00Z');

  it('keeps 43-character tokens and shows an old link again after a new first key is added', () => {
    let issued = '';
    withKey(OLD, () => (issued = downloadToken(strapi, 'job-1', expiresAt)));
    expect(isTokenShaped(issued)).toBe(true);
    const job = { jobId: 'job-1', downloadTokenHash: hashToken(issued) };
    withKey(`k2:${NEW},k1:${OLD}`, () => {
      expect(downloadUrl(strapi, job, expiresAt)).toBe(
        `https://shop.example/api/sell-my-images/downloads/${issued}`,
      );
      // a link issued now is signed with the new first key
      const fresh = downloadToken(strapi, 'job-1', expiresAt);
      expect(isTokenShaped(fresh)).toBe(true);
      expect(fresh).not.toBe(issued);
      // a job whose stored hash is not (yet) of this expiry gets the current key's link
      expect(downloadUrl(strapi, { jobId: 'job-1', downloadTokenHash: null }, expiresAt)).toBe(
        `https://shop.example/api/sell-my-images/downloads/${fresh}`,
      );
    });
  });

  it('shows links issued on the app keys once SMI_ENCRYPTION_KEY is set', () => {
    let issued = '';
    withKey(undefined, () => (issued = downloadToken(strapi, 'job-2', expiresAt)));
    withKey(NEW, () => {
      const job = { jobId: 'job-2', downloadTokenHash: hashToken(issued) };
      expect(downloadUrl(strapi, job, expiresAt)).toContain(issued);
    });
  });
});

describe('Upsampler callbacks under a key ring', () => {
  it('accepts a callback signed before a new first key was added, and not after its key is gone', () => {
    let url = '';
    withKey(OLD, () => (url = callbackUrl(strapi, 'job-3')));
    const sig = new URL(url).searchParams.get('sig') ?? '';
    withKey(`k2:${NEW},k1:${OLD}`, () => {
      expect(isValidCallback(strapi, 'job-3', sig)).toBe(true);
      expect(isValidCallback(strapi, 'job-4', sig)).toBe(false);
      const fresh = new URL(callbackUrl(strapi, 'job-3')).searchParams.get('sig');
      expect(fresh).not.toBe(sig);
    });
    withKey(`k2:${NEW}`, () => expect(isValidCallback(strapi, 'job-3', sig)).toBe(false));
  });
});
