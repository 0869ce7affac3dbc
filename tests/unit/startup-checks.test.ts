/**
 * The start-up checks (README "Start-up checks"): each condition on and off, the level of
 * the public-URL line by environment, the facts read from Strapi's config and the disk,
 * and the owner's log lines for refused checkouts (once per origin, once per period).
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { createOwnerNotices } from '../../server/src/commerce/owner-notices';
import {
  createSetup,
  isLoopbackHost,
  isWritableFolder,
  startupChecks,
  type SetupFacts,
} from '../../server/src/settings/startup-checks';
import { useTempDir } from '../support/temp-dir';

const temp = useTempDir('startup-checks');

/** Runs `run` with SMI_PUBLIC_URL unset (the public URL then comes from server.url). */
async function withoutPublicUrlEnv<T>(run: () => Promise<T>): Promise<T> {
  const previous = process.env.SMI_PUBLIC_URL;
  delete process.env.SMI_PUBLIC_URL;
  try {
    return await run();
  } finally {
    if (previous !== undefined) process.env.SMI_PUBLIC_URL = previous;
  }
}

/** A site ready to sell: no finding. */
const ready: SetupFacts = {
  production: true,
  publicUrl: 'https://shop.example',
  emailProvider: 'nodemailer',
  stripeKeySet: true,
  cronEnabled: true,
  storageDir: '/srv/smi',
  storageWritable: true,
};

const codes = (facts: Partial<SetupFacts>) =>
  startupChecks({ ...ready, ...facts }).map((check) => `${check.level}:${check.code}`);

describe('startupChecks', () => {
  test('a ready site has no finding', () => {
    expect(startupChecks(ready)).toEqual([]);
  });

  test('a loopback public URL is a warning in production, an info line otherwise', () => {
    for (const publicUrl of [
      'http://localhost:1337',
      'http://127.0.0.1:1337',
      'http://[::1]:1337',
      'http://0.0.0.0:1337',
    ]) {
      expect(codes({ publicUrl })).toEqual(['warn:public_url_loopback']);
      expect(codes({ publicUrl, production: false })).toEqual(['info:public_url_loopback']);
    }
    const [check] = startupChecks({ ...ready, publicUrl: 'http://localhost:1337' });
    expect(check?.message).toContain('SMI_PUBLIC_URL');
    expect(check?.message).toContain('http://localhost:1337');
    expect(codes({ publicUrl: 'https://localhost.shop.example' })).toEqual([]);
    // An unusable URL (SMI_PUBLIC_URL=http://) is a warning everywhere, never a crash.
    expect(codes({ publicUrl: 'http://', production: false })).toEqual([
      'warn:public_url_loopback',
    ]);
  });

  test('no e-mail provider, or sendmail (Strapi default), is a warning naming the email config', () => {
    expect(codes({ emailProvider: null })).toEqual(['warn:email_provider_missing']);
    expect(codes({ emailProvider: 'sendmail' })).toEqual(['warn:email_provider_missing']);
    expect(codes({ emailProvider: 'amazon-ses' })).toEqual([]);
    expect(startupChecks({ ...ready, emailProvider: null })[0]?.message).toContain(
      'email.config.provider',
    );
  });

  test('no Stripe key is a warning naming the variable and the setting', () => {
    const checks = startupChecks({ ...ready, stripeKeySet: false });
    expect(checks.map((check) => check.code)).toEqual(['stripe_key_missing']);
    expect(checks[0]?.message).toContain('SMI_STRIPE_SECRET_KEY');
    expect(checks[0]?.message).toContain('Settings → Sell My Images → Stripe secret key');
  });

  test('cron off is a warning listing the housekeeping that does not run', () => {
    const checks = startupChecks({ ...ready, cronEnabled: false });
    expect(checks.map((check) => check.code)).toEqual(['cron_disabled']);
    expect(checks[0]?.message).toContain('server.cron.enabled');
    expect(checks[0]?.message).toMatch(/unpaid.*refund.*e-mail.*retention/);
  });

  test('a storage folder that cannot be written is a warning naming SMI_STORAGE_DIR', () => {
    const checks = startupChecks({ ...ready, storageWritable: false });
    expect(checks.map((check) => check.code)).toEqual(['storage_not_writable']);
    expect(checks[0]?.message).toContain('/srv/smi');
    expect(checks[0]?.message).toContain('SMI_STORAGE_DIR');
  });

  test('a bucket that cannot be used, or that anyone can read, is a warning naming the S3 settings', () => {
    const bucket = { bucket: 'shop-files', unreachable: null, publicAccess: null };
    expect(codes({ objectStorage: bucket })).toEqual([]);
    const [missing] = startupChecks({
      ...ready,
      objectStorage: { ...bucket, unreachable: 'NotFound, HTTP 404' },
    });
    expect(missing).toMatchObject({ level: 'warn', code: 'object_storage_unreachable' });
    expect(missing?.message).toContain('the bucket shop-files cannot be used (NotFound, HTTP 404)');
    expect(missing?.message).toContain('SMI_S3_BUCKET');
    const [open] = startupChecks({
      ...ready,
      objectStorage: { ...bucket, publicAccess: 'its files' },
    });
    expect(open).toMatchObject({ level: 'warn', code: 'object_storage_public' });
    expect(open?.message).toContain('lets anyone read its files without credentials');
    expect(open?.message).toContain('README "Object storage (S3, R2, MinIO)"');
  });

  test('every finding at once, in a fixed order', () => {
    expect(
      codes({
        publicUrl: 'http://localhost:1337',
        emailProvider: 'sendmail',
        stripeKeySet: false,
        cronEnabled: false,
        storageWritable: false,
      }),
    ).toEqual([
      'warn:public_url_loopback',
      'warn:email_provider_missing',
      'warn:stripe_key_missing',
      'warn:cron_disabled',
      'warn:storage_not_writable',
    ]);
  });

  test('isLoopbackHost', () => {
    expect(
      ['localhost', 'LOCALHOST', 'shop.localhost', '127.0.0.2', '[::1]'].every(isLoopbackHost),
    ).toBe(true);
    expect(['shop.example', '10.0.0.1', '128.0.0.1', '[2001:db8::1]'].some(isLoopbackHost)).toBe(
      false,
    );
  });
});

describe('isWritableFolder', () => {
  test('a writable folder, or a missing one inside a writable folder, is writable', async () => {
    await mkdir(temp('storage'), { recursive: true });
    await expect(isWritableFolder(temp('storage'))).resolves.toBe(true);
    await expect(isWritableFolder(temp('storage', 'not', 'yet'))).resolves.toBe(true);
  });

  test('a path under a file is not (the folder can never be made)', async () => {
    await writeFile(temp('a-file'), 'x');
    await expect(isWritableFolder(temp('a-file'))).resolves.toBe(false);
    await expect(isWritableFolder(temp('a-file', 'storage'))).resolves.toBe(false);
  });

  // As root every folder is writable; the read-only case needs an ordinary user.
  const asUser = process.getuid?.() === 0 ? test.skip : test;
  asUser('a read-only folder is not', async () => {
    await mkdir(temp('read-only'), { recursive: true });
    await chmod(temp('read-only'), 0o555);
    await expect(isWritableFolder(temp('read-only', 'storage'))).resolves.toBe(false);
    await chmod(temp('read-only'), 0o755);
  });
});

describe('setup service', () => {
  function fakeStrapi(config: Record<string, unknown>) {
    const lines: string[] = [];
    const strapi = {
      config: {
        get: (key: string, fallback?: unknown) => (key in config ? config[key] : fallback),
      },
      log: {
        warn: (line: string) => lines.push(`warn ${line}`),
        info: (line: string) => lines.push(`info ${line}`),
      },
    };
    return { strapi: strapi as never, lines };
  }
  const settings = (stripeSecretKey: string | null) =>
    ({ get: async () => ({ stripeSecretKey }) }) as never;

  test('reads the facts from Strapi config, the settings and the disk, and logs one line each', async () => {
    const { strapi, lines } = fakeStrapi({
      'server.url': 'https://shop.example',
      'server.cron.enabled': false,
      'plugin::email': { provider: 'sendmail' },
    });
    const setup = createSetup(strapi, {
      settings: settings(null),
      storageDir: () => temp('a-file', 'storage'),
    });
    await writeFile(temp('a-file'), 'x');
    const previous = process.env.SMI_PUBLIC_URL;
    delete process.env.SMI_PUBLIC_URL;
    try {
      expect((await setup.checks()).map((check) => check.code)).toEqual([
        'email_provider_missing',
        'stripe_key_missing',
        'cron_disabled',
        'storage_not_writable',
      ]);
      await setup.logChecks();
    } finally {
      if (previous !== undefined) process.env.SMI_PUBLIC_URL = previous;
    }
    expect(lines).toHaveLength(4);
    expect(lines.every((line) => line.startsWith('warn [sell-my-images] '))).toBe(true);
  });

  test('with SMI_STORAGE=s3 the bucket check is one of the facts', async () => {
    const { strapi, lines } = fakeStrapi({
      'server.url': 'https://shop.example',
      'server.cron.enabled': true,
      'plugin::email': { provider: 'nodemailer' },
    });
    await mkdir(temp('bucket-work'), { recursive: true });
    const setup = createSetup(strapi, {
      settings: settings('sk_test_x'),
      storageDir: () => temp('bucket-work'),
      probeObjectStorage: async () => ({
        bucket: 'shop-files',
        unreachable: 'NoSuchBucket, HTTP 404',
        publicAccess: null,
      }),
    });
    await withoutPublicUrlEnv(() => setup.logChecks());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^warn \[sell-my-images\] the bucket shop-files cannot be used/);
  });

  test('a configured site logs nothing', async () => {
    const { strapi, lines } = fakeStrapi({
      'server.url': 'https://shop.example',
      'server.cron.enabled': true,
      'plugin::email': { provider: 'nodemailer' },
    });
    await mkdir(temp('ok'), { recursive: true });
    const setup = createSetup(strapi, {
      settings: settings('sk_test_x'),
      storageDir: () => temp('ok'),
    });
    await withoutPublicUrlEnv(() => setup.logChecks());
    expect(lines).toEqual([]);
  });
});

describe('owner notices', () => {
  function notices(options: Parameters<typeof createOwnerNotices>[1] = {}) {
    const lines: string[] = [];
    const strapi = { log: { warn: (line: string) => lines.push(line) } } as never;
    return { notices: createOwnerNotices(strapi, options), lines };
  }

  test('a refused return origin is logged once while it is remembered, naming the setting', () => {
    const { notices: owner, lines } = notices({ rememberedOrigins: 2 });
    owner.refusedReturnOrigin('https://shop.example');
    owner.refusedReturnOrigin('https://shop.example');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('https://shop.example');
    expect(lines[0]).toContain('Settings → Sell My Images → Allowed return origins');
    owner.refusedReturnOrigin('https://b.example');
    owner.refusedReturnOrigin('https://c.example');
    // The first origin fell out of the bounded memory: logged again.
    owner.refusedReturnOrigin('https://shop.example');
    expect(lines).toHaveLength(4);
  });

  test('a missing setting is logged once per period and per upscaler, naming what to set', () => {
    let now = 0;
    const { notices: owner, lines } = notices({ periodMs: 1000, now: () => now });
    owner.refusedForMissingSetting('stripe_key');
    owner.refusedForMissingSetting('stripe_key');
    owner.refusedForMissingSetting('upscaler', 'upsampler');
    owner.refusedForMissingSetting('upscaler', 'local-ai');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('SMI_STRIPE_SECRET_KEY');
    expect(lines[1]).toContain('SMI_UPSAMPLER_API_KEY');
    expect(lines[2]).toContain('Local AI upscaler');
    now = 999;
    owner.refusedForMissingSetting('stripe_key');
    expect(lines).toHaveLength(3);
    now = 1000;
    owner.refusedForMissingSetting('stripe_key');
    expect(lines).toHaveLength(4);
  });
});
