/**
 * Checkout Session events of a cart order (docs/architecture.md "Previews, cart and
 * purchases"): the session names its order (`metadata.orderId`); the sum of the lines'
 * prices must be Stripe's subtotal in the jobs' currency, and each line item must answer
 * one job at its price, else every line fails and the payment is refunded once. Then
 * every line is paid in one transaction, each with what Stripe took for it (its line
 * item's total, tax and discount). An expired or failed session abandons every line.
 */
import type { Core } from '@strapi/strapi';
import type Stripe from 'stripe';
import { emitJobEvent } from '../jobs/events';
import type { Job, JobPatch } from '../jobs/repository';
import { deliveryRevoked, revocationOf } from '../jobs/states';
import { orderJobs } from './cart-order';
import { allocateLines, type LineAmounts, type PaidLine } from './cart-discount';
import { idOf, outcome, type EventDeps, type EventOutcome } from './stripe-event-jobs';
import type { createSessionAmounts } from './stripe-session-amounts';
import { stripeClient } from './stripe-client';

/** The line items of a session with the order line each product names (Stripe's order kept). */
async function paidLines(secretKey: string, sessionId: string): Promise<PaidLine[]> {
  const items = await stripeClient(secretKey).checkout.sessions.listLineItems(sessionId, {
    limit: 100,
    expand: ['data.price.product'],
  });
  return items.data.map((item) => {
    const product = item.price?.product;
    const named = typeof product === 'object' && product && 'metadata' in product;
    const line = named ? Number(product.metadata?.orderLine) : NaN;
    return {
      orderLine: Number.isInteger(line) ? line : null,
      amountSubtotal: item.amount_subtotal,
      amountTotal: item.amount_total,
      amountTax: item.amount_tax,
      amountDiscount: item.amount_discount,
    };
  });
}

/** A line's share of the amount in the buyer's currency (Adaptive Pricing), the last line the rest. */
function presentmentShares(
  session: Stripe.Checkout.Session,
  lines: ReadonlyArray<LineAmounts>,
): number[] | null {
  const shown = session.presentment_details?.presentment_amount;
  const total = session.amount_total;
  if (shown === undefined || !total) return null;
  let left = shown;
  return lines.map((line, index) => {
    const share =
      index === lines.length - 1 ? left : Math.round((shown * line.amountTotal) / total);
    left -= share;
    return share;
  });
}

type SessionAmounts = ReturnType<typeof createSessionAmounts>;

export function createOrderEvents(
  strapi: Core.Strapi,
  { jobs, refunds, metrics, settings }: EventDeps,
  amounts: SessionAmounts,
) {
  const emitFresh = async (name: 'failed' | 'amount_mismatch' | 'paid', jobId: string) => {
    const fresh = await jobs.findByJobId(jobId);
    if (fresh) emitJobEvent(strapi, name, fresh);
  };

  /** Every line fails, the payment is refunded once (the order's refund, commerce/refunds). */
  async function mismatch(
    lines: Job[],
    session: Stripe.Checkout.Session,
    backfill: JobPatch,
    eventType: string,
    why: string,
  ): Promise<EventOutcome> {
    const [first] = lines as [Job];
    const paid = session.payment_status === 'paid';
    const payment: JobPatch = paid ? { paymentStatus: 'paid', paidAt: new Date() } : {};
    const errorMessage = `Order ${first.orderId}: ${why}`.slice(0, 1000);
    const moved: string[] = [];
    for (const job of lines)
      if (
        await jobs.transition(job, 'failed', {
          from: ['awaiting_payment'],
          where: { paymentStatus: 'unpaid' },
          reason: `${eventType}: amount_mismatch`,
          actor: 'stripe',
          data: { ...backfill, ...payment, errorCode: 'amount_mismatch', errorMessage },
        })
      )
        moved.push(job.jobId);
    if (moved.length) {
      strapi.log.error(`[sell-my-images] amount mismatch: ${errorMessage}`);
      for (const jobId of moved) await emitFresh('amount_mismatch', jobId);
      for (const jobId of moved) await emitFresh('failed', jobId);
    } else {
      // Already failed for the mismatch while the payment was pending: it is paid now.
      const nowPaid =
        paid &&
        (await jobs.updateWhere(
          { orderId: first.orderId, errorCode: 'amount_mismatch', paymentStatus: 'unpaid' },
          { ...backfill, ...payment },
        ));
      if (!nowPaid) return outcome('amount_mismatch', first.jobId);
    }
    const fresh = paid ? await jobs.findByJobId(first.jobId) : null;
    if (fresh) await refunds.refund(fresh, 'amount_mismatch', 'stripe');
    return outcome('amount_mismatch', first.jobId);
  }

  /** What each line records of the paid session: its own amounts, the session's invoice. */
  async function linePatches(
    lines: Job[],
    session: Stripe.Checkout.Session,
    byLine: Map<number, LineAmounts>,
  ): Promise<JobPatch[]> {
    const shared = await amounts.paidAmounts(lines[0] as Job, session);
    const own = lines.map((job) => byLine.get(job.orderLine ?? -1) as LineAmounts);
    const shares = shared.presentmentCurrency ? presentmentShares(session, own) : null;
    return own.map((line, index) => ({
      ...shared,
      ...line,
      ...(shares ? { presentmentAmount: shares[index] } : {}),
    }));
  }

  async function orderPaid(
    orderId: string,
    session: Stripe.Checkout.Session,
    eventType: string,
  ): Promise<EventOutcome> {
    const lines = await orderJobs(strapi, orderId);
    const first = lines[0];
    if (!first) return outcome('unknown_job');
    if (lines.some((job) => job.stripeCheckoutSessionId !== session.id)) {
      strapi.log.error(
        `[sell-my-images] ${eventType} for order ${orderId} names session ${session.id}, not its own`,
      );
      return outcome('session_mismatch', first.jobId);
    }
    const backfill: JobPatch = {};
    const paymentIntent = idOf(session.payment_intent);
    if (paymentIntent) backfill.stripePaymentIntentId = paymentIntent;
    const email = session.customer_details?.email ?? session.customer_email;
    if (!first.email && email) backfill.email = email.toLowerCase();
    const expected = lines.reduce((sum, job) => sum + (job.amount ?? 0), 0);
    const currency = session.currency?.toLowerCase();
    if (session.amount_subtotal !== expected || lines.some((job) => job.currency !== currency)) {
      const why = `Stripe reported a subtotal of ${session.amount_subtotal} ${session.currency}, the order's lines add up to ${expected} ${first.currency}`;
      return mismatch(lines, session, backfill, eventType, why);
    }
    const { stripeSecretKey } = await settings.get();
    const byLine = allocateLines(lines, await paidLines(stripeSecretKey ?? '', session.id));
    if (!byLine) {
      const why = `Stripe's line items do not answer the order's ${lines.length} lines at their prices`;
      return mismatch(lines, session, backfill, eventType, why);
    }
    const patches = await linePatches(lines, session, byLine);
    const saveAll = async () => {
      for (const [index, job] of lines.entries())
        await jobs.update(job.jobId, { ...backfill, ...patches[index] });
    };
    if (session.payment_status !== 'paid') {
      await saveAll();
      return outcome('awaiting_async_payment', first.jobId);
    }
    // One transaction: every line becomes paid, or (a concurrent delivery won) none here.
    const moved = await strapi.db.transaction(async () => {
      const made: Job[] = [];
      for (const [index, job] of lines.entries()) {
        const ok = await jobs.transition(job, 'pending', {
          from: ['awaiting_payment'],
          where: { paymentStatus: 'unpaid' },
          reason: eventType,
          actor: 'stripe',
          data: {
            ...backfill,
            ...patches[index],
            paymentStatus: 'paid',
            nextAttemptAt: new Date(),
          },
        });
        if (ok) made.push(job);
      }
      return made;
    });
    const movedIds = new Set(moved.map((job) => job.jobId));
    for (const job of lines) {
      if (movedIds.has(job.jobId)) continue;
      await jobs.update(job.jobId, { ...backfill, ...patches[lines.indexOf(job)] });
      const fresh = await jobs.findByJobId(job.jobId);
      // Refunded or disputed before the payment was processed: never fulfilled.
      if (fresh?.status === 'awaiting_payment' && deliveryRevoked(fresh)) {
        const { code, message } = revocationOf(fresh);
        const failed = await jobs.transition(fresh, 'failed', {
          from: ['awaiting_payment'],
          reason: `${eventType}: ${code}`,
          actor: 'stripe',
          data: { errorCode: code, errorMessage: message, paidAt: new Date() },
        });
        if (failed) await emitFresh('failed', job.jobId);
      }
    }
    for (const job of moved) {
      metrics.payment();
      await emitFresh('paid', job.jobId);
    }
    return outcome(moved.length ? 'paid' : 'already_paid', first.jobId);
  }

  async function orderClosed(
    orderId: string,
    eventType: string,
    paymentFailed: boolean,
  ): Promise<EventOutcome> {
    const lines = await orderJobs(strapi, orderId);
    if (!lines[0]) return outcome('unknown_job');
    let moved = 0;
    for (const job of lines) {
      const ok = await jobs.transition(job, 'abandoned', {
        from: ['awaiting_payment'],
        reason: eventType,
        actor: 'stripe',
        data: paymentFailed
          ? {
              paymentStatus: 'failed',
              errorCode: 'payment_failed',
              errorMessage: 'The delayed payment failed',
            }
          : {},
      });
      if (!ok) continue;
      moved += 1;
      if (paymentFailed) await emitFresh('failed', job.jobId);
    }
    const name = moved ? (paymentFailed ? 'payment_failed' : 'abandoned') : 'no_change';
    return outcome(name, lines[0].jobId);
  }

  return { orderPaid, orderClosed };
}
