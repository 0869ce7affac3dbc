import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { buy, jobRow, openShop, postJson, type Shop } from './helpers/shop';
import { until } from './helpers/wait';

/**
 * Fulfilment through Upsampler (its protocol-faithful fake): one submission per job,
 * the callback as a hint confirmed by GET /status, polling when the callback is lost,
 * and every failure ending in exactly one refund and one failure e-mail.
 */
describe(`fulfilment with Upsampler (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await openShop('upsampler', { SMI_UPSCALER: 'upsampler', SMI_WORKER_MAX_ATTEMPTS: '2' });
  });
  afterAll(async () => shop?.close());
  afterEach(() => shop.upsampler.resetFaults());

  const job = (jobId: string) => jobRow(shop, jobId);
  const settled = (jobId: string) =>
    until(
      () => job(jobId),
      (row) => row.status === 'completed' || row.status === 'failed',
    );
  const refunded = (jobId: string) =>
    until(
      () => job(jobId),
      (row) => row.payment_status === 'refunded',
      30_000,
    );
  const refundsFor = (pi: string) =>
    shop.stripe.requests.filter(
      (r) =>
        r.method === 'POST' && r.path === '/v1/refunds' && (r.body as any).payment_intent === pi,
    );

  /** A paid 4x job of small.png: its id. */
  const paidJob = async (email: string) =>
    (await buy(shop, { fileId: shop.images.small.documentId, resolution: '4x', email })).jobId;

  /** A paid job that Upsampler works on for `processingMs`, its callbacks lost: only polls see it end. */
  const processingAtUpsampler = async (email: string, processingMs: number) => {
    shop.upsampler.setFaults({ processingMs, loseWebhooks: true });
    const jobId = await paidJob(email);
    await until(
      () => job(jobId),
      (r) => r.status === 'processing' && Boolean(r.upscaler_job_id),
    );
    return jobId;
  };

  it('submits once, confirms the callback by status, validates and delivers', async () => {
    const before = shop.upsampler.submissions;
    const jobId = await paidJob('cloud@example.test');
    const row = await settled(jobId);
    expect(row).toMatchObject({ status: 'completed', upscaler: 'upsampler' });
    expect(shop.upsampler.submissions).toBe(before + 1);
    const submit = shop.upsampler.requests.filter((r) => r.path === '/precise-upscale').pop()!;
    expect(submit.body).toMatchObject({ input: { inputImageType: 'universal', upscaleFactor: 4 } });
    expect((submit.body as any).webhook).toMatch(
      /\/api\/sell-my-images\/webhooks\/upsampler\?job=.+&sig=.+/,
    );
    expect(
      shop.upsampler.webhookDeliveries.some(
        (d) => d.jobId === row.upscaler_job_id && d.responseStatus === 200,
      ),
    ).toBe(true);
    expect(shop.upsampler.requests.some((r) => r.path === `/status/${row.upscaler_job_id}`)).toBe(
      true,
    );
    const mail = await shop.smtp.waitForMessage((m) => m.to.includes('cloud@example.test'), 15_000);
    expect(mail.text).not.toContain('non-AI');
    const link = /(http:\/\/\S+\/downloads\/[A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1];
    const meta = await sharp(Buffer.from(await (await fetch(link)).arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([2000, 2000]);
  });

  it('completes by polling when the callback is lost', async () => {
    shop.upsampler.setFaults({ loseWebhooks: true });
    const jobId = await paidJob('polling@example.test');
    expect((await settled(jobId)).status).toBe('completed');
    const row = await job(jobId);
    expect(shop.upsampler.webhookDeliveries.some((d) => d.jobId === row.upscaler_job_id)).toBe(
      false,
    );
  });

  it('retries a 5xx and honours 429 Retry-After, then succeeds', async () => {
    shop.upsampler.setFaults({ serverErrors: 1 });
    const first = await paidJob('retry@example.test');
    expect((await settled(first)).status).toBe('completed');
    shop.upsampler.setFaults({ rateLimited: { count: 1, retryAfterSeconds: 1 } });
    const started = Date.now();
    const second = await paidJob('ratelimit@example.test');
    expect((await settled(second)).status).toBe('completed');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('refunds exactly once and e-mails the customer when Upsampler reports FAILED', async () => {
    shop.upsampler.setFaults({ failJobs: true });
    const jobId = await paidJob('failed@example.test');
    const row = await refunded(jobId);
    expect(row).toMatchObject({
      status: 'failed',
      error_code: 'upscale_failed',
      payment_status: 'refunded',
    });
    expect(row.stripe_refund_id).toMatch(/^re_/);
    expect(Number(row.attempts)).toBe(2); // a provider failure is retried once before the refund
    const mail = await shop.smtp.waitForMessage(
      (m) => m.to.includes('failed@example.test'),
      15_000,
    );
    expect(mail.subject).toContain('refunded');
    await sleep(1000);
    expect(refundsFor(row.stripe_payment_intent_id)).toHaveLength(1);
    expect(refundsFor(row.stripe_payment_intent_id)[0].idempotencyKey).toBe(`refund-${jobId}`);
    expect(shop.smtp.messages.filter((m) => m.to.includes('failed@example.test'))).toHaveLength(1);
  });

  it.each([
    ['corrupt', { corruptResult: true }, 'result_corrupt'],
    ['wrongly sized', { wrongSize: true }, 'result_wrong_size'],
  ])('detects a %s result, never delivers it, and refunds once', async (_name, faults, code) => {
    shop.upsampler.setFaults(faults);
    const jobId = await paidJob(`bad-${code}@example.test`);
    const row = await refunded(jobId);
    expect(row).toMatchObject({
      status: 'failed',
      error_code: code,
      download_token_hash: null,
      stored_file_key: null,
    });
    expect(refundsFor(row.stripe_payment_intent_id)).toHaveLength(1);
    const mails = shop.smtp.messages.filter((m) => m.to.includes(`bad-${code}@example.test`));
    expect(mails.every((m) => !/downloads\//.test(m.text ?? ''))).toBe(true);
  });

  it('fails a job stuck past the processing timeout and refunds it once', async () => {
    const jobId = await processingAtUpsampler('slow@example.test', 60_000);
    // 20 minutes pass (the timeout is 15): the next poll must give up
    const past = new Date(Date.now() - 20 * 60_000);
    await shop
      .db('smi_jobs')
      .where({ job_id: jobId })
      .update({
        processing_started_at: shop.app.database.client === 'sqlite' ? past.getTime() : past,
      });
    const row = await refunded(jobId);
    expect(row).toMatchObject({ status: 'failed', error_code: 'timeout' });
    expect(refundsFor(row.stripe_payment_intent_id)).toHaveLength(1);
  });

  it('ignores forged callbacks: wrong HMAC, or a right one while the status says otherwise', async () => {
    const jobId = await processingAtUpsampler('forged@example.test', 1500);
    const forged = await shop.api(
      `/webhooks/upsampler?job=${jobId}&sig=forged`,
      postJson({ id: 'x', status: 'SUCCESS', imageUrl: 'http://127.0.0.1:1/evil.png' }),
    );
    expect(forged.status).toBe(403);
    const submit = shop.upsampler.requests.filter((r) => r.path === '/precise-upscale').pop()!;
    const genuineUrl = (submit.body as any).webhook as string;
    const path = genuineUrl.slice(
      genuineUrl.indexOf('/api/sell-my-images') + '/api/sell-my-images'.length,
    );
    const lie = await shop.api(
      path,
      postJson({ id: 'x', status: 'SUCCESS', imageUrl: 'http://127.0.0.1:1/evil.png' }),
    );
    expect(lie.status).toBe(200);
    // the hint only makes the worker ask Upsampler, which still says IN_PROGRESS
    await sleep(300);
    expect((await job(jobId)).status).toBe('processing');
    expect((await settled(jobId)).status).toBe('completed');
  });
});
