/**
 * Housekeeping of unpaid checkouts (fulfilment/tasks "abandon-unpaid"): a job Stripe
 * cannot answer for now waits before it is asked again, so a run's worth of them at the head
 * of the table do not keep newer ones from ever being reconciled; a session Stripe does not
 * know is abandoned at once.
 */
import { randomUUID } from 'node:crypto';
import { jobRow, openShop, startCheckout, type Shop } from './helpers/shop';

/** Items a housekeeping run handles (the plugin's `worker.taskBatchSize`, 100 by default). */
const BATCH = 10;

describe(`unpaid checkouts (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await openShop('unpaid-checkouts', {
      SMI_UPSCALER: 'sharp',
      SMI_TASK_BATCH_SIZE: String(BATCH),
    });
  });
  afterAll(() => shop?.close());

  const runTask = async () =>
    (await shop.app.testSupport('POST', '/tasks/abandon-unpaid')).body.handled as number;
  const twoHoursAgo = () => {
    const at = new Date(Date.now() - 2 * 3_600_000);
    return shop.app.database.client === 'sqlite' ? at.getTime() : at;
  };

  it('does not let a batch of jobs Stripe cannot answer for starve the newer ones', async () => {
    const template = await startCheckout(shop, {
      fileId: shop.images.small.documentId,
      resolution: '4x',
    });
    const [row] = await shop.db('smi_jobs').where({ job_id: template.jobId });
    const { id: _id, ...copy } = row;
    // A batch of older unpaid jobs whose sessions Stripe keeps failing to answer for.
    const stuck = Array.from({ length: BATCH }, (_, i) => ({
      ...copy,
      job_id: randomUUID(),
      document_id: `stuck${String(i).padStart(20, '0')}`,
      stripe_checkout_session_id: `cs_test_stuck_${i}`,
    }));
    for (let i = 0; i < stuck.length; i += 25)
      await shop.db('smi_jobs').insert(stuck.slice(i, i + 25));
    shop.stripe.injectFault({
      method: 'GET',
      pathPrefix: '/v1/checkout/sessions/cs_test_stuck',
      kind: 'server-error',
      times: 10_000,
    });
    // The newest unpaid job, behind them in the table.
    const newest = await startCheckout(shop, {
      fileId: shop.images.medium.documentId,
      resolution: '4x',
    });
    await shop
      .db('smi_jobs')
      .where({ status: 'awaiting_payment' })
      .update({ created_at: twoHoursAgo() });

    try {
      expect(await runTask()).toBe(BATCH);
      expect(await runTask()).toBe(2);
      expect((await jobRow(shop, newest.jobId)).status).toBe('abandoned');
      expect((await jobRow(shop, template.jobId)).status).toBe('abandoned');
      const waiting = await shop.db('smi_jobs').where({ status: 'awaiting_payment' });
      expect(waiting).toHaveLength(BATCH);
      for (const job of waiting) {
        expect(new Date(job.next_attempt_at).getTime()).toBeGreaterThan(Date.now() + 4 * 60_000);
      }
      // nothing is due now: the next run asks Stripe about none of them
      expect(await runTask()).toBe(0);
    } finally {
      shop.stripe.resetLog();
    }
  });

  it('abandons a job whose session Stripe does not know', async () => {
    const { jobId } = await startCheckout(shop, {
      fileId: shop.images.large.documentId,
      resolution: '4x',
    });
    await shop.db('smi_jobs').where({ job_id: jobId }).update({
      stripe_checkout_session_id: 'cs_test_unknown_to_stripe',
      created_at: twoHoursAgo(),
    });
    await runTask();
    expect(await jobRow(shop, jobId)).toMatchObject({ status: 'abandoned' });
  });
});
