import type { Core } from '@strapi/strapi';
import Stripe from 'stripe';
import { PLUGIN_ID } from '../plugin-id';
import type { Job, JobPatch, JobsService } from '../jobs/repository';
import { emitJobEvent } from '../jobs/events';
import type { SettingsService } from '../settings/settings';
import { httpError } from '../utils/errors';

const STRIPE_EVENT_UID = `plugin::${PLUGIN_ID}.stripe-event` as const;

/** An event left "processing" longer than this (a crashed instance) may be taken over by a redelivery. */
const STALE_PROCESSING_MS = 60_000;

export interface EventOutcome {
  duplicate: boolean;
  outcome: string;
  jobId?: string;
}

type Claim = 'claimed' | 'duplicate';

const idOf = (value: string | { id: string } | null | undefined): string | null =>
  typeof value === 'string' ? value : (value?.id ?? null);

/** Stripe's own default: a signed timestamp older than this is a replay. */
const SIGNATURE_TOLERANCE_SECONDS = 300;

// `webhooks` needs no API key; one shared helper instance is enough.
const { webhooks } = new Stripe('sk_unused_for_signature_checks');

export function createStripeEventsService(
  strapi: Core.Strapi,
  { jobs, settings }: { jobs: JobsService; settings: SettingsService },
) {
  const events = () => strapi.db.query(STRIPE_EVENT_UID);

  /**
   * Stores the event id once (unique index). Exactly one concurrent delivery claims it;
   * the others are duplicates — unless the claimer crashed long ago, then one takes over.
   */
  async function claim(event: Stripe.Event): Promise<Claim> {
    try {
      await events().createMany({
        data: [
          { eventId: event.id, type: event.type, state: 'processing', receivedAt: new Date() },
        ],
      });
      return 'claimed';
    } catch (error) {
      const existing = (await events().findOne({ where: { eventId: event.id } })) as {
        state: string;
        receivedAt: string;
      } | null;
      if (!existing) throw error;
      if (
        existing.state !== 'processing' ||
        Date.now() - new Date(existing.receivedAt).getTime() < STALE_PROCESSING_MS
      ) {
        return 'duplicate';
      }
      const { count } = await events().updateMany({
        where: { eventId: event.id, state: 'processing', receivedAt: existing.receivedAt },
        data: { receivedAt: new Date() },
      });
      return count === 1 ? 'claimed' : 'duplicate';
    }
  }

  async function jobForSession(session: Stripe.Checkout.Session): Promise<Job | null> {
    const jobId = session.metadata?.jobId ?? session.client_reference_id;
    if (jobId) return jobs.findByJobId(jobId);
    return jobs.findOne({ stripeCheckoutSessionId: session.id });
  }

  async function sessionPaid(
    session: Stripe.Checkout.Session,
    eventType: string,
  ): Promise<EventOutcome> {
    const job = await jobForSession(session);
    if (!job) return { duplicate: false, outcome: 'unknown_job' };
    if (job.stripeCheckoutSessionId && job.stripeCheckoutSessionId !== session.id) {
      strapi.log.error(
        `[sell-my-images] ${eventType} for job ${job.jobId} names session ${session.id}, not ${job.stripeCheckoutSessionId}`,
      );
      return { duplicate: false, outcome: 'session_mismatch', jobId: job.jobId };
    }
    const backfill: JobPatch = {};
    const paymentIntent = idOf(session.payment_intent as string | { id: string } | null);
    if (paymentIntent && job.stripePaymentIntentId !== paymentIntent)
      backfill.stripePaymentIntentId = paymentIntent;
    const email = session.customer_details?.email ?? session.customer_email;
    if (!job.email && email) backfill.email = email.toLowerCase();
    if (session.amount_total !== job.amount || session.currency?.toLowerCase() !== job.currency) {
      await jobs.update(job.jobId, {
        ...backfill,
        errorCode: 'amount_mismatch',
        errorMessage: `Stripe reported ${session.amount_total} ${session.currency}, the job expects ${job.amount} ${job.currency}`,
      });
      strapi.log.error(`[sell-my-images] amount mismatch on job ${job.jobId}: not fulfilled`);
      return { duplicate: false, outcome: 'amount_mismatch', jobId: job.jobId };
    }
    if (session.payment_status !== 'paid') {
      if (Object.keys(backfill).length) await jobs.update(job.jobId, backfill);
      return { duplicate: false, outcome: 'awaiting_async_payment', jobId: job.jobId };
    }
    const data: JobPatch = { ...backfill, paymentStatus: 'paid', nextAttemptAt: new Date() };
    const moved = await jobs.transition(job, 'pending', {
      from: ['awaiting_payment'],
      reason: eventType,
      actor: 'stripe',
      data,
    });
    if (!moved) {
      if (Object.keys(backfill).length) await jobs.update(job.jobId, backfill);
      return { duplicate: false, outcome: 'already_paid', jobId: job.jobId };
    }
    emitJobEvent(strapi, 'paid', {
      ...job,
      status: 'pending',
      paymentStatus: 'paid',
      email: backfill.email ?? job.email,
    });
    return { duplicate: false, outcome: 'paid', jobId: job.jobId };
  }

  async function sessionClosed(
    session: Stripe.Checkout.Session,
    eventType: string,
    paymentFailed: boolean,
  ): Promise<EventOutcome> {
    const job = await jobForSession(session);
    if (!job) return { duplicate: false, outcome: 'unknown_job' };
    const moved = await jobs.transition(job, 'abandoned', {
      from: ['awaiting_payment'],
      reason: eventType,
      actor: 'stripe',
      data: paymentFailed
        ? ({
            paymentStatus: 'failed',
            errorCode: 'payment_failed',
            errorMessage: 'The delayed payment failed',
          } as Partial<Job>)
        : {},
    });
    if (moved && paymentFailed) {
      const failed = await jobs.findByJobId(job.jobId);
      if (failed) emitJobEvent(strapi, 'failed', failed);
    }
    return {
      duplicate: false,
      outcome: moved ? (paymentFailed ? 'payment_failed' : 'abandoned') : 'no_change',
      jobId: job.jobId,
    };
  }

  /** Refunds made anywhere (the plugin, the Stripe dashboard) land here and are synced once. */
  async function chargeRefunded(charge: Stripe.Charge): Promise<EventOutcome> {
    const paymentIntent = idOf(charge.payment_intent as string | { id: string } | null);
    const job =
      (paymentIntent ? await jobs.findOne({ stripePaymentIntentId: paymentIntent }) : null) ??
      (charge.metadata?.jobId ? await jobs.findByJobId(charge.metadata.jobId) : null);
    if (!job) return { duplicate: false, outcome: 'unknown_job' };
    const paymentStatus =
      charge.amount_refunded >= charge.amount ? 'refunded' : 'partially_refunded';
    // Conditional on a smaller refunded amount: a redelivered or concurrent event changes nothing.
    const changed = await jobs.updateWhere(
      {
        jobId: job.jobId,
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
    if (!changed) return { duplicate: false, outcome: 'no_change', jobId: job.jobId };
    await jobs.recordPaymentChange(job.jobId, job.status, paymentStatus, {
      reason: 'charge.refunded',
      actor: 'stripe',
    });
    const refunded = await jobs.findByJobId(job.jobId);
    if (refunded) emitJobEvent(strapi, 'refunded', refunded);
    return { duplicate: false, outcome: paymentStatus, jobId: job.jobId };
  }

  async function dispatch(event: Stripe.Event): Promise<EventOutcome> {
    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded':
        return sessionPaid(event.data.object as Stripe.Checkout.Session, event.type);
      case 'checkout.session.async_payment_failed':
        return sessionClosed(event.data.object as Stripe.Checkout.Session, event.type, true);
      case 'checkout.session.expired':
        return sessionClosed(event.data.object as Stripe.Checkout.Session, event.type, false);
      case 'charge.refunded':
        return chargeRefunded(event.data.object as Stripe.Charge);
      default:
        return { duplicate: false, outcome: 'ignored' };
    }
  }

  return {
    /**
     * `POST /webhooks/stripe`: checks the signature over the raw bytes (captured before
     * Strapi's body parser, see middlewares/raw-body-capture), then processes the event
     * once. 503 when it cannot be processed now makes Stripe deliver it again later.
     */
    async receive(raw: Buffer | undefined, signature: string) {
      const { stripeWebhookSecret } = await settings.get();
      if (!stripeWebhookSecret) throw httpError(503, 'The Stripe webhook secret is not configured');
      if (!raw || !signature) throw httpError(400, 'Missing Stripe-Signature header or body');
      let event: Stripe.Event;
      try {
        event = webhooks.constructEvent(
          raw,
          signature,
          stripeWebhookSecret,
          SIGNATURE_TOLERANCE_SECONDS,
        );
      } catch {
        throw httpError(400, 'Invalid Stripe signature');
      }
      try {
        return { received: true, id: event.id, type: event.type, ...(await this.handle(event)) };
      } catch (error) {
        strapi.log.error(
          `[sell-my-images] Stripe event ${event.id} (${event.type}) failed: ${(error as Error).message}`,
        );
        throw httpError(503, 'The event could not be processed now; it will be retried');
      }
    },

    /** Applies a completed session found by the housekeeping task (its webhook never arrived). */
    async reconcile(session: Stripe.Checkout.Session): Promise<EventOutcome> {
      return sessionPaid(session, 'reconciled with Stripe');
    },

    /** Processes a verified event exactly once; a redelivery is acknowledged without effect. */
    async handle(event: Stripe.Event): Promise<EventOutcome> {
      if ((await claim(event)) === 'duplicate') return { duplicate: true, outcome: 'duplicate' };
      try {
        const result = await dispatch(event);
        await events().updateMany({
          where: { eventId: event.id },
          data: {
            state: result.outcome === 'ignored' ? 'ignored' : 'processed',
            outcome: result.outcome,
            jobId: result.jobId ?? null,
            processedAt: new Date(),
          },
        });
        return result;
      } catch (error) {
        // Forget the claim so Stripe's retry processes the event again.
        await events().deleteMany({ where: { eventId: event.id } });
        throw error;
      }
    },
  };
}

export type StripeEventsService = ReturnType<typeof createStripeEventsService>;
