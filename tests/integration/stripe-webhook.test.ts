import { setTimeout as sleep } from 'node:timers/promises';
import Stripe from 'stripe';
import { createStripeClient } from '../fakes/stripe';
import { buy, jobRow, openShop, payQuietly, startCheckout, type Shop } from './helpers/shop';
import { until } from './helpers/wait';
import { subscribeWebhooks } from './helpers/webhook-receiver';

/**
 * The Stripe webhook: signatures, exactly-once processing under redelivery and
 * concurrency, payment_status, amount checks, expiry and refunds (docs/architecture.md "Money rules",
 * "Known defects of the original").
 */
describe(`Stripe webhook (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  let hooks: Awaited<ReturnType<typeof subscribeWebhooks>>;
  const sign = (payload: string, timestamp?: number) =>
    new Stripe('sk_test_x').webhooks.generateTestHeaderString({
      payload,
      secret: shop.stripe.webhookSecret,
      timestamp,
    });
  const postEvent = (payload: string, signature = sign(payload)) =>
    shop.api('/webhooks/stripe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      body: payload,
    });

  beforeAll(async () => {
    shop = await openShop('stripe-webhook');
    hooks = await subscribeWebhooks(shop, [
      'sell-my-images.job.created',
      'sell-my-images.job.paid',
      'sell-my-images.job.failed',
      'sell-my-images.job.refunded',
      'sell-my-images.job.amount_mismatch',
    ]);
  });

  afterAll(async () => {
    await hooks?.close();
    await shop?.close();
  });

  /** A job awaiting payment and its open session (without paying it). */
  const unpaidJob = (email?: string) =>
    startCheckout(shop, {
      fileId: shop.images.medium.documentId,
      resolution: '4x',
      ...(email ? { email } : {}),
    });

  const job = (jobId: string) => jobRow(shop, jobId);
  const transitionsTo = async (jobId: string, to: string) =>
    (await shop.db('smi_job_transitions').where({ job_id: jobId, to_status: to })).length;
  async function eventually(check: () => boolean | Promise<boolean>, ms = 10_000) {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (await check()) return;
      await sleep(50);
    }
    throw new Error('condition not met in time');
  }

  it('rejects missing, forged and stale signatures with 400 and changes nothing', async () => {
    const { jobId, session } = await unpaidJob();
    const payload = JSON.stringify(
      shop.stripe.buildEvent('checkout.session.completed', {
        ...session,
        payment_status: 'paid',
        status: 'complete',
      }),
    );
    const missing = await shop.api('/webhooks/stripe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: payload,
    });
    expect(missing.status).toBe(400);
    const forged = await postEvent(
      payload,
      new Stripe('sk_test_x').webhooks.generateTestHeaderString({
        payload,
        secret: 'whsec_forged',
      }),
    );
    expect(forged.status).toBe(400);
    const stale = await postEvent(payload, sign(payload, Math.floor(Date.now() / 1000) - 301));
    expect(stale.status).toBe(400);
    expect((await job(jobId)).status).toBe('awaiting_payment');
    expect(await shop.db('smi_stripe_events')).toHaveLength(0);
  });

  it('processes the same checkout.session.completed delivered 10 times at once exactly once', async () => {
    const { jobId, session } = await unpaidJob('once@example.test');
    const paid = {
      ...session,
      status: 'complete',
      payment_status: 'paid',
      payment_intent: 'pi_concurrent_1',
      customer_details: { email: 'once@example.test' },
    };
    const payload = JSON.stringify(shop.stripe.buildEvent('checkout.session.completed', paid));
    const answers = await Promise.all(Array.from({ length: 10 }, () => postEvent(payload)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    const bodies = await Promise.all(answers.map((a) => a.json()));
    expect(bodies.filter((b) => b.outcome === 'paid')).toHaveLength(1);
    expect(bodies.filter((b) => b.duplicate)).toHaveLength(9);
    expect(await job(jobId)).toMatchObject({
      payment_status: 'paid',
      stripe_payment_intent_id: 'pi_concurrent_1',
    });
    expect(await transitionsTo(jobId, 'pending')).toBe(1);
    await eventually(() => hooks.count('sell-my-images.job.paid', jobId) >= 1);
    await sleep(500);
    expect(hooks.count('sell-my-images.job.paid', jobId)).toBe(1);
  });

  it('waits for an asynchronous payment: unpaid completion, then async_payment_succeeded fulfils once', async () => {
    const { jobId, session } = await unpaidJob();
    await shop.stripe.completeSession(session.id, {
      paymentStatus: 'unpaid',
      email: 'Late@Example.test',
    });
    expect(await job(jobId)).toMatchObject({
      status: 'awaiting_payment',
      payment_status: 'unpaid',
      email: 'late@example.test',
    });
    await shop.stripe.asyncPaymentSucceeded(session.id);
    expect(await job(jobId)).toMatchObject({ payment_status: 'paid' });
    // Stripe redelivers the success event: acknowledged, no second transition
    const again = shop.stripe.events
      .filter(
        (e) =>
          e.type === 'checkout.session.async_payment_succeeded' &&
          (e.data.object as any).id === session.id,
      )
      .pop()!;
    expect((await shop.stripe.deliver(again)).status).toBe(200);
    expect(await transitionsTo(jobId, 'pending')).toBe(1);
  });

  it('marks the payment failed when the asynchronous payment fails', async () => {
    const { jobId, session } = await unpaidJob();
    await shop.stripe.completeSession(session.id, {
      paymentStatus: 'unpaid',
      email: 'fails@example.test',
    });
    await shop.stripe.asyncPaymentFailed(session.id);
    expect(await job(jobId)).toMatchObject({
      status: 'abandoned',
      payment_status: 'failed',
      error_code: 'payment_failed',
    });
  });

  const paidQuietly = (email: string) =>
    payQuietly(shop, { fileId: shop.images.medium.documentId, resolution: '4x', email });
  const refundsOf = (paymentIntent: string) =>
    [...shop.stripe.refunds.values()].filter((r) => r.payment_intent === paymentIntent);

  it('fails, refunds once and reports a paid session whose amount or currency differs from the job', async () => {
    const { jobId, paid, paymentIntent } = await paidQuietly('mismatch@example.test');
    const tampered = shop.stripe.buildEvent('checkout.session.completed', {
      ...paid,
      amount_subtotal: 1,
    });
    const res = await postEvent(JSON.stringify(tampered));
    expect(res.status).toBe(200);
    expect((await res.json()).outcome).toBe('amount_mismatch');
    const row = await job(jobId);
    expect(row).toMatchObject({
      status: 'failed',
      payment_status: 'refunded',
      error_code: 'amount_mismatch',
      stripe_payment_intent_id: paymentIntent,
    });
    expect(row.error_message).toMatch(/Stripe reported a subtotal of 1 usd/);
    expect(await transitionsTo(jobId, 'pending')).toBe(0);
    expect(refundsOf(paymentIntent)).toHaveLength(1);
    await eventually(() => hooks.count('sell-my-images.job.amount_mismatch', jobId) === 1);

    // the same event again, and another mismatching one: no second refund, no second alert
    expect((await (await postEvent(JSON.stringify(tampered))).json()).duplicate).toBe(true);
    const otherCurrency = shop.stripe.buildEvent('checkout.session.completed', {
      ...paid,
      currency: 'eur',
    });
    expect((await postEvent(JSON.stringify(otherCurrency))).status).toBe(200);
    expect(refundsOf(paymentIntent)).toHaveLength(1);
    expect(shop.stripe.count('POST', '/v1/refunds')).toBeGreaterThanOrEqual(1);
    await sleep(300);
    expect(hooks.count('sell-my-images.job.amount_mismatch', jobId)).toBe(1);

    // the admin sees the error on the job, in the list and in the detail
    const list = await (await shop.adminApi(`/jobs?q=mismatch@example`)).json();
    expect(list.data.results[0]).toMatchObject({ jobId, errorCode: 'amount_mismatch' });
    const detail = await (await shop.adminApi(`/jobs/${jobId}`)).json();
    expect(detail.data.job).toMatchObject({ status: 'failed', errorCode: 'amount_mismatch' });
  });

  it('ignores an event of the other mode (live event, test key): 200, logged once, nothing changes', async () => {
    const { jobId, session } = await unpaidJob();
    const live = {
      ...shop.stripe.buildEvent('checkout.session.completed', {
        ...session,
        status: 'complete',
        payment_status: 'paid',
        payment_intent: 'pi_live_1',
      }),
      livemode: true,
    };
    const first = await postEvent(JSON.stringify(live));
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ duplicate: false, outcome: 'livemode_mismatch' });
    const again = await postEvent(JSON.stringify(live));
    expect((await again.json()).duplicate).toBe(true);
    expect(await job(jobId)).toMatchObject({
      status: 'awaiting_payment',
      payment_status: 'unpaid',
    });
    expect(await shop.db('smi_stripe_events').where({ event_id: live.id })).toMatchObject([
      { state: 'ignored', outcome: 'livemode_mismatch' },
    ]);
  });

  it('abandons the job when the session expires', async () => {
    const { jobId, session } = await unpaidJob();
    await shop.stripe.expireSession(session.id);
    const row = await job(jobId);
    expect(row.status).toBe('abandoned');
    expect(row.abandoned_at).not.toBeNull();
  });

  it('syncs dashboard refunds (partial, then full) and excludes refunded sales from revenue', async () => {
    const summary = async () =>
      (await (await shop.adminApi('/analytics/summary')).json()).data.find(
        (r: any) => r.currency === 'usd',
      );
    const before = await summary();
    const { jobId, session } = await unpaidJob('refund@example.test');
    await shop.stripe.completeSession(session.id);
    const paidJob = await job(jobId);
    const amount = Number(paidJob.amount);
    const afterPaid = await summary();
    expect(afterPaid.revenue).toBe((before?.revenue ?? 0) + amount);
    expect(afterPaid.sales).toBe((before?.sales ?? 0) + 1);

    await shop.stripe.refund(paidJob.stripe_payment_intent_id, 20);
    expect(await job(jobId)).toMatchObject({ payment_status: 'partially_refunded' });
    expect((await summary()).revenue).toBe(afterPaid.revenue - 20);

    await shop.stripe.refund(paidJob.stripe_payment_intent_id);
    const refunded = await job(jobId);
    expect(refunded.payment_status).toBe('refunded');
    expect(Number(refunded.amount_refunded)).toBe(amount);
    const after = await summary();
    expect(after.revenue).toBe(before?.revenue ?? 0);
    expect(after.sales).toBe(before?.sales ?? 0);
    expect(after.refundedSales).toBe((before?.refundedSales ?? 0) + 1);
    await eventually(() => hooks.count('sell-my-images.job.refunded', jobId) === 2);
  });

  it('acknowledges unknown event types and events for unknown jobs without effect', async () => {
    const unknownType = await postEvent(
      JSON.stringify(
        shop.stripe.buildEvent('customer.created', { id: 'cus_1', object: 'customer' }),
      ),
    );
    expect(unknownType.status).toBe(200);
    expect((await unknownType.json()).outcome).toBe('ignored');
    const unknownJob = await postEvent(
      JSON.stringify(
        shop.stripe.buildEvent('checkout.session.completed', {
          id: 'cs_test_nobody',
          object: 'checkout.session',
          metadata: { jobId: '00000000-0000-4000-8000-000000000000' },
          payment_status: 'paid',
          amount_total: 50,
          currency: 'usd',
        }),
      ),
    );
    expect(unknownJob.status).toBe(200);
    expect((await unknownJob.json()).outcome).toBe('unknown_job');
  });
  /** A bought job once delivered, and its payment intent. */
  async function deliveredJob(email: string) {
    const { jobId } = await buy(shop, {
      fileId: shop.images.small.documentId,
      resolution: '4x',
      email,
    });
    await until(
      () => job(jobId),
      (row) => row.status === 'completed',
    );
    return { jobId, paymentIntent: (await job(jobId)).stripe_payment_intent_id as string };
  }
  const refund = (jobId: string) => shop.adminApi(`/jobs/${jobId}/refund`, { method: 'POST' });
  const refundKeys = (paymentIntent: string) =>
    shop.stripe.requests
      .filter((r) => r.path === '/v1/refunds' && (r.body as any).payment_intent === paymentIntent)
      .map((r) => r.idempotencyKey);

  it('records a refund Stripe already made under the same key with other parameters (no 502)', async () => {
    const { jobId, paymentIntent } = await deliveredJob('earlier-refund@example.test');
    // an automatic refund sent by an earlier version with other metadata, its answer lost
    const url = shop.stripe.webhookUrl;
    shop.stripe.setWebhook(null);
    const earlier = await createStripeClient(shop.stripe).refunds.create(
      {
        payment_intent: paymentIntent,
        reason: 'requested_by_customer',
        metadata: { jobId, reason: 'upscale_failed' },
      },
      { idempotencyKey: `refund-${jobId}` },
    );
    shop.stripe.setWebhook(url);
    const res = await refund(jobId);
    expect(res.status).toBe(200);
    expect((await res.json()).data.job).toMatchObject({
      paymentStatus: 'refunded',
      stripeRefundId: earlier.id,
    });
    expect(refundsOf(paymentIntent)).toHaveLength(1);
  });

  it('records a dashboard refund whose webhook never came when the admin refunds (charge_already_refunded)', async () => {
    const { jobId, paymentIntent } = await deliveredJob('dashboard-refund@example.test');
    const url = shop.stripe.webhookUrl;
    shop.stripe.setWebhook(null);
    const { refund: dashboard } = await shop.stripe.refund(paymentIntent);
    shop.stripe.setWebhook(url);
    const res = await refund(jobId);
    expect(res.status).toBe(200);
    expect(await job(jobId)).toMatchObject({
      payment_status: 'refunded',
      stripe_refund_id: dashboard.id,
    });
  });

  it('sends the same parameters for one key, and refunds again after refund.failed', async () => {
    const { jobId, paymentIntent } = await deliveredJob('refund-fails@example.test');
    const first = await refund(jobId);
    expect((await first.json()).data.outcome).toBe('refunded');
    const firstRefund = (await job(jobId)).stripe_refund_id as string;

    await shop.stripe.failRefund(firstRefund, 'expired_or_canceled_card');
    const failed = await job(jobId);
    expect(failed).toMatchObject({
      payment_status: 'paid',
      error_code: 'refund_failed',
      refund_failures: 1,
    });
    expect(Number(failed.amount_refunded)).toBe(0);
    expect(failed.error_message).toMatch(/expired_or_canceled_card/);

    // the admin refunds again: a new refund under a new key
    const second = await refund(jobId);
    expect(second.status).toBe(200);
    expect((await second.json()).data.outcome).toBe('refunded');
    const secondRefund = (await job(jobId)).stripe_refund_id as string;
    expect(secondRefund).not.toBe(firstRefund);

    // and the retry task refunds a failed job whose refund failed
    await shop.stripe.failRefund(secondRefund);
    await shop.db('smi_jobs').where({ job_id: jobId }).update({ status: 'failed' });
    await shop.app.testSupport('POST', '/tasks/retry-refunds');
    expect((await job(jobId)).payment_status).toBe('refunded');
    expect(refundKeys(paymentIntent)).toEqual([
      `refund-${jobId}`,
      `refund-${jobId}-retry1`,
      `refund-${jobId}-retry2`,
    ]);
    const params = shop.stripe.requests
      .filter((r) => r.path === '/v1/refunds' && (r.body as any).payment_intent === paymentIntent)
      .map((r) => r.body);
    expect(new Set(params.map((body) => JSON.stringify(body))).size).toBe(1);
  });
});
