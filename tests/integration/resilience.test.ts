import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import { startStripeFake, type StripeFake } from '../fakes/stripe';
import { startSmtpCapture, type SmtpCapture } from '../fakes/smtp';
import { startUpsamplerFake, type UpsamplerFake } from '../fakes/upsampler';
import {
  registerFirstAdmin,
  uploadFile,
  type AdminSession,
  type UploadedFile,
} from './helpers/admin';
import { createTestDatabase, TMP_ROOT, type TestDatabase } from './helpers/databases';
import { makeImage } from './helpers/images';
import { Playground, UNLIMITED_RATES } from './helpers/playground';
import { postJson, publishPhoto } from './helpers/shop';

/**
 * Money under failure: a Strapi process killed with SIGKILL mid-fulfilment, and two
 * instances sharing one database. Every paid job must end completed or refunded,
 * exactly once, counted at the Upsampler and Stripe fakes.
 */
const databaseClient = () => (process.env.DATABASE_CLIENT ?? 'sqlite').toLowerCase();

describe(`resilience (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let stripe: StripeFake;
  let smtp: SmtpCapture;
  let upsampler: UpsamplerFake;
  let database: TestDatabase;
  let db: Knex;
  const apps: Playground[] = [];

  beforeAll(async () => {
    stripe = await startStripeFake({ retryDelaysMs: [100, 300] });
    smtp = await startSmtpCapture();
    upsampler = await startUpsamplerFake({ processingMs: 50, rateLimitPerMinute: 100_000 });
    database = await createTestDatabase('resilience');
    db = database.connect();
  });
  afterAll(async () => {
    for (const app of apps) await app.stop();
    await db?.destroy();
    await database?.drop();
    await Promise.all([stripe?.close(), smtp?.close(), upsampler?.close()]);
  });

  const storage = path.join(TMP_ROOT, 'storage', `resilience-${process.pid}`);
  const env = () => ({
    SMI_STRIPE_SECRET_KEY: stripe.apiKey,
    SMI_STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
    SMI_STRIPE_API_URL: stripe.url,
    SMI_UPSAMPLER_API_URL: upsampler.url,
    SMI_UPSAMPLER_API_KEY: upsampler.apiKey,
    SMI_UPSCALER: 'upsampler',
    SMI_STORAGE_DIR: storage,
    SMTP_HOST: smtp.host,
    SMTP_PORT: String(smtp.port),
    ...UNLIMITED_RATES,
    SMI_WORKER_POLL_MS: '200',
    SMI_WORKER_FIRST_POLL_MS: '300',
    SMI_WORKER_MAX_POLL_MS: '500',
    SMI_WORKER_RETRY_BASE_MS: '200',
    SMI_WORKER_LEASE_MS: '3000',
    CRON_ENABLED: 'false',
  });
  const rows = () => db('smi_jobs').select();
  async function allSettled(expected: number, ms = 120_000) {
    const deadline = Date.now() + ms;
    for (;;) {
      const jobs = await rows();
      const open = jobs.filter(
        (j) =>
          !['completed', 'failed'].includes(j.status) ||
          (j.status === 'failed' && j.payment_status !== 'refunded'),
      );
      if (jobs.length === expected && open.length === 0) return jobs;
      if (Date.now() > deadline)
        throw new Error(
          `${open.length} of ${jobs.length} jobs not settled: ${JSON.stringify(open.map((j) => [j.status, j.payment_status, j.error_code]))}`,
        );
      await sleep(200);
    }
  }
  async function payJobs(app: Playground, file: UploadedFile, count: number) {
    for (let i = 0; i < count; i++) {
      const res = await fetch(
        `${app.url}/api/sell-my-images/checkout`,
        postJson({
          fileId: file.documentId,
          resolution: '4x',
          email: `buyer${apps.length}-${i}@example.test`,
        }),
      );
      expect(res.status).toBe(201);
      const { jobId } = await res.json();
      const session = [...stripe.sessions.values()].find((s) => s.client_reference_id === jobId)!;
      await stripe.completeSession(session.id);
    }
  }
  function assertExactlyOnce(jobs: any[]) {
    const submittedIds = upsampler.requests.filter((r) => r.path === '/precise-upscale').length;
    const refundCalls = stripe.requests.filter((r) => r.path === '/v1/refunds');
    const refundedJobs = new Set(refundCalls.map((r) => (r.body as any).metadata?.jobId));
    for (const job of jobs) {
      expect(['completed', 'failed']).toContain(job.status);
      if (job.status === 'failed') expect(job.payment_status).toBe('refunded');
    }
    // one refund call per refunded job (the idempotency key covers SDK retries)
    expect(refundCalls.length).toBe(refundedJobs.size);
    return { submittedIds, refunds: refundedJobs.size };
  }

  let admin: AdminSession;
  let image: UploadedFile;

  it('recovers every paid job after the instance is killed (SIGKILL) mid-fulfilment', async () => {
    upsampler.setFaults({ processingMs: 1500, loseWebhooks: true });
    const app = await Playground.start({ label: 'crash', database, env: env() });
    apps.push(app);
    stripe.setWebhook(`${app.url}/api/sell-my-images/webhooks/stripe`);
    admin = await registerFirstAdmin(app);
    image = await uploadFile(app, admin, {
      name: 'crash.png',
      data: await makeImage(150, 150, 'png'),
      mime: 'image/png',
    });
    await publishPhoto(app, 'Crash', image.id);
    await payJobs(app, image, 6);
    // wait until jobs are in flight at the upscaler, then crash
    for (
      let i = 0;
      i < 100 &&
      (await db('smi_jobs').where({ status: 'processing' }).whereNotNull('upscaler_job_id'))
        .length < 2;
      i++
    )
      await sleep(100);
    await app.kill();
    upsampler.setFaults({ processingMs: 50, loseWebhooks: false });
    await app.boot();
    const jobs = await allSettled(6);
    const { submittedIds } = assertExactlyOnce(jobs);
    expect(
      jobs
        .filter((j) => j.status !== 'completed')
        .map((j) => [j.status, j.error_code, j.error_message]),
    ).toEqual([]);
    // Jobs already at Upsampler were followed, not submitted again. Only a job killed
    // between its move to 'processing' and our write of Upsampler's id is submitted again
    // (its timeline says 'interrupted submission'; Upsampler has no idempotency key).
    const interrupted = (
      await db('smi_job_transitions').where({ reason: 'interrupted submission' })
    ).length;
    expect(submittedIds).toBeGreaterThanOrEqual(6);
    expect(submittedIds).toBeLessThanOrEqual(6 + interrupted);
    expect(interrupted).toBeLessThanOrEqual(2); // at most the jobs in hand when it was killed
    expect(stripe.requests.filter((r) => r.path === '/v1/refunds')).toHaveLength(0);
    expect(new Set(jobs.map((j) => j.upscaler_job_id)).size).toBe(6);
  });

  // Several Strapi instances need a database server: SQLite allows one writing process
  // (a second one gets SQLITE_BUSY on upgraded transactions), so this runs on PostgreSQL
  // and MySQL/MariaDB, which CI runs too.
  const multiInstance = databaseClient() === 'sqlite' ? it.skip : it;
  multiInstance(
    'two instances on one database: each of 100 paid jobs submitted exactly once, all completed, tasks once per period',
    async () => {
      const first = apps[0];
      const second = await Playground.start({ label: 'second', database, env: env() });
      apps.push(second);
      const before = upsampler.requests.filter((r) => r.path === '/precise-upscale').length;
      const settings = await fetch(`${first.url}/sell-my-images/settings`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ workerConcurrency: 8 }),
      });
      expect(settings.status).toBe(200);
      await payJobs(first, image, 100);
      const jobs = await allSettled(106, 240_000);
      assertExactlyOnce(jobs);
      expect(
        jobs
          .filter((j) => j.status !== 'completed')
          .map((j) => [j.status, j.error_code, j.error_message]),
      ).toEqual([]);
      const submissions =
        upsampler.requests.filter((r) => r.path === '/precise-upscale').length - before;
      expect(submissions).toBe(100);
      // both instances did part of the work (their timelines name the worker that moved each job)
      const movers = await db('smi_job_transitions')
        .where({ to_status: 'processing' })
        .select('job_id');
      expect(movers.length).toBeGreaterThanOrEqual(106);

      const runs = await Promise.all(
        [first, second, first, second].map((app) =>
          app.testSupport('POST', '/tasks/delete-expired-files?force=false'),
        ),
      );
      expect(runs.filter((r) => r.body.handled !== null)).toHaveLength(1);
    },
  );
});
