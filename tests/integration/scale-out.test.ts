import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Knex } from 'knex';
import { startStripeFake, type StripeFake } from '../fakes/stripe';
import { startSmtpCapture, type SmtpCapture } from '../fakes/smtp';
import { startUpsamplerFake, type UpsamplerFake } from '../fakes/upsampler';
import { registerFirstAdmin, type AdminSession, type UploadedFile } from './helpers/admin';
import { createTestDatabase, TMP_ROOT, type TestDatabase } from './helpers/databases';
import { Playground, UNLIMITED_RATES } from './helpers/playground';
import { postJson, publishPhoto, uploadPng } from './helpers/shop';
import { until } from './helpers/wait';

/**
 * Several instances on one database (README "Several instances"): a web instance
 * (SMI_WORKER=off) takes the checkout and the webhook, a worker instance fulfils the job;
 * the rate limits are one budget across both; a setting or sale rule saved on one is in
 * effect on the other within 2 s. Run with the database store and, when Redis answers on
 * 127.0.0.1:6379, with REDIS_URL (a key prefix of its own per run).
 */
const databaseClient = () => (process.env.DATABASE_CLIENT ?? 'sqlite').toLowerCase();
const REDIS_URL = process.env.SMI_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CHECKOUT_LIMIT = 10;

async function redisAnswers(): Promise<boolean> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

// Several Strapi instances need a database server: SQLite allows one writing process,
// and several instances on one SQLite file is not a supported deployment (README
// "Several instances"). This suite runs on PostgreSQL and MySQL/MariaDB.
const suite = databaseClient() === 'sqlite' ? describe.skip : describe;

suite.each([['database'], ['redis']])(
  `two instances, rate limits in the %s (${process.env.DATABASE_CLIENT ?? 'sqlite'})`,
  (store) => {
    let stripe: StripeFake;
    let smtp: SmtpCapture;
    let upsampler: UpsamplerFake;
    let database: TestDatabase;
    let db: Knex;
    let web: Playground;
    let worker: Playground;
    let admin: AdminSession;
    let image: UploadedFile;
    let redisPrefix = '';
    let skipped = false;

    const env = (role: 'on' | 'off') => ({
      SMI_WORKER: role,
      SMI_STRIPE_SECRET_KEY: stripe.apiKey,
      SMI_STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
      SMI_STRIPE_API_URL: stripe.url,
      SMI_UPSAMPLER_API_URL: upsampler.url,
      SMI_UPSAMPLER_API_KEY: upsampler.apiKey,
      SMI_UPSCALER: 'upsampler',
      SMI_STORAGE_DIR: path.join(TMP_ROOT, 'storage', `scale-out-${store}-${process.pid}`),
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      ...UNLIMITED_RATES,
      SMI_RATE_LIMIT_CHECKOUT: String(CHECKOUT_LIMIT),
      // Both instances stand behind one proxy that appends the visitor's address.
      PROXY_KOA: 'true',
      PROXY_MAX_IPS_COUNT: '1',
      SMI_WORKER_POLL_MS: '200',
      SMI_WORKER_FIRST_POLL_MS: '300',
      SMI_WORKER_MAX_POLL_MS: '500',
      SMI_WORKER_RETRY_BASE_MS: '200',
      SMI_WORKER_LEASE_MS: '5000',
      CRON_ENABLED: 'false',
      ...(store === 'redis' ? { REDIS_URL, SMI_REDIS_PREFIX: redisPrefix } : {}),
    });

    beforeAll(async () => {
      if (store === 'redis' && !(await redisAnswers())) {
        skipped = true;
        console.warn(`scale-out: no Redis at ${REDIS_URL}, the Redis variant is skipped`);
        return;
      }
      redisPrefix = `smi-test-${randomBytes(6).toString('hex')}:`;
      stripe = await startStripeFake({ retryDelaysMs: [100, 300] });
      smtp = await startSmtpCapture();
      upsampler = await startUpsamplerFake({ processingMs: 50, rateLimitPerMinute: 100_000 });
      database = await createTestDatabase(`scale-out-${store}`);
      db = database.connect();
      // One after the other: the first boot creates the schema.
      web = await Playground.start({ label: `scale-web-${store}`, database, env: env('off') });
      worker = await Playground.start({ label: `scale-worker-${store}`, database, env: env('on') });
      // Stripe's webhook reaches the web instance, as the load balancer would send it.
      stripe.setWebhook(web.pluginUrl('/webhooks/stripe'));
      admin = await registerFirstAdmin(web);
      image = await uploadPng({ app: web, admin }, 'scaled.png', 400, 300);
      await publishPhoto(web, 'Scaled', image.id);
    });
    afterAll(async () => {
      await web?.stop();
      await worker?.stop();
      await db?.destroy();
      await database?.drop();
      await Promise.all([stripe?.close(), smtp?.close(), upsampler?.close()]);
      if (store === 'redis' && !skipped) {
        const client = new Redis(REDIS_URL);
        const keys = await client.keys(`${redisPrefix}*`);
        if (keys.length) await client.del(...keys);
        client.disconnect();
      }
    });

    /** Runs a test only when the variant's services are there (Redis may be absent). */
    const test = (name: string, body: () => Promise<void>) =>
      it(name, async () => {
        if (!skipped) await body();
      });

    const via = (address: string, init: RequestInit): RequestInit => ({
      ...init,
      headers: { ...(init.headers as Record<string, string>), 'x-forwarded-for': address },
    });
    const checkout = (app: Playground, address: string, email: string) =>
      fetch(
        app.pluginUrl('/checkout'),
        via(address, postJson({ fileId: image.documentId, resolution: '4x', email })),
      );
    const workerState = async (app: Playground) =>
      (await app.testSupport('GET', '/worker')).body as {
        claimed: number;
        rateLimitStore: string;
      };
    const saveSettings = (app: Playground, body: unknown) =>
      fetch(`${app.url}/sell-my-images/settings`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    test('counts rate limits in the shared store on both instances', async () => {
      const expected = store === 'redis' ? 'redis' : databaseClient();
      expect((await workerState(web)).rateLimitStore).toBe(expected);
      expect((await workerState(worker)).rateLimitStore).toBe(expected);
      expect(web.logs).toMatch(/SMI_WORKER=off: this instance never claims jobs/);
      expect(web.logs).toMatch(/jobs claimed with skip-locked/);
    });

    test('a purchase through the web instance is fulfilled by the worker instance', async () => {
      const res = await checkout(web, '198.51.100.200', 'buyer@example.test');
      expect(res.status).toBe(201);
      const { jobId } = await res.json();
      const session = [...stripe.sessions.values()].find((s) => s.client_reference_id === jobId)!;
      await stripe.completeSession(session.id);
      const job = await until(
        async () => db('smi_jobs').where({ job_id: jobId }).first(),
        (row) => row?.status === 'completed',
        60_000,
      );
      expect(job.status).toBe('completed');
      expect((await workerState(worker)).claimed).toBeGreaterThan(0);
      expect((await workerState(web)).claimed).toBe(0);
      // the download link was mailed and works from either instance
      const status = await fetch(web.pluginUrl(`/jobs/${jobId}?session=${session.id}`));
      const { downloadUrl } = await status.json();
      expect(downloadUrl).toEqual(expect.any(String));
      const token = new URL(downloadUrl).pathname.split('/').pop();
      const download = await fetch(worker.pluginUrl(`/downloads/${token}`), { method: 'HEAD' });
      expect(download.status).toBe(200);
    });

    test('the 11th checkout from one address in a minute is refused on both instances', async () => {
      const address = '198.51.100.201';
      const answers: number[] = [];
      for (let i = 0; i < CHECKOUT_LIMIT; i++) {
        const app = i % 2 === 0 ? web : worker;
        answers.push((await checkout(app, address, `buyer${i}@example.test`)).status);
      }
      expect(answers).toEqual(Array(CHECKOUT_LIMIT).fill(201));
      for (const app of [web, worker]) {
        const refused = await checkout(app, address, 'late@example.test');
        expect(refused.status).toBe(429);
        expect(refused.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      }
      // another visitor still buys, on either instance
      expect((await checkout(worker, '198.51.100.202', 'other@example.test')).status).toBe(201);
      expect((await checkout(web, '198.51.100.203', 'other@example.test')).status).toBe(201);
    });

    test('stores no address or e-mail with the rate limits', async () => {
      if (store === 'redis') {
        const client = new Redis(REDIS_URL);
        const keys = await client.keys(`${redisPrefix}*`);
        client.disconnect();
        expect(keys.length).toBeGreaterThan(0);
        expect(keys.join()).not.toMatch(/198\.51|example/);
      } else {
        const keys = (await db('smi_rate_limits').select('key')).map((row) => row.key as string);
        expect(keys.length).toBeGreaterThan(0);
        expect(keys.join()).not.toMatch(/198\.51|example/);
        expect(keys[0]).toMatch(/^smi-[a-zA-Z]+:[0-9a-f]{64}$/);
      }
    });

    test('a setting or sale rule saved on one instance is in effect on the other within 2 s', async () => {
      const price = async (app: Playground) => {
        const res = await fetch(app.pluginUrl(`/prices?fileId=${image.documentId}`));
        if (res.status !== 200) return res.status;
        const body = await res.json();
        return body.options.find((o: { resolution: string }) => o.resolution === '4x').amount;
      };
      const before = await price(worker);
      expect(before).toEqual(expect.any(Number));
      // the image is small: it sells at the minimum price
      expect((await saveSettings(web, { minimumPrice: before + 100 })).status).toBe(200);
      const after = await until(
        () => price(worker),
        (amount) => amount !== before,
        2_000,
      );
      expect(after).toBe(before + 100);

      // a sale rule switched off on the worker instance stops sales on the web instance
      expect(await price(web)).toBe(after);
      const off = await fetch(`${worker.url}/sell-my-images/media/sale`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ fileIds: [image.id], forSale: false }),
      });
      expect(off.status).toBe(200);
      expect(
        await until(
          () => price(web),
          (answer) => answer === 404,
          2_000,
        ),
      ).toBe(404);
    });
  },
);
