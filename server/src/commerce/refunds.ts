import type { Core } from '@strapi/strapi';
import Stripe from 'stripe';
import type { Job, JobsService } from '../jobs/repository';
import type { SettingsService } from '../settings/settings';
import { stripeClient } from './stripe-client';
import { emitJobEvent } from '../jobs/events';

type RefundOutcome = 'refunded' | 'already_refunded' | 'not_paid' | 'retry_later';

/**
 * Refunds a job's payment exactly once. The Stripe call carries the idempotency key
 * `refund-<jobId>`, so a crash between the call and the database write, or two
 * instances racing, make Stripe answer the same refund again rather than a second one;
 * the write is conditional, so only one caller records it and emits the event.
 */
export function createRefunds(
  strapi: Core.Strapi,
  { jobs, settings }: { jobs: JobsService; settings: SettingsService },
) {
  return {
    async refund(job: Job, reason: string, actor: string): Promise<RefundOutcome> {
      if (job.paymentStatus === 'refunded') return 'already_refunded';
      if (job.paymentStatus !== 'paid' && job.paymentStatus !== 'partially_refunded')
        return 'not_paid';
      if (!job.stripePaymentIntentId) {
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
      let refund: Stripe.Refund;
      try {
        refund = await stripeClient(stripeSecretKey as string).refunds.create(
          {
            payment_intent: job.stripePaymentIntentId,
            reason: 'requested_by_customer',
            metadata: { jobId: job.jobId, reason: reason.slice(0, 200) },
          },
          { idempotencyKey: `refund-${job.jobId}` },
        );
      } catch (error) {
        if (
          error instanceof Stripe.errors.StripeInvalidRequestError &&
          error.code === 'charge_already_refunded'
        ) {
          // Refunded elsewhere (dashboard): charge.refunded syncs the job.
          return 'already_refunded';
        }
        strapi.log.error(
          `[sell-my-images] refund of job ${job.jobId} failed, will retry: ${(error as Error).message}`,
        );
        return 'retry_later';
      }
      const changed = await jobs.updateWhere(
        { jobId: job.jobId, paymentStatus: { $ne: 'refunded' } },
        {
          paymentStatus: 'refunded',
          stripeRefundId: refund.id,
          amountRefunded: job.amount ?? 0,
          refundedAt: new Date(),
        },
      );
      if (!changed) return 'already_refunded';
      await jobs.recordPaymentChange(job.jobId, job.status, 'refunded', { reason, actor });
      emitJobEvent(strapi, 'refunded', {
        ...job,
        paymentStatus: 'refunded',
        amountRefunded: job.amount ?? 0,
      });
      return 'refunded';
    },
  };
}

export type Refunds = ReturnType<typeof createRefunds>;
