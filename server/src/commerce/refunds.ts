import type { Core } from '@strapi/strapi';
import Stripe from 'stripe';
import type { Job, JobsService } from '../jobs/repository';
import type { SettingsService } from '../settings/settings';
import type { Metrics } from '../utils/metrics';
import { stripeClient } from './stripe-client';
import { emitJobEvent } from '../jobs/events';

type RefundOutcome = 'refunded' | 'already_refunded' | 'not_paid' | 'retry_later';

/** A refund as recorded on the job: Stripe's id, the charge's refunded total, whether it is all of it. */
interface RefundRecord {
  refundId: string;
  amountRefunded: number;
  full: boolean;
}

/**
 * The one refund request of a job in its current state: its parameters depend only on the
 * job, so every caller (the worker, the admin, the fraud-warning handler, the retry task)
 * sends identical parameters for one idempotency key. The key names what makes a refund
 * distinct: the Stripe reason (`fraudulent` after a Radar early fraud warning) and, after
 * a refund Stripe reported failed, the number of failed ones (a new refund, not a replay).
 */
export function refundRequest(job: Job): {
  params: Stripe.RefundCreateParams;
  idempotencyKey: string;
} {
  const reason = job.fraudWarningAt ? 'fraudulent' : 'requested_by_customer';
  const failures = job.refundFailures ?? 0;
  const key = [`refund-${job.jobId}`];
  if (reason === 'fraudulent') key.push('fraudulent');
  if (failures > 0) key.push(`retry${failures}`);
  return {
    params: {
      payment_intent: job.stripePaymentIntentId ?? undefined,
      reason,
      metadata: { jobId: job.jobId },
    },
    idempotencyKey: key.join('-'),
  };
}

/** Stripe already holds a refund for this payment: the key was used, or the charge is refunded. */
function refundExists(error: unknown): boolean {
  if (!(error instanceof Stripe.errors.StripeError)) return false;
  return (
    error.type === 'StripeIdempotencyError' ||
    error.rawType === 'idempotency_error' ||
    error.code === 'charge_already_refunded'
  );
}

/**
 * Refunds a job's payment exactly once (docs/architecture.md "Money rules"). The Stripe
 * call carries an idempotency key (`refundRequest`), so a crash between the call and the
 * database write, or two instances racing, make Stripe answer the same refund again
 * rather than a second one; when Stripe says a refund exists already (an idempotency
 * conflict, `charge_already_refunded`), it is read back from Stripe and recorded. The
 * write is conditional, so only one caller records it and emits the event.
 */
export function createRefunds(
  strapi: Core.Strapi,
  { jobs, settings, metrics }: { jobs: JobsService; settings: SettingsService; metrics: Metrics },
) {
  /** The refunds Stripe holds for the job's payment, with the charge's refunded total. */
  async function readBack(stripe: Stripe, paymentIntent: string): Promise<RefundRecord | null> {
    const intent = await stripe.paymentIntents.retrieve(paymentIntent, {
      expand: ['latest_charge'],
    });
    const charge = intent.latest_charge;
    if (!charge || typeof charge === 'string' || charge.amount_refunded === 0) return null;
    const { data } = await stripe.refunds.list({ payment_intent: paymentIntent, limit: 100 });
    const standing = data.find(
      (refund) => refund.status !== 'failed' && refund.status !== 'canceled',
    );
    if (!standing) return null;
    return {
      refundId: standing.id,
      amountRefunded: charge.amount_refunded,
      full: charge.amount_refunded >= charge.amount,
    };
  }

  /** Writes the refund once (conditional on a payment still standing) and tells listeners. */
  async function record(
    job: Job,
    refund: RefundRecord,
    reason: string,
    actor: string,
  ): Promise<RefundOutcome> {
    const paymentStatus = refund.full ? 'refunded' : 'partially_refunded';
    const changed = await jobs.updateWhere(
      { jobId: job.jobId, paymentStatus: { $in: ['paid', 'partially_refunded'] } },
      {
        paymentStatus,
        stripeRefundId: refund.refundId,
        amountRefunded: refund.amountRefunded,
        refundedAt: new Date(),
      },
    );
    if (!changed) return 'already_refunded';
    await jobs.recordPaymentChange(job.jobId, job.status, paymentStatus, { reason, actor });
    emitJobEvent(strapi, 'refunded', {
      ...job,
      paymentStatus,
      amountRefunded: refund.amountRefunded,
    });
    return 'refunded';
  }

  async function refund(job: Job, reason: string, actor: string): Promise<RefundOutcome> {
    if (job.paymentStatus === 'refunded') return 'already_refunded';
    if (job.paymentStatus !== 'paid' && job.paymentStatus !== 'partially_refunded')
      return 'not_paid';
    const paymentIntent = job.stripePaymentIntentId;
    if (!paymentIntent) {
      strapi.log.error(
        `[sell-my-images] job ${job.jobId} cannot be refunded: no payment intent recorded`,
      );
      await jobs.update(job.jobId, {
        errorCode: 'refund_impossible',
        errorMessage: 'No payment intent recorded',
      });
      return 'retry_later';
    }
    const { stripeSecretKey } = await settings.get();
    const stripe = stripeClient(stripeSecretKey as string);
    const { params, idempotencyKey } = refundRequest(job);
    let refunded: RefundRecord | null;
    try {
      const refund = await stripe.refunds.create(params, { idempotencyKey });
      // No amount is sent: the refund is the rest of the charge, i.e. what the buyer actually
      // paid (tax included, discount off: the job's amountTotal), not the job's price.
      const amountRefunded = (job.amountRefunded ?? 0) + refund.amount;
      refunded = { refundId: refund.id, amountRefunded, full: true };
    } catch (error) {
      refunded = refundExists(error)
        ? await readBack(stripe, paymentIntent).catch(() => null)
        : null;
      if (!refunded) {
        const message = (error as Error).message;
        strapi.log.error(
          `[sell-my-images] refund of job ${job.jobId} failed, will retry: ${message}`,
        );
        return 'retry_later';
      }
    }
    return record(job, refunded, reason, actor);
  }

  return {
    /** Refunds the rest of the job's payment; each outcome counted (README "Monitoring"). */
    async refund(job: Job, reason: string, actor: string): Promise<RefundOutcome> {
      const outcome = await refund(job, reason, actor);
      metrics.refund(outcome);
      return outcome;
    },
  };
}

export type Refunds = ReturnType<typeof createRefunds>;
