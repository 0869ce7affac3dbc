/**
 * Disputes and Radar early fraud warnings (docs/architecture.md "Money rules"): both
 * revoke delivery at once (links answer 410, a job not delivered yet never is). A won
 * dispute restores it; a lost one keeps it revoked and counts as refunded. A fraud
 * warning refunds at once when the owner chose so (`autoRefundOnFraudWarning`).
 */
import type { Core } from '@strapi/strapi';
import type Stripe from 'stripe';
import { emitJobEvent } from '../jobs/events';
import type { Job } from '../jobs/repository';
import { paymentJobs } from './cart-order';
import { jobOfPayment, outcome, type EventDeps, type EventOutcome } from './stripe-event-jobs';

/** Dispute statuses that end it in the merchant's favour (`warning_closed`: an inquiry dropped). */
const RESTORING = ['won', 'warning_closed'];

export function createDisputeEvents(strapi: Core.Strapi, deps: EventDeps) {
  const { jobs, settings, refunds } = deps;

  const jobOf = (object: Stripe.Dispute | Stripe.Radar.EarlyFraudWarning) =>
    jobOfPayment(deps, {
      paymentIntent: object.payment_intent,
      charge: object.charge,
      metadata: 'metadata' in object ? object.metadata : null,
    });

  /**
   * Runs `handle` on every job the object's payment paid: a cart's charge is one payment
   * for all its lines, so a dispute or fraud warning concerns each of them.
   */
  async function forEachLine(
    object: Stripe.Dispute | Stripe.Radar.EarlyFraudWarning,
    handle: (job: Job) => Promise<EventOutcome>,
  ): Promise<EventOutcome> {
    const job = await jobOf(object);
    if (!job) return outcome('unknown_job');
    const results: EventOutcome[] = [];
    for (const line of await paymentJobs(strapi, job)) results.push(await handle(line));
    return results.find((result) => result.outcome !== 'no_change') ?? (results[0] as EventOutcome);
  }

  const timeline = (job: Job, paymentStatus: Job['paymentStatus'], reason: string) =>
    jobs.recordPaymentChange(job.jobId, job.status, paymentStatus, { reason, actor: 'stripe' });

  /** A chargeback or inquiry was opened: delivery is revoked and the admin sees `disputed`. */
  async function disputeCreated(dispute: Stripe.Dispute): Promise<EventOutcome> {
    return forEachLine(dispute, (job) => disputeCreatedOn(job, dispute));
  }

  async function disputeCreatedOn(job: Job, dispute: Stripe.Dispute): Promise<EventOutcome> {
    // `unpaid` too: the dispute may land before checkout.session.completed (never fulfilled then).
    const changed = await jobs.updateWhere(
      { jobId: job.jobId, paymentStatus: { $in: ['unpaid', 'paid', 'partially_refunded'] } },
      { paymentStatus: 'disputed', stripeDisputeId: dispute.id },
    );
    if (!changed) return outcome('no_change', job.jobId);
    strapi.log.warn(
      `[sell-my-images] dispute ${dispute.id} opened on job ${job.jobId} (${dispute.reason}): delivery revoked`,
    );
    await timeline(job, 'disputed', `charge.dispute.created (${dispute.reason})`);
    const fresh = await jobs.findByJobId(job.jobId);
    if (fresh) emitJobEvent(strapi, 'disputed', fresh);
    return outcome('disputed', job.jobId);
  }

  /** Won: the payment stands again and delivery is restored. A job held back is fulfilled now. */
  async function disputeWon(job: Job, dispute: Stripe.Dispute): Promise<EventOutcome> {
    const paymentStatus = (job.amountRefunded ?? 0) > 0 ? 'partially_refunded' : 'paid';
    const changed = await jobs.updateWhere(
      { jobId: job.jobId, paymentStatus: 'disputed' },
      { paymentStatus, fraudWarningAt: null },
    );
    if (!changed) return outcome('no_change', job.jobId);
    await timeline(job, paymentStatus, `charge.dispute.closed (${dispute.status})`);
    if (job.status === 'failed' && job.errorCode === 'disputed_before_delivery') {
      await jobs.transition(job, 'pending', {
        reason: 'dispute won',
        actor: 'stripe',
        data: {
          nextAttemptAt: new Date(),
          attempts: 0,
          errorCode: null,
          errorMessage: null,
          upscalerJobId: null,
          leaseOwner: null,
          leaseExpiresAt: null,
        },
      });
    }
    return outcome('dispute_won', job.jobId);
  }

  /** Lost: the money went back to the buyer. Delivery stays revoked; it counts as refunded. */
  async function disputeLost(job: Job, dispute: Stripe.Dispute): Promise<EventOutcome> {
    const total = (job.amountRefunded ?? 0) + dispute.amount;
    // Capped at what the buyer paid (tax included, discount off), docs/architecture.md "Money rules".
    const paid = job.amountTotal ?? job.amount;
    const amountRefunded = paid === null ? total : Math.min(paid, total);
    const changed = await jobs.updateWhere(
      { jobId: job.jobId, paymentStatus: 'disputed' },
      {
        paymentStatus: 'refunded',
        amountRefunded,
        refundedAt: new Date(),
        errorCode: 'dispute_lost',
        errorMessage: `Dispute ${dispute.id} (${dispute.reason}) was lost`,
      },
    );
    if (!changed) return outcome('no_change', job.jobId);
    await timeline(job, 'refunded', `charge.dispute.closed (lost)`);
    const fresh = await jobs.findByJobId(job.jobId);
    if (fresh) emitJobEvent(strapi, 'refunded', fresh);
    return outcome('dispute_lost', job.jobId);
  }

  async function disputeClosed(dispute: Stripe.Dispute): Promise<EventOutcome> {
    return forEachLine(dispute, async (job) => {
      if (RESTORING.includes(dispute.status)) return disputeWon(job, dispute);
      if (dispute.status === 'lost') return disputeLost(job, dispute);
      return outcome('no_change', job.jobId);
    });
  }

  /**
   * The card issuer reported the payment as likely fraud: delivery is revoked (and an
   * undelivered job fails and is refunded); with `autoRefundOnFraudWarning` the payment
   * is refunded at once, before a dispute (and its fee) can follow.
   */
  async function fraudWarning(warning: Stripe.Radar.EarlyFraudWarning): Promise<EventOutcome> {
    return forEachLine(warning, (job) => fraudWarningOn(job, warning));
  }

  async function fraudWarningOn(
    job: Job,
    warning: Stripe.Radar.EarlyFraudWarning,
  ): Promise<EventOutcome> {
    const changed = await jobs.updateWhere(
      { jobId: job.jobId, fraudWarningAt: { $null: true } },
      {
        fraudWarningAt: new Date(),
        errorCode: 'fraud_warning',
        errorMessage: `Stripe Radar early fraud warning (${warning.fraud_type}): downloads blocked`,
      },
    );
    if (!changed) return outcome('no_change', job.jobId);
    strapi.log.warn(
      `[sell-my-images] early fraud warning ${warning.id} on job ${job.jobId}: delivery revoked`,
    );
    await timeline(
      job,
      job.paymentStatus,
      `radar.early_fraud_warning.created (${warning.fraud_type})`,
    );
    const { autoRefundOnFraudWarning } = await settings.get();
    const fresh = autoRefundOnFraudWarning ? await jobs.findByJobId(job.jobId) : null;
    if (fresh && (await refunds.refund(fresh, 'early fraud warning', 'stripe')) === 'refunded') {
      return outcome('fraud_warning_refunded', job.jobId);
    }
    return outcome('fraud_warning', job.jobId);
  }

  return { disputeCreated, disputeClosed, fraudWarning };
}
