/**
 * Refund events (docs/architecture.md "Money rules"): refunds made anywhere (the plugin,
 * the Stripe dashboard) arrive as `charge.refunded` and are synced once; a refund Stripe
 * could not carry out (`refund.failed`) gives the job its payment back, so it can be
 * refunded again.
 */
import type { Core } from '@strapi/strapi';
import type Stripe from 'stripe';
import { emitJobEvent } from '../jobs/events';
import { createOrderRefundSync } from './cart-refund-sync';
import { jobOfPayment, outcome, type EventDeps, type EventOutcome } from './stripe-event-jobs';

export function createRefundEvents(strapi: Core.Strapi, deps: EventDeps) {
  const { jobs } = deps;
  const orders = createOrderRefundSync(strapi, deps);

  async function chargeRefunded(charge: Stripe.Charge): Promise<EventOutcome> {
    const job = await jobOfPayment(deps, {
      paymentIntent: charge.payment_intent,
      metadata: charge.metadata,
    });
    if (!job) return outcome('unknown_job');
    // A cart's charge pays several lines: its refunds are shared out (commerce/cart-refund-sync).
    if (job.orderId) return orders.chargeRefunded(job, charge);
    const paymentStatus =
      charge.amount_refunded >= charge.amount ? 'refunded' : 'partially_refunded';
    // Conditional on a smaller refunded amount: a redelivered or concurrent event changes
    // nothing; a disputed payment keeps its status (Stripe refuses refunds while disputed).
    const changed = await jobs.updateWhere(
      {
        jobId: job.jobId,
        paymentStatus: { $ne: 'disputed' },
        $or: [
          { amountRefunded: { $lt: charge.amount_refunded } },
          { amountRefunded: { $null: true } },
        ],
      },
      {
        paymentStatus,
        amountRefunded: charge.amount_refunded,
        refundedAt: new Date().toISOString(),
      },
    );
    if (!changed) return outcome('no_change', job.jobId);
    await jobs.recordPaymentChange(job.jobId, job.status, paymentStatus, {
      reason: 'charge.refunded',
      actor: 'stripe',
    });
    const refunded = await jobs.findByJobId(job.jobId);
    if (refunded) emitJobEvent(strapi, 'refunded', refunded);
    return outcome(paymentStatus, job.jobId);
  }

  /**
   * A refund failed after Stripe accepted it (e.g. the card account was closed): the
   * amount goes back to the job's payment (`paid`, or `partially_refunded` if an earlier
   * refund stands), the failure is recorded, and the next refund is a new one
   * (`refundFailures` is part of its idempotency key, commerce/refunds), which the retry
   * task or the admin can make.
   */
  async function refundFailed(refund: Stripe.Refund): Promise<EventOutcome> {
    // A cart line's refund names its job; the payment intent is shared by the order's lines.
    const named = refund.metadata?.jobId ? await jobs.findByJobId(refund.metadata.jobId) : null;
    const job =
      named ??
      (await jobOfPayment(deps, {
        paymentIntent: refund.payment_intent,
        charge: refund.charge,
        metadata: refund.metadata,
      }));
    if (!job) return outcome('unknown_job');
    const before = job.amountRefunded ?? 0;
    const amountRefunded = Math.max(0, before - refund.amount);
    const paymentStatus = amountRefunded > 0 ? 'partially_refunded' : 'paid';
    const why = refund.failure_reason ?? 'unknown';
    const changed = await jobs.updateWhere(
      {
        jobId: job.jobId,
        amountRefunded: before,
        paymentStatus: { $in: ['refunded', 'partially_refunded'] },
      },
      {
        paymentStatus,
        amountRefunded,
        refundFailures: (job.refundFailures ?? 0) + 1,
        errorCode: 'refund_failed',
        errorMessage: `Stripe could not carry out refund ${refund.id} (${why})`,
        ...(amountRefunded === 0 ? { refundedAt: null } : {}),
      },
    );
    if (!changed) return outcome('no_change', job.jobId);
    strapi.log.error(`[sell-my-images] refund ${refund.id} of job ${job.jobId} failed: ${why}`);
    await jobs.recordPaymentChange(job.jobId, job.status, paymentStatus, {
      reason: `refund.failed (${why})`,
      actor: 'stripe',
    });
    return outcome('refund_failed', job.jobId);
  }

  return { chargeRefunded, refundFailed };
}
