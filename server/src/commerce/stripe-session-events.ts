/**
 * Checkout Session events (docs/architecture.md "Money rules"): a paid session moves its
 * job to `pending` once, and only from an unpaid job; a session whose subtotal or currency
 * differs fails its job and is refunded; an expired or failed one abandons it. What Stripe
 * took (total, tax, discount, the buyer's currency, the invoice) is recorded on the job.
 */
import type { Core } from '@strapi/strapi';
import type Stripe from 'stripe';
import { emitJobEvent } from '../jobs/events';
import type { Job, JobPatch } from '../jobs/repository';
import { deliveryRevoked, revocationOf } from '../jobs/states';
import { idOf, outcome, type EventDeps, type EventOutcome } from './stripe-event-jobs';
import { createSessionAmounts } from './stripe-session-amounts';
import { createOrderEvents } from './cart-events';

export function createSessionEvents(strapi: Core.Strapi, deps: EventDeps) {
  const { jobs, refunds, metrics, settings } = deps;
  const amounts = createSessionAmounts(strapi, settings);
  // A cart's session names its order: every line at once (commerce/cart-events).
  const orders = createOrderEvents(strapi, deps, amounts);
  async function jobForSession(session: Stripe.Checkout.Session): Promise<Job | null> {
    const jobId = session.metadata?.jobId ?? session.client_reference_id;
    if (jobId) return jobs.findByJobId(jobId);
    return jobs.findOne({ stripeCheckoutSessionId: session.id });
  }

  /** Emits `name` with the job as it is stored now. */
  async function emitFresh(name: 'failed' | 'amount_mismatch', jobId: string): Promise<void> {
    const fresh = await jobs.findByJobId(jobId);
    if (fresh) emitJobEvent(strapi, name, fresh);
  }

  /**
   * Stripe took another amount or currency than the job's price: the buyer must not be
   * left charged with nothing. The job fails (`amount_mismatch`), the payment is refunded
   * once (commerce/refunds; retried by the cron if Stripe refuses now) and the admin is
   * alerted by the `amount_mismatch` event. An asynchronous payment that succeeds later
   * is refunded then.
   */
  async function amountMismatch(
    job: Job,
    session: Stripe.Checkout.Session,
    backfill: JobPatch,
    eventType: string,
  ): Promise<EventOutcome> {
    const paid = session.payment_status === 'paid';
    const payment: JobPatch = paid ? { paymentStatus: 'paid', paidAt: new Date() } : {};
    const errorMessage = `Stripe reported a subtotal of ${session.amount_subtotal} ${session.currency}, the job expects ${job.amount} ${job.currency}`;
    const moved = await jobs.transition(job, 'failed', {
      from: ['awaiting_payment'],
      where: { paymentStatus: 'unpaid' },
      reason: `${eventType}: amount_mismatch`,
      actor: 'stripe',
      data: { ...backfill, ...payment, errorCode: 'amount_mismatch', errorMessage },
    });
    if (moved) {
      strapi.log.error(`[sell-my-images] amount mismatch on job ${job.jobId}: ${errorMessage}`);
      await emitFresh('amount_mismatch', job.jobId);
      await emitFresh('failed', job.jobId);
    } else {
      // Already failed for the mismatch while the payment was pending: it is paid now.
      const nowPaid =
        paid &&
        (await jobs.updateWhere(
          { jobId: job.jobId, errorCode: 'amount_mismatch', paymentStatus: 'unpaid' },
          { ...backfill, ...payment },
        ));
      if (!nowPaid) return outcome('amount_mismatch', job.jobId);
    }
    const fresh = paid ? await jobs.findByJobId(job.jobId) : null;
    if (fresh) await refunds.refund(fresh, 'amount_mismatch', 'stripe');
    return outcome('amount_mismatch', job.jobId);
  }

  /** Refunded or disputed before the payment was processed (events out of order): never fulfilled. */
  async function revokedBeforePayment(job: Job, eventType: string): Promise<EventOutcome> {
    const { code, message } = revocationOf(job);
    const moved = await jobs.transition(job, 'failed', {
      from: ['awaiting_payment'],
      reason: `${eventType}: ${code}`,
      actor: 'stripe',
      data: { errorCode: code, errorMessage: message, paidAt: new Date() },
    });
    if (moved) await emitFresh('failed', job.jobId);
    return outcome(code, job.jobId);
  }

  async function sessionPaid(
    session: Stripe.Checkout.Session,
    eventType: string,
  ): Promise<EventOutcome> {
    const orderId = session.metadata?.orderId;
    if (orderId) return orders.orderPaid(orderId, session, eventType);
    const job = await jobForSession(session);
    if (!job) return outcome('unknown_job');
    if (job.stripeCheckoutSessionId && job.stripeCheckoutSessionId !== session.id) {
      strapi.log.error(
        `[sell-my-images] ${eventType} for job ${job.jobId} names session ${session.id}, not ${job.stripeCheckoutSessionId}`,
      );
      return outcome('session_mismatch', job.jobId);
    }
    const backfill: JobPatch = {};
    const paymentIntent = idOf(session.payment_intent);
    if (paymentIntent && job.stripePaymentIntentId !== paymentIntent)
      backfill.stripePaymentIntentId = paymentIntent;
    const email = session.customer_details?.email ?? session.customer_email;
    if (!job.email && email) backfill.email = email.toLowerCase();
    const saveBackfill = async () => {
      if (Object.keys(backfill).length) await jobs.update(job.jobId, backfill);
    };
    // The subtotal is the server's price: tax and discounts computed by Stripe come on top.
    if (
      session.amount_subtotal !== job.amount ||
      session.currency?.toLowerCase() !== job.currency
    ) {
      return amountMismatch(job, session, backfill, eventType);
    }
    Object.assign(backfill, await amounts.paidAmounts(job, session));
    if (session.payment_status !== 'paid') {
      await saveBackfill();
      return outcome('awaiting_async_payment', job.jobId);
    }
    // Only an unpaid job becomes paid: a refund or dispute that arrived first is not undone.
    const moved = await jobs.transition(job, 'pending', {
      from: ['awaiting_payment'],
      where: { paymentStatus: 'unpaid' },
      reason: eventType,
      actor: 'stripe',
      data: { ...backfill, paymentStatus: 'paid', nextAttemptAt: new Date() },
    });
    if (!moved) {
      await saveBackfill();
      const fresh = await jobs.findByJobId(job.jobId);
      if (fresh?.status === 'awaiting_payment' && deliveryRevoked(fresh)) {
        return revokedBeforePayment(fresh, eventType);
      }
      return outcome('already_paid', job.jobId);
    }
    metrics.payment();
    emitJobEvent(strapi, 'paid', {
      ...job,
      status: 'pending',
      paymentStatus: 'paid',
      email: backfill.email ?? job.email,
    });
    return outcome('paid', job.jobId);
  }

  async function sessionClosed(
    session: Stripe.Checkout.Session,
    eventType: string,
    paymentFailed: boolean,
  ): Promise<EventOutcome> {
    const orderId = session.metadata?.orderId;
    if (orderId) return orders.orderClosed(orderId, eventType, paymentFailed);
    const job = await jobForSession(session);
    if (!job) return outcome('unknown_job');
    const moved = await jobs.transition(job, 'abandoned', {
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
    if (moved && paymentFailed) await emitFresh('failed', job.jobId);
    return outcome(
      moved ? (paymentFailed ? 'payment_failed' : 'abandoned') : 'no_change',
      job.jobId,
    );
  }

  return { sessionPaid, sessionClosed };
}
