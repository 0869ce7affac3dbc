import { formatMoney } from '../../shared/currency';
import { buy, buySettled, jobRow, openShop, type Shop } from './helpers/shop';
import { until } from './helpers/wait';

/**
 * The status answer after Stripe says what was bought (docs/architecture.md "Security
 * model", README "After payment"): title, thumbnail, pixels, format and size, downloads
 * left, the masked address, an estimate from similar jobs, a failed job's refund — and
 * none of it without the Checkout Session id.
 */
describe(`job status receipt (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  let delivered: { jobId: string; sessionId: string; row: Record<string, unknown> };

  beforeAll(async () => {
    shop = await openShop('receipt', { SMI_WORKER_MAX_ATTEMPTS: '2' });
    await putSettings({ upscaler: 'sharp', maxDownloads: 3 });
    await shop
      .db('files')
      .where({ id: shop.images.small.id })
      .update({ alternative_text: 'A red square at dusk', caption: 'Caption' });
    delivered = await buySettled(shop, {
      fileId: shop.images.small.documentId,
      resolution: '4x',
      email: 'jane.doe@example.test',
    });
  });
  afterAll(async () => shop?.close());

  async function putSettings(json: Record<string, unknown>) {
    const res = await shop.adminApi('/settings', { method: 'PUT', json });
    expect(res.status).toBe(200);
  }
  const status = async (jobId: string, session?: string) => {
    const res = await shop.api(
      `/jobs/${jobId}${session === undefined ? '' : `?session=${session}`}`,
    );
    expect(res.status).toBe(200);
    return res.json();
  };
  const at = (date: Date) => (shop.app.database.client === 'sqlite' ? date.getTime() : date);

  it('tells the session holder what was bought: file, pixels, format, size, downloads left, masked e-mail', async () => {
    const { jobId, sessionId, row } = delivered;
    expect(row).toMatchObject({ status: 'completed', upscaler: 'sharp' });
    const answer = await status(jobId, sessionId);
    expect(answer).toMatchObject({
      status: 'completed',
      paymentStatus: 'paid',
      resolution: '4x',
      file: { title: 'A red square at dusk' },
      output: { width: 2000, height: 2000, format: 'png', bytes: Number(row.stored_file_bytes) },
      downloadsRemaining: 3,
      emailMasked: 'j•••@example.test',
    });
    expect(answer.downloadUrl).toMatch(/\/api\/sell-my-images\/downloads\/[\w-]{43}$/);
    expect(answer.estimateSeconds).toBeUndefined();
    expect(answer.refund).toBeUndefined();
    expect(answer.orderId).toBeUndefined();

    // the thumbnail is Strapi's small format, absolute, and served
    expect(answer.file.thumbnailUrl).toMatch(/^http:\/\/[^/]+\/uploads\/thumbnail_/);
    const thumbnail = await fetch(answer.file.thumbnailUrl);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toMatch(/^image\//);

    // the size is the file's, and a download is counted
    const file = await fetch(answer.downloadUrl);
    expect((await file.arrayBuffer()).byteLength).toBe(answer.output.bytes);
    expect((await status(jobId, sessionId)).downloadsRemaining).toBe(2);

    // never the full address or the job's private fields
    const text = JSON.stringify(answer);
    for (const secret of [
      'jane.doe',
      String(row.stripe_payment_intent_id),
      String(row.stored_file_key),
    ])
      expect(text).not.toContain(secret);

    // the title falls back to the caption (then the name); null downloads left when unlimited
    await shop
      .db('files')
      .where({ id: shop.images.medium.id })
      .update({ alternative_text: '  ', caption: 'Caption' });
    await putSettings({ maxDownloads: null });
    const second = await buySettled(shop, {
      fileId: shop.images.medium.documentId,
      resolution: '4x',
      email: 'Zoe@Example.test',
    });
    const later = await status(second.jobId, second.sessionId);
    expect(later).toMatchObject({ file: { title: 'Caption' }, downloadsRemaining: null });
    expect(later.output).toMatchObject({ width: 4000, height: 4000, format: 'png' });
    // stored lower-cased by checkout
    expect(later.emailMasked).toBe('z•••@example.test');
  });

  it('says nothing of it without the Checkout Session id, or with another one', async () => {
    const { jobId } = delivered;
    const other = await buySettled(shop, {
      fileId: shop.images.medium.documentId,
      resolution: '4x',
      email: 'other@example.test',
    });
    for (const session of [undefined, '', other.sessionId, 'cs_test_forged']) {
      const answer = await status(jobId, session);
      expect(Object.keys(answer).sort()).toEqual(
        ['createdAt', 'jobId', 'paymentStatus', 'resolution', 'status'].sort(),
      );
    }
  });

  it('estimates a paid job from the recent similar jobs of the same upscaler, and nothing without them', async () => {
    // Three delivered 4x jobs of small.png, each made in 120 s after waiting 10 s
    const done = await shop
      .db('smi_jobs')
      .where({ upscaler: 'sharp', resolution: '4x', status: 'completed', output_width: 2000 })
      .select('job_id', 'completed_at');
    expect(done.length).toBeGreaterThanOrEqual(1);
    for (let i = done.length; i < 3; i += 1)
      await buySettled(shop, {
        fileId: shop.images.small.documentId,
        resolution: '4x',
        email: `sample${i}@example.test`,
      });
    const now = Date.now();
    await shop
      .db('smi_jobs')
      .where({ upscaler: 'sharp', resolution: '4x', status: 'completed', output_width: 2000 })
      .update({
        paid_at: at(new Date(now - 130_000)),
        processing_started_at: at(new Date(now - 120_000)),
        completed_at: at(new Date(now)),
      });

    // A paid job, delivered, then put back in processing 20 s in, as another instance
    // holding its lease would have it (the lease keeps this instance's worker away)
    const job = await buySettled(shop, {
      fileId: shop.images.small.documentId,
      resolution: '4x',
      email: 'held@example.test',
    });
    await shop
      .db('smi_jobs')
      .where({ job_id: job.jobId })
      .update({
        status: 'processing',
        processing_started_at: at(new Date(Date.now() - 20_000)),
        completed_at: null,
        lease_owner: 'another-instance',
        lease_expires_at: at(new Date(Date.now() + 600_000)),
      });
    const estimate = (await status(job.jobId, job.sessionId)).estimateSeconds;
    expect(estimate).toBeGreaterThanOrEqual(95);
    expect(estimate).toBeLessThanOrEqual(101);
    // only to the session holder
    expect((await status(job.jobId)).estimateSeconds).toBeUndefined();

    // 8x of a 2000 px image: no similar job was ever made, so no estimate
    await shop
      .db('smi_jobs')
      .where({ job_id: job.jobId })
      .update({ resolution: '2x', output_width: 1000, output_height: 1000 });
    expect((await status(job.jobId, job.sessionId)).estimateSeconds).toBeUndefined();
  });

  it('tells the buyer of a job that failed what is refunded and by when', async () => {
    await putSettings({ upscaler: 'upsampler' });
    shop.upsampler.setFaults({ failJobs: true });
    try {
      const { jobId, sessionId } = await buy(shop, {
        fileId: shop.images.small.documentId,
        resolution: '4x',
        email: 'refund.me@example.test',
        locale: 'fr',
      });
      const row = await until(
        () => jobRow(shop, jobId),
        (r) => r.payment_status === 'refunded' && r.status === 'failed',
        60_000,
      );
      const refundedAt = new Date(
        typeof row.refunded_at === 'string' && /^\d+$/.test(row.refunded_at)
          ? Number(row.refunded_at)
          : row.refunded_at,
      );
      const answer = await status(jobId, sessionId);
      expect(answer).toMatchObject({
        status: 'failed',
        paymentStatus: 'refunded',
        emailMasked: 'r•••@example.test',
        refund: {
          amount: Number(row.amount_refunded),
          currency: 'usd',
          // in the buyer's language
          formatted: formatMoney(Number(row.amount_refunded), 'usd', 'fr-FR'),
          expectedBy: new Date(refundedAt.getTime() + 10 * 86_400_000).toISOString(),
        },
      });
      expect(answer.refund.amount).toBeGreaterThan(0);
      expect(answer.downloadUrl).toBeUndefined();
      expect(answer.estimateSeconds).toBeUndefined();
      expect((await status(jobId)).refund).toBeUndefined();
    } finally {
      shop.upsampler.resetFaults();
      await putSettings({ upscaler: 'sharp' });
    }
  });
});
