import { randomBytes } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Redis } from 'ioredis';
import type { Knex } from 'knex';
import { S3_FAKE_CREDENTIALS, startS3Fake, type S3Fake } from '../fakes/s3';
import { startStripeFake, type StripeFake } from '../fakes/stripe';
import { startSmtpCapture, type SmtpCapture } from '../fakes/smtp';
import { startUpsamplerFake, type UpsamplerFake } from '../fakes/upsampler';
import { registerFirstAdmin, type AdminSession, type UploadedFile } from './helpers/admin';
import { createTestDatabase, type TestDatabase } from './helpers/databases';
import { Playground, UNLIMITED_RATES } from './helpers/playground';
import { startReverseProxy, TEST_CLIENT_HEADER, type ReverseProxy } from './helpers/reverse-proxy';
import { expireDownload, postJson, publishPhoto, uploadPng } from './helpers/shop';
import { until } from './helpers/wait';

/**
 * Several instances on one database (README "Several instances"), files in a bucket
 * (README "Object storage"): a web instance (SMI_WORKER=off) behind a loopback reverse
 * proxy that appends the visitor's address to X-Forwarded-For (README "Behind nginx") takes
 * the checkout and Stripe's webhook, a worker instance fulfils the job into the bucket; the
 * e-mailed link answers through the proxy with a 302 to a presigned URL serving exactly the
 * stored file (and its ranges), and on the worker too; housekeeping deletes the file once
 * expired; the rate limits are one budget across both; a setting or sale rule saved on one
 * is in effect on the other within 2 s. Both instances trust one proxy (maxIpsCount 1): the
 * web instance is reached through the proxy, the worker directly, the test then writing
 * the X-Forwarded-For a proxy would. Run with the database store and, when Redis answers
 * on 127.0.0.1:6379, with REDIS_URL (a key prefix of its own per run).
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
    let s3: S3Fake;
    let bucket: S3Client;
    let proxy: ReverseProxy;
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
      // Both instances serve the site's one address, the proxy's.
      SMI_PUBLIC_URL: proxy.url,
      SMI_STORAGE: 's3',
      SMI_S3_BUCKET: s3.bucket,
      SMI_S3_REGION: s3.region,
      SMI_S3_ENDPOINT: s3.url,
      SMI_S3_ACCESS_KEY_ID: S3_FAKE_CREDENTIALS.accessKeyId,
      SMI_S3_SECRET_ACCESS_KEY: S3_FAKE_CREDENTIALS.secretAccessKey,
      SMI_S3_FORCE_PATH_STYLE: 'true',
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
      s3 = await startS3Fake({ bucket: `smi-scale-${randomBytes(4).toString('hex')}` });
      bucket = s3.client();
      proxy = await startReverseProxy();
      database = await createTestDatabase(`scale-out-${store}`);
      db = database.connect();
      // One after the other: the first boot creates the schema.
      web = await Playground.start({ label: `scale-web-${store}`, database, env: env('off') });
      proxy.target = web.url;
      worker = await Playground.start({ label: `scale-worker-${store}`, database, env: env('on') });
      // Stripe's webhook reaches the web instance through the proxy, as it would in production.
      stripe.setWebhook(site('/webhooks/stripe'));
      admin = await registerFirstAdmin(web);
      image = await uploadPng({ app: web, admin }, 'scaled.png', 400, 300);
      await publishPhoto(web, 'Scaled', image.id);
    });
    afterAll(async () => {
      await web?.stop();
      await worker?.stop();
      await db?.destroy();
      await database?.drop();
      await Promise.all([stripe?.close(), smtp?.close(), upsampler?.close(), proxy?.close()]);
      bucket?.destroy();
      await s3?.close();
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

    /** A public route of the site, through the proxy (to the web instance). */
    const site = (route: string) => `${proxy.url}${web.apiPrefix}/sell-my-images${route}`;
    /**
     * A request from the visitor at `address`: to the web instance through the proxy, which
     * appends the address; to the worker directly, with the X-Forwarded-For a proxy sends.
     */
    const fromVisitor = (app: Playground, address: string, init: RequestInit, route: string) => {
      const headers = new Headers(init.headers);
      if (app === web) headers.set(TEST_CLIENT_HEADER, address);
      else headers.set('x-forwarded-for', address);
      return fetch(app === web ? site(route) : app.pluginUrl(route), { ...init, headers });
    };
    const checkout = (app: Playground, address: string, email: string) =>
      fromVisitor(
        app,
        address,
        postJson({ fileId: image.documentId, resolution: '4x', email }),
        '/checkout',
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

    const objectBytes = async (key: string) => {
      const object = await bucket.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
      return Buffer.from(await object.Body!.transformToByteArray());
    };
    let delivered: { jobId: string; link: string; key: string };

    test('a purchase through the proxy is fulfilled by the worker instance into the bucket', async () => {
      const email = 'buyer@example.test';
      const res = await checkout(web, '203.0.113.200', email);
      expect(res.status).toBe(201);
      const { jobId } = await res.json();
      const session = [...stripe.sessions.values()].find((s) => s.client_reference_id === jobId)!;
      // the webhook goes through the proxy, its signed body untouched
      const completed = await stripe.completeSession(session.id);
      expect(stripe.deliveries.filter((d) => d.eventId === completed.id)).toEqual([
        expect.objectContaining({ url: site('/webhooks/stripe'), statuses: [200] }),
      ]);
      const job = await until(
        async () => db('smi_jobs').where({ job_id: jobId }).first(),
        (row) => row?.status === 'completed',
        60_000,
      );
      expect(job.status).toBe('completed');
      expect((await workerState(worker)).claimed).toBeGreaterThan(0);
      expect((await workerState(web)).claimed).toBe(0);
      const key = job.stored_file_key as string;
      const head = await bucket.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }));
      expect(head.ContentLength).toBe(Number(job.stored_file_bytes));
      // the mailed link is the site's, the proxy's address
      const mail = await smtp.waitForMessage((m) => m.to.includes(email), 15_000);
      const link = /(http:\/\/\S+\/downloads\/[A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1];
      expect(link.startsWith(site('/downloads/'))).toBe(true);
      delivered = { jobId, link, key };
    });

    test('the link answers through the proxy with a 302 to the bucket, ranges too, and on the worker', async () => {
      const { link, key } = delivered;
      const stored = await objectBytes(key);
      const redirect = await fetch(link, { redirect: 'manual' });
      expect(redirect.status).toBe(302);
      const location = new URL(redirect.headers.get('location') as string);
      expect(`${location.origin}${location.pathname}`).toBe(`${s3.url}/${s3.bucket}/${key}`);
      expect(location.searchParams.get('X-Amz-Signature')).toEqual(expect.any(String));
      const file = await fetch(location);
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer()).equals(stored)).toBe(true);

      const ranged = await fetch(link, { headers: { range: 'bytes=10-99' } });
      expect(ranged.status).toBe(206);
      expect(ranged.headers.get('content-range')).toBe(`bytes 10-99/${stored.length}`);
      expect(Buffer.from(await ranged.arrayBuffer())).toEqual(stored.subarray(10, 100));

      // the same token on the worker instance, reached directly
      const token = new URL(link).pathname.split('/').pop();
      const direct = await fetch(worker.pluginUrl(`/downloads/${token}`), { redirect: 'manual' });
      expect(direct.status).toBe(302);
      const again = await fetch(direct.headers.get('location') as string);
      expect(Buffer.from(await again.arrayBuffer()).equals(stored)).toBe(true);
    });

    test('housekeeping deletes the file from the bucket once the link and the re-download window expired', async () => {
      const { jobId, link, key } = delivered;
      await expireDownload({ app: worker, db }, jobId, { paidDaysAgo: 400 });
      const run = await web.testSupport('POST', '/tasks/delete-expired-files');
      expect(run.body.handled).toBeGreaterThanOrEqual(1);
      const gone = await bucket
        .send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }))
        .then(() => false)
        .catch((error: { name: string }) => error.name === 'NotFound');
      expect(gone).toBe(true);
      expect((await fetch(link)).status).toBe(410);
      const token = new URL(link).pathname.split('/').pop();
      expect((await fetch(worker.pluginUrl(`/downloads/${token}`))).status).toBe(410);
    });

    test('the 11th checkout from one address in a minute is refused on both instances', async () => {
      const address = '203.0.113.201';
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
      // an X-Forwarded-For the visitor writes is kept to the left of the proxy's entry
      const forged = await fromVisitor(
        web,
        address,
        {
          ...postJson({ fileId: image.documentId, resolution: '4x', email: 'x@example.test' }),
          headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.55' },
        },
        '/checkout',
      );
      expect(forged.status).toBe(429);
      // another visitor still buys, on either instance
      expect((await checkout(worker, '203.0.113.202', 'other@example.test')).status).toBe(201);
      expect((await checkout(web, '203.0.113.203', 'other@example.test')).status).toBe(201);
    });

    test('stores no address or e-mail with the rate limits', async () => {
      if (store === 'redis') {
        const client = new Redis(REDIS_URL);
        const keys = await client.keys(`${redisPrefix}*`);
        client.disconnect();
        expect(keys.length).toBeGreaterThan(0);
        expect(keys.join()).not.toMatch(/203\.0\.113|example/);
      } else {
        const keys = (await db('smi_rate_limits').select('key')).map((row) => row.key as string);
        expect(keys.length).toBeGreaterThan(0);
        expect(keys.join()).not.toMatch(/203\.0\.113|example/);
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
