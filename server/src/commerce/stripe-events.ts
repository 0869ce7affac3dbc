/**
 * The Stripe webhook (docs/architecture.md "Money rules"): the signature over the raw
 * bytes, each event processed once (stored by id), events of the other mode (test/live)
 * ignored, and each event family handed to its module (stripe-session-events,
 * stripe-refund-events, stripe-dispute-events).
 */
import type { Core } from '@strapi/strapi';
import Stripe from 'stripe';
import { STRIPE_WEBHOOK_EVENTS } from '../../../shared/contracts/stripe-webhook';
import { PLUGIN_ID } from '../plugin-id';
import { httpError } from '../utils/errors';
import { stripeModeOf } from './stripe-client';
import { createDisputeEvents } from './stripe-dispute-events';
import { outcome, type EventDeps, type EventOutcome } from './stripe-event-jobs';
import { createRefundEvents } from './stripe-refund-events';
import { createSessionEvents } from './stripe-session-events';

export type { EventOutcome } from './stripe-event-jobs';

const HANDLED_EVENTS = new Set<string>(STRIPE_WEBHOOK_EVENTS);

/** Outcomes stored as `ignored` (the event did nothing by design). */
const IGNORED = new Set(['ignored', 'livemode_mismatch']);

export const STRIPE_EVENT_UID = `plugin::${PLUGIN_ID}.stripe-event` as const;

/** An event left "processing" longer than this (a crashed instance) may be taken over by a redelivery. */
const STALE_PROCESSING_MS = 60_000;

type Claim = 'claimed' | 'duplicate';

/** Stripe's own default: a signed timestamp older than this is a replay. */
const SIGNATURE_TOLERANCE_SECONDS = 300;

// `webhooks` needs no API key; one shared helper instance is enough.
const { webhooks } = new Stripe('sk_unused_for_signature_checks');

export function createStripeEventsService(strapi: Core.Strapi, deps: EventDeps) {
  const { settings } = deps;
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

  const sessions = createSessionEvents(strapi, deps);
  const refundEvents = createRefundEvents(strapi, deps);
  const disputes = createDisputeEvents(strapi, deps);

  async function dispatch(event: Stripe.Event): Promise<EventOutcome> {
    // The one list the webhook endpoint subscribes to (settings page "Set up webhook").
    if (!HANDLED_EVENTS.has(event.type)) return outcome('ignored');
    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded':
        return sessions.sessionPaid(event.data.object, event.type);
      case 'checkout.session.async_payment_failed':
        return sessions.sessionClosed(event.data.object, event.type, true);
      case 'checkout.session.expired':
        return sessions.sessionClosed(event.data.object, event.type, false);
      case 'charge.refunded':
        return refundEvents.chargeRefunded(event.data.object);
      case 'refund.failed':
        return refundEvents.refundFailed(event.data.object);
      case 'charge.dispute.created':
        return disputes.disputeCreated(event.data.object);
      case 'charge.dispute.closed':
        return disputes.disputeClosed(event.data.object);
      case 'radar.early_fraud_warning.created':
        return disputes.fraudWarning(event.data.object);
      default:
        return outcome('ignored');
    }
  }

  /**
   * A test-mode event on a shop with a live key, or the reverse, must not act: it is
   * acknowledged, logged once (the event id is stored, a redelivery is a duplicate) and
   * ignored. Without a key the mode is unknown and the event is processed.
   */
  async function livemodeMismatch(event: Stripe.Event): Promise<EventOutcome | null> {
    const { stripeSecretKey } = await settings.get();
    if (!stripeSecretKey) return null;
    const keyMode = stripeModeOf(stripeSecretKey);
    const eventMode = event.livemode ? 'live' : 'test';
    if (eventMode === keyMode) return null;
    strapi.log.warn(
      `[sell-my-images] ignored Stripe event ${event.id} (${event.type}): a ${eventMode}-mode event, but the shop's key is ${keyMode}-mode`,
    );
    return outcome('livemode_mismatch');
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
      return sessions.sessionPaid(session, 'reconciled with Stripe');
    },

    /** Processes a verified event exactly once; a redelivery is acknowledged without effect. */
    async handle(event: Stripe.Event): Promise<EventOutcome> {
      if ((await claim(event)) === 'duplicate') return { duplicate: true, outcome: 'duplicate' };
      try {
        const result = (await livemodeMismatch(event)) ?? (await dispatch(event));
        await events().updateMany({
          where: { eventId: event.id },
          data: {
            state: IGNORED.has(result.outcome) ? 'ignored' : 'processed',
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
