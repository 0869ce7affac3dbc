import { setTimeout as sleep } from 'node:timers/promises';
import Stripe from 'stripe';
import { jobRow, openShop, startCheckout, type Shop } from './helpers/shop';
import { startWebhookReceiver } from './helpers/webhook-receiver';

/**
 * The Stripe webhook: signatures, exactly-once processing under redelivery and
 * concurrency, payment_status, amount checks, expiry and refunds (docs/architecture.md "Money rules",
 * "Known defects of the original").
 */
describe(`Stripe webhook (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
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
    hooks = await startWebhookReceiver();
    const res = await fetch(`${shop.app.url}/admin/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${shop.admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'sale events',
        url: hooks.url,
        headers: {},
        events: [
          'sell-my-images.job.created',
          'sell-my-images.job.paid',
          'sell-my-images.job.failed',
          'sell-my-images.job.refunded',
        ],
      }),
    });
    expect(res.status).toBe(201);
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

  it('does not fulfil when the amount or currency differs from the job', async () => {
    const { jobId, session } = await unpaidJob();
    const tampered = {
      ...session,
      status: 'complete',
      payment_status: 'paid',
      amount_total: 1,
      payment_intent: 'pi_mismatch',
    };
    const res = await postEvent(
      JSON.stringify(shop.stripe.buildEvent('checkout.session.completed', tampered)),
    );
    expect(res.status).toBe(200);
    expect(await job(jobId)).toMatchObject({
      status: 'awaiting_payment',
      payment_status: 'unpaid',
      error_code: 'amount_mismatch',
    });
    const otherCurrency = {
      ...session,
      status: 'complete',
      payment_status: 'paid',
      currency: 'eur',
      payment_intent: 'pi_mismatch',
    };
    await postEvent(
      JSON.stringify(shop.stripe.buildEvent('checkout.session.completed', otherCurrency)),
    );
    expect((await job(jobId)).status).toBe('awaiting_payment');
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
});
