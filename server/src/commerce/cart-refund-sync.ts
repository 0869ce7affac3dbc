/**
 * `charge.refunded` on a cart order's charge (docs/architecture.md "Previews, cart and
 * purchases"): the charge's refunds are read from Stripe and shared out. A refund naming
 * a line (`metadata.jobId`, the plugin's own) is that line's; the charge refunded in full
 * refunds every line; a partial refund naming no line (the Dashboard) is shared over the
 * lines in proportion to what each cost, the last the rest, and marks them
 * `partially_refunded` — it never revokes a delivery.
 */
import type { Core } from '@strapi/strapi';
import type Stripe from 'stripe';
import { emitJobEvent } from '../jobs/events';
import type { Job, JobPatch } from '../jobs/repository';
import { lineCost, orderJobs } from './cart-order';
import { outcome, type EventDeps, type EventOutcome } from './stripe-event-jobs';
import { stripeClient } from './stripe-client';

export interface LineRefund {
  amountRefunded: number;
  full: boolean;
}

/**
 * Each line's refunded amount from the charge's standing refunds (pure): its own refunds,
 * plus its share of those naming no line; the whole charge refunded makes every line full.
 */
export function shareRefunds(
  lines: ReadonlyArray<{ jobId: string; cost: number }>,
  refunds: ReadonlyArray<{ amount: number; jobId: string | null }>,
  chargeRefunded: boolean,
): LineRefund[] {
  if (chargeRefunded) return lines.map((line) => ({ amountRefunded: line.cost, full: true }));
  const known = new Set(lines.map((line) => line.jobId));
  const own = (jobId: string) =>
    refunds.filter((r) => r.jobId === jobId).reduce((sum, r) => sum + r.amount, 0);
  const unnamed = refunds
    .filter((r) => !r.jobId || !known.has(r.jobId))
    .reduce((sum, r) => sum + r.amount, 0);
  const total = lines.reduce((sum, line) => sum + line.cost, 0);
  let left = unnamed;
  return lines.map((line, index) => {
    const share =
      index === lines.length - 1 ? left : total > 0 ? Math.floor((unnamed * line.cost) / total) : 0;
    left -= share;
    const amountRefunded = Math.min(line.cost, own(line.jobId) + share);
    return { amountRefunded, full: own(line.jobId) >= line.cost && line.cost > 0 };
  });
}

export function createOrderRefundSync(strapi: Core.Strapi, { jobs, settings }: EventDeps) {
  async function standingRefunds(chargeId: string) {
    const { stripeSecretKey } = await settings.get();
    const { data } = await stripeClient(stripeSecretKey ?? '').refunds.list({
      charge: chargeId,
      limit: 100,
    });
    return data
      .filter((refund) => refund.status !== 'failed' && refund.status !== 'canceled')
      .map((refund) => ({ amount: refund.amount, jobId: refund.metadata?.jobId ?? null }));
  }

  /** Applies the charge's refunds to every line of the order (each change once). */
  async function chargeRefunded(job: Job, charge: Stripe.Charge): Promise<EventOutcome> {
    const lines = await orderJobs(strapi, job.orderId ?? '');
    const shares = shareRefunds(
      lines.map((line) => ({ jobId: line.jobId, cost: lineCost(line) })),
      await standingRefunds(charge.id),
      charge.amount_refunded >= charge.amount,
    );
    let changedAny = false;
    for (const [index, line] of lines.entries()) {
      const share = shares[index] as LineRefund;
      if (share.amountRefunded === 0 && !line.amountRefunded) continue;
      const paymentStatus = share.full
        ? 'refunded'
        : share.amountRefunded > 0
          ? 'partially_refunded'
          : 'paid';
      const data: JobPatch = {
        paymentStatus,
        amountRefunded: share.amountRefunded,
        refundedAt: new Date().toISOString(),
      };
      // Conditional on another amount: a redelivered event changes nothing; a disputed
      // payment keeps its status (Stripe refuses refunds while disputed).
      const changed = await jobs.updateWhere(
        {
          jobId: line.jobId,
          paymentStatus: { $ne: 'disputed' },
          $or: [
            { amountRefunded: { $ne: share.amountRefunded } },
            { amountRefunded: { $null: true } },
          ],
        },
        data,
      );
      if (!changed) continue;
      changedAny = true;
      await jobs.recordPaymentChange(line.jobId, line.status, paymentStatus, {
        reason: 'charge.refunded',
        actor: 'stripe',
      });
      const fresh = await jobs.findByJobId(line.jobId);
      if (fresh) emitJobEvent(strapi, 'refunded', fresh);
    }
    return outcome(changedAny ? 'order_refunds_synced' : 'no_change', job.jobId);
  }

  return { chargeRefunded };
}
