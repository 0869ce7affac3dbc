/**
 * A cart order's jobs (docs/architecture.md "Previews, cart and purchases"): the lines
 * share `orderId`, the session, the payment intent and its charge, so an event about the
 * payment (a dispute, a Dashboard refund) concerns every line.
 */
import type { Core } from '@strapi/strapi';
import type { Job } from '../jobs/repository';
import { JOB_UID } from '../plugin-id';

/** The lines of an order, in line order. */
export async function orderJobs(strapi: Core.Strapi, orderId: string): Promise<Job[]> {
  return (await strapi.db.query(JOB_UID).findMany({
    where: { orderId },
    orderBy: [{ orderLine: 'asc' }, { id: 'asc' }],
  })) as Job[];
}

/** Every job paid with `job`'s payment: its order's lines, or the job alone. */
export async function paymentJobs(strapi: Core.Strapi, job: Job): Promise<Job[]> {
  if (!job.orderId) return [job];
  const lines = await orderJobs(strapi, job.orderId);
  return lines.length ? lines : [job];
}

/** What a line cost the buyer (tax included, discount off): Stripe's line total, else its price. */
export const lineCost = (job: Pick<Job, 'amountTotal' | 'amount'>): number =>
  job.amountTotal ?? job.amount ?? 0;
