import { deriveKey, encryptSecret } from '../../server/src/settings/secret-box';
import { createTestDatabase } from './helpers/databases';
import { Playground } from './helpers/playground';
import { buy, openShop, type Shop } from './helpers/shop';
import { until } from './helpers/wait';

/**
 * Rotating SMI_ENCRYPTION_KEY (README "Key rotation"): a new first key is added in front
 * of the old one and Strapi restarted. Links e-mailed before the restart still download,
 * the status page still shows them, and the secrets stored before (including the former
 * `v1` boxes without a key id) are still read, then re-encrypted with the new key.
 */
const OLD = 'old-key-0123456789abcdefghijklmnopqrstuv';
const NEW = 'new-key-vutsrqponmlkjihgfedcba9876543210';
const SECRET = 'upsampler-key-kept-across-rotation-4242';

describe(`key rotation (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;

  beforeAll(async () => {
    // The Upsampler key is stored in the settings here (encrypted), not taken from the environment.
    shop = await openShop('key-rotation', {
      SMI_ENCRYPTION_KEY: OLD,
      SMI_UPSAMPLER_API_KEY: undefined,
    });
  });
  afterAll(async () => shop?.close());

  const status = async (jobId: string, sessionId: string) =>
    (await shop.api(`/jobs/${jobId}?session=${sessionId}`)).json();
  const storedSecret = async () =>
    (await shop.db('smi_settings').first()).upsampler_api_key as string;
  const maskedSecret = async () =>
    (await (await shop.adminApi('/settings')).json()).data.settings.upsamplerApiKey;

  async function restartWith(encryptionKey: string): Promise<void> {
    await shop.app.stop();
    shop.app.options.env = { ...shop.app.options.env, SMI_ENCRYPTION_KEY: encryptionKey };
    await shop.app.boot();
  }

  it('keeps old links, the status page and stored secrets working after a new first key is added', async () => {
    const put = await shop.adminApi('/settings', {
      method: 'PUT',
      json: { upsamplerApiKey: SECRET },
    });
    expect(put.status).toBe(200);
    expect(await storedSecret()).toMatch(/^v2:default:/);

    const { jobId, sessionId } = await buy(shop, {
      fileId: shop.images.small.documentId,
      resolution: '4x',
      email: 'rotation@example.test',
    });
    const before = await until(
      () => status(jobId, sessionId),
      (answer) => answer.status === 'completed' && Boolean(answer.downloadUrl),
      60_000,
    );
    const link = before.downloadUrl as string;
    expect((await fetch(link, { method: 'HEAD' })).status).toBe(200);

    await restartWith(`k2:${NEW},k1:${OLD}`);

    // the link e-mailed before the restart still downloads, and the page shows the same one
    const download = await fetch(link);
    expect(download.status).toBe(200);
    expect((await download.arrayBuffer()).byteLength).toBeGreaterThan(0);
    expect((await status(jobId, sessionId)).downloadUrl).toBe(link);
    // the stored secret is still read, and was re-encrypted with the new first key
    expect(await maskedSecret()).toBe(`••••••••${SECRET.slice(-4)}`);
    expect(await storedSecret()).toMatch(/^v2:k2:/);
    expect(shop.app.logs).not.toMatch(/cannot be decrypted/);

    // a link issued now works too
    const next = await buy(shop, {
      fileId: shop.images.medium.documentId,
      resolution: '4x',
      email: 'after-rotation@example.test',
    });
    const fresh = await until(
      () => status(next.jobId, next.sessionId),
      (answer) => answer.status === 'completed' && Boolean(answer.downloadUrl),
      60_000,
    );
    expect(fresh.downloadUrl).not.toBe(link);
    expect((await fetch(fresh.downloadUrl, { method: 'HEAD' })).status).toBe(200);
  });

  it('reads a secret stored by the former version (a v1 box without key id)', async () => {
    // what the plugin wrote before key ids: v1, with the key derived from the old secret
    const former = encryptSecret(SECRET, deriveKey(`sell-my-images:settings-secrets:${OLD}`));
    expect(former).toMatch(/^v1:/);
    await shop.db('smi_settings').update({ upsampler_api_key: former });
    await restartWith(`k3:${NEW}3,k2:${NEW},k1:${OLD}`);
    expect(await maskedSecret()).toBe(`••••••••${SECRET.slice(-4)}`);
    expect(await storedSecret()).toMatch(/^v2:k3:/);
  });

  it('refuses to start in production without SMI_ENCRYPTION_KEY, naming it', async () => {
    const database = await createTestDatabase('prod-without-key');
    try {
      const start = Playground.start({
        label: 'prod-without-key',
        database,
        env: { NODE_ENV: 'production', SMI_ENCRYPTION_KEY: undefined },
      });
      await expect(start).rejects.toThrow(/SMI_ENCRYPTION_KEY is required in production/);
    } finally {
      await database.drop();
    }
  });
});
