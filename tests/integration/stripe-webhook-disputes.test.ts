import { setTimeout as sleep } from 'node:timers/promises';
import type { StripeEvent } from '../fakes/stripe';
import { buy, jobRow, openShop, payQuietly, type Shop } from './helpers/shop';
import { until } from './helpers/wait';
import { subscribeWebhooks } from './helpers/webhook-receiver';

/**
 * What happens to a sale after it was paid (docs/architecture.md "Money rules"): a full
 * refund, a dispute or a Radar early fraud warning revokes delivery (links answer 410, the
 * status answer has no link, a job not delivered yet never is), also when those events
 * arrive before the payment's own; a won dispute restores it, a lost one counts as refunded.
 */
describe(`disputes, fraud warnings and revoked delivery (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  let hooks: Awaited<ReturnType<typeof subscribeWebhooks>>;

  beforeAll(async () => {
    shop = await openShop('stripe-disputes', { SMI_UPSCALER: 'sharp' });
    hooks = await subscribeWebhooks(shop, [
      'sell-my-images.job.disputed',
      'sell-my-images.job.refunded',
    ]);
  });

  afterAll(async () => {
    await hooks?.close();
    await shop?.close();
  });

  const job = (jobId: string) => jobRow(shop, jobId);
  const post = (path: string) => shop.adminApi(path, { method: 'POST' });
  const statusOf = async (jobId: string, sessionId: string) =>
    (await shop.api(`/jobs/${jobId}?session=${sessionId}`)).json();

  /** A bought, delivered job: its ids, its payment intent and its download link. */
  async function delivered(email: string) {
    const { jobId, sessionId } = await buy(shop, {
      fileId: shop.images.small.documentId,
      resolution: '4x',
      email,
    });
    await until(
      () => job(jobId),
      (row) => row.status === 'completed',
    );
    const status = await statusOf(jobId, sessionId);
    expect(status.downloadUrl).toMatch(/\/downloads\//);
    const paymentIntent = (await job(jobId)).stripe_payment_intent_id as string;
    return { jobId, sessionId, paymentIntent, link: status.downloadUrl as string };
  }

  /** A paid session whose `checkout.session.completed` is held back (a delayed delivery). */
  const paidButNotYetNotified = (email: string) =>
    payQuietly(shop, { fileId: shop.images.small.documentId, resolution: '4x', email });

  const statusCode = async (link: string) => (await fetch(link)).status;

  it('revokes the link of a fully refunded job (410, no downloadUrl, no resend); a partial refund keeps it', async () => {
    const { jobId, sessionId, paymentIntent, link } = await delivered('revoked@example.test');
    expect(await statusCode(link)).toBe(200);
    await shop.stripe.refund(paymentIntent, 20);
    expect(await statusCode(link)).toBe(200);

    await shop.stripe.refund(paymentIntent);
    const gone = await fetch(link);
    expect(gone.status).toBe(410);
    expect((await gone.json()).error.message).toMatch(/revoked/);
    const status = await statusOf(jobId, sessionId);
    expect(status).toMatchObject({ status: 'completed', paymentStatus: 'refunded' });
    expect(status.downloadUrl).toBeUndefined();
    expect((await post(`/jobs/${jobId}/resend`)).status).toBe(409);
    expect((await post(`/jobs/${jobId}/new-link`)).status).toBe(409);
  });

  it('never fulfils a job refunded before its delayed checkout.session.completed arrives', async () => {
    const { jobId, completed, paymentIntent } = await paidButNotYetNotified(
      'early-refund@example.test',
    );
    await shop.stripe.refund(paymentIntent);
    expect(await job(jobId)).toMatchObject({
      status: 'awaiting_payment',
      payment_status: 'refunded',
    });
    expect((await shop.stripe.deliver(completed)).status).toBe(200);
    await sleep(1000);
    const row = await job(jobId);
    expect(row).toMatchObject({ status: 'failed', error_code: 'refunded_before_delivery' });
    expect([row.payment_status, row.stripe_payment_intent_id]).toEqual(['refunded', paymentIntent]);
    expect(
      await shop.db('smi_job_transitions').where({ job_id: jobId, to_status: 'pending' }),
    ).toHaveLength(0);
  });

  it('revokes delivery on a dispute and flags the job; a redelivery changes nothing; a won dispute restores it', async () => {
    const { jobId, sessionId, paymentIntent, link } = await delivered('dispute@example.test');
    const dispute = await shop.stripe.openDispute(paymentIntent, { reason: 'fraudulent' });
    expect(await job(jobId)).toMatchObject({
      status: 'completed',
      payment_status: 'disputed',
      stripe_dispute_id: dispute.id,
    });
    expect(await statusCode(link)).toBe(410);
    const status = await statusOf(jobId, sessionId);
    expect(status.paymentStatus).toBe('disputed');
    expect(status.downloadUrl).toBeUndefined();

    // the admin can filter on it and sees it on the job
    const list = await (await shop.adminApi('/jobs?paymentStatus=disputed')).json();
    expect(list.data.results.map((j: { jobId: string }) => j.jobId)).toContain(jobId);
    const detail = (await (await shop.adminApi(`/jobs/${jobId}`)).json()).data;
    expect(detail.job).toMatchObject({ paymentStatus: 'disputed', stripeDisputeId: dispute.id });
    expect(detail.actions).toMatchObject({ resend: false, newLink: false, refund: false });
    expect(detail.timeline.at(-1).reason).toBe('charge.dispute.created (fraudulent)');
    await until(
      async () => hooks.count('sell-my-images.job.disputed', jobId),
      (count) => count === 1,
    );

    const created = shop.stripe.events.find(
      (event) => event.type === 'charge.dispute.created' && event.data.object.id === dispute.id,
    ) as StripeEvent;
    expect((await shop.stripe.deliver(created)).status).toBe(200);
    expect(
      await shop.db('smi_job_transitions').where({ job_id: jobId, payment_status: 'disputed' }),
    ).toHaveLength(1);

    await shop.stripe.closeDispute(dispute.id, 'won');
    expect(await job(jobId)).toMatchObject({ status: 'completed', payment_status: 'paid' });
    expect(await statusCode(link)).toBe(200);
    expect((await statusOf(jobId, sessionId)).downloadUrl).toBe(link);
  });

  it('keeps delivery revoked after a lost dispute, which counts as refunded in revenue', async () => {
    const summary = async () =>
      (await (await shop.adminApi('/analytics/summary')).json()).data.find(
        (row: { currency: string }) => row.currency === 'usd',
      );
    const before = await summary();
    const { jobId, paymentIntent, link } = await delivered('lost@example.test');
    const amount = Number((await job(jobId)).amount);
    const dispute = await shop.stripe.openDispute(paymentIntent);
    // a disputed sale still counts until the dispute is decided
    expect((await summary()).revenue).toBe((before?.revenue ?? 0) + amount);
    await shop.stripe.closeDispute(dispute.id, 'lost');
    const row = await job(jobId);
    expect(row).toMatchObject({ payment_status: 'refunded', error_code: 'dispute_lost' });
    expect(Number(row.amount_refunded)).toBe(amount);
    expect(await statusCode(link)).toBe(410);
    const after = await summary();
    expect(after.revenue).toBe(before?.revenue ?? 0);
    expect(after.refundedSales).toBe((before?.refundedSales ?? 0) + 1);
  });

  it('never delivers a job disputed before its payment was processed, and fulfils it once the dispute is won', async () => {
    const { jobId, completed, paymentIntent } = await paidButNotYetNotified(
      'early-dispute@example.test',
    );
    const dispute = await shop.stripe.openDispute(paymentIntent);
    expect((await job(jobId)).payment_status).toBe('disputed');
    expect((await shop.stripe.deliver(completed)).status).toBe(200);
    expect(await job(jobId)).toMatchObject({
      status: 'failed',
      payment_status: 'disputed',
      error_code: 'disputed_before_delivery',
    });
    await shop.stripe.closeDispute(dispute.id, 'won');
    const done = await until(
      () => job(jobId),
      (row) => row.status === 'completed' || row.status === 'failed',
    );
    expect(done).toMatchObject({ status: 'completed', payment_status: 'paid' });
  });

  it('revokes delivery on an early fraud warning; autoRefundOnFraudWarning refunds at once as fraudulent', async () => {
    const first = await delivered('efw@example.test');
    await shop.stripe.earlyFraudWarning(first.paymentIntent);
    const flagged = await job(first.jobId);
    expect(flagged).toMatchObject({ payment_status: 'paid', error_code: 'fraud_warning' });
    expect(flagged.fraud_warning_at).not.toBeNull();
    expect(await statusCode(first.link)).toBe(410);
    expect(shop.stripe.count('POST', '/v1/refunds')).toBe(0);

    const on = await shop.adminApi('/settings', {
      method: 'PUT',
      json: { autoRefundOnFraudWarning: true },
    });
    expect(on.status).toBe(200);
    try {
      const second = await delivered('efw-refund@example.test');
      await shop.stripe.earlyFraudWarning(second.paymentIntent);
      expect(await job(second.jobId)).toMatchObject({ payment_status: 'refunded' });
      const refunds = [...shop.stripe.refunds.values()].filter(
        (refund) => refund.payment_intent === second.paymentIntent,
      );
      expect(refunds.map((refund) => refund.reason)).toEqual(['fraudulent']);
      expect(await statusCode(second.link)).toBe(410);
    } finally {
      await shop.adminApi('/settings', {
        method: 'PUT',
        json: { autoRefundOnFraudWarning: false },
      });
    }
  });
});
