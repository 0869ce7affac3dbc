import type { Core } from '@strapi/strapi';
import Stripe from 'stripe';
import type { Job, JobsService } from '../jobs/repository';
import type { SettingsService } from '../settings/settings';
import type { Metrics } from '../utils/metrics';
import { stripeClient } from './stripe-client';
import { emitJobEvent } from '../jobs/events';
import { lineCost, orderJobs } from './cart-order';

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
  /** Null: the rest of the charge; else exactly this (a cart line, its cost tax included). */
  amount: number | null;
} {
  const reason = job.fraudWarningAt ? 'fraudulent' : 'requested_by_customer';
  const failures = job.refundFailures ?? 0;
  const scope = refundScope(job);
  const key = [scope === 'order' ? `refund-order-${job.orderId}` : `refund-${job.jobId}`];
  if (reason === 'fraudulent') key.push('fraudulent');
  if (failures > 0) key.push(`retry${failures}`);
  const amount = scope === 'line' ? lineRefundAmount(job) : null;
  return {
    params: {
      payment_intent: job.stripePaymentIntentId ?? undefined,
      reason,
      ...(amount !== null ? { amount } : {}),
      metadata:
        scope === 'order'
          ? { orderId: job.orderId ?? '' }
          : { jobId: job.jobId, ...(job.orderId ? { orderId: job.orderId } : {}) },
    },
    idempotencyKey: key.join('-'),
    amount,
  };
}

/**
 * What a refund of the job gives back (docs/architecture.md "Previews, cart and
 * purchases"): a single purchase, the rest of its charge; a cart's line, exactly what
 * that line cost (tax included, discount off) less what was refunded of it already;
 * a cart whose paid amount did not match (`amount_mismatch`), the rest of the whole charge.
 */
export function refundScope(job: Pick<Job, 'orderId' | 'errorCode'>): 'single' | 'line' | 'order' {
  if (!job.orderId) return 'single';
  return job.errorCode === 'amount_mismatch' ? 'order' : 'line';
}

const lineRefundAmount = (job: Job): number =>
  Math.max(0, lineCost(job) - (job.amountRefunded ?? 0));

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
  /**
   * The refund Stripe holds for the job: a cart line's own refunds (by `metadata.jobId`),
   * or its whole cost when the charge is refunded in full; otherwise the charge's refunds.
   */
  async function readBack(stripe: Stripe, job: Job, paymentIntent: string) {
    const intent = await stripe.paymentIntents.retrieve(paymentIntent, {
      expand: ['latest_charge'],
    });
    const charge = intent.latest_charge;
    if (!charge || typeof charge === 'string' || charge.amount_refunded === 0) return null;
    const { data } = await stripe.refunds.list({ payment_intent: paymentIntent, limit: 100 });
    const standing = data.filter(
      (refund) => refund.status !== 'failed' && refund.status !== 'canceled',
    );
    const chargeRefunded = charge.amount_refunded >= charge.amount;
    if (refundScope(job) === 'line') {
      const own = standing.filter((refund) => refund.metadata?.jobId === job.jobId);
      const found = own[0] ?? (chargeRefunded ? standing[0] : undefined);
      if (!found) return null;
      const amount = own.reduce((sum, refund) => sum + refund.amount, 0);
      const amountRefunded = chargeRefunded ? lineCost(job) : amount;
      return { refundId: found.id, amountRefunded, full: amountRefunded >= lineCost(job) };
    }
    if (!standing[0]) return null;
    return {
      refundId: standing[0].id,
      amountRefunded: charge.amount_refunded,
      full: chargeRefunded,
    };
  }

  /** Writes the refund once (conditional on a payment still standing) and tells listeners. */
  async function record(
    job: Job,
    refund: RefundRecord,
    reason: string,
    actor: string,
  ): Promise<RefundOutcome> {
    if (refundScope(job) === 'order') return recordOrder(job, refund, reason, actor);
    return recordLine(job, refund, reason, actor);
  }

  async function recordLine(
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

  /** The whole order's refund (an amount mismatch): each line records its own cost. */
  async function recordOrder(
    job: Job,
    refund: RefundRecord,
    reason: string,
    actor: string,
  ): Promise<RefundOutcome> {
    let outcome: RefundOutcome = 'already_refunded';
    for (const line of await orderJobs(strapi, job.orderId ?? '')) {
      const single = { ...refund, amountRefunded: lineCost(line), full: refund.full };
      if ((await recordLine(line, single, reason, actor)) === 'refunded') outcome = 'refunded';
    }
    return outcome;
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
    const { params, idempotencyKey, amount } = refundRequest(job);
    if (amount === 0) return 'already_refunded';
    let refunded: RefundRecord | null;
    try {
      const refund = await stripe.refunds.create(params, { idempotencyKey });
      // A single purchase sends no amount: the refund is the rest of the charge, i.e. what the
      // buyer actually paid (tax included, discount off: the job's amountTotal), not its price;
      // a cart line sends exactly what is left of its own cost.
      const amountRefunded = (job.amountRefunded ?? 0) + refund.amount;
      refunded = { refundId: refund.id, amountRefunded, full: true };
    } catch (error) {
      refunded = refundExists(error)
        ? await readBack(stripe, job, paymentIntent).catch(() => null)
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
