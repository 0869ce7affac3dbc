/**
 * What the Stripe event handlers share (commerce/stripe-*-events): their outcome, their
 * dependencies and how a charge-level object (a charge, refund, dispute or fraud warning)
 * finds its job.
 */
import Stripe from 'stripe';
import type { Job, JobsService } from '../jobs/repository';
import type { SettingsService } from '../settings/settings';
import type { Metrics } from '../utils/metrics';
import type { Refunds } from './refunds';
import { stripeClient } from './stripe-client';

export interface EventOutcome {
  duplicate: boolean;
  outcome: string;
  jobId?: string;
}

export interface EventDeps {
  jobs: JobsService;
  settings: SettingsService;
  refunds: Refunds;
  metrics: Metrics;
}

/** The answer of a handler that processed an event (not a duplicate). */
export const outcome = (name: string, jobId?: string): EventOutcome =>
  jobId ? { duplicate: false, outcome: name, jobId } : { duplicate: false, outcome: name };

export const idOf = (value: string | { id: string } | null | undefined): string | null =>
  typeof value === 'string' ? value : (value?.id ?? null);

/** Where a charge-level object points: its payment intent, its charge, a job id in its metadata. */
export interface PaymentRef {
  paymentIntent: string | { id: string } | null | undefined;
  charge?: string | { id: string } | null;
  metadata?: Record<string, string> | null;
}

/**
 * The job of a payment: by the payment intent recorded on it, else by the job id in the
 * metadata (a refund or dispute may land before `checkout.session.completed` recorded the
 * payment intent), else by the charge read from Stripe (its metadata carries the job id).
 */
export async function jobOfPayment(
  { jobs, settings }: Pick<EventDeps, 'jobs' | 'settings'>,
  ref: PaymentRef,
): Promise<Job | null> {
  const paymentIntent = idOf(ref.paymentIntent);
  const byIntent = paymentIntent
    ? await jobs.findOne({ stripePaymentIntentId: paymentIntent })
    : null;
  if (byIntent) return byIntent;
  if (ref.metadata?.jobId) return jobs.findByJobId(ref.metadata.jobId);
  const chargeId = idOf(ref.charge);
  const { stripeSecretKey } = await settings.get();
  if (!chargeId || !stripeSecretKey) return null;
  try {
    const charge = await stripeClient(stripeSecretKey).charges.retrieve(chargeId);
    return charge.metadata?.jobId ? jobs.findByJobId(charge.metadata.jobId) : null;
  } catch (error) {
    // A charge this account does not know is not ours; any other failure is retried by Stripe.
    if (error instanceof Stripe.errors.StripeError && error.code === 'resource_missing')
      return null;
    throw error;
  }
}
