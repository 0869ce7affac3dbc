import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import Stripe from 'stripe';
import { getRawBody } from '../utils/raw-body';
import { plugin } from '../services';
import { sendError } from '../utils/http-errors';

/** Stripe's own default: a signed timestamp older than this is a replay. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

// `webhooks` needs no API key; one shared helper instance is enough.
const { webhooks } = new Stripe('sk_unused_for_signature_checks');

/**
 * `POST /api/sell-my-images/webhooks/stripe`. The signature is checked over the raw
 * bytes captured before Strapi's body parser (see middlewares/raw-body-capture); the
 * event is then processed once (see services/stripe-events).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async receive(ctx: Context): Promise<void> {
    const { stripeWebhookSecret } = await plugin(strapi).settings.get();
    if (!stripeWebhookSecret) {
      return sendError(
        ctx,
        503,
        'ServiceUnavailableError',
        'The Stripe webhook secret is not configured',
      );
    }
    const raw = getRawBody(ctx);
    const signature = ctx.get('stripe-signature');
    if (!raw || !signature)
      return sendError(ctx, 400, 'BadRequestError', 'Missing Stripe-Signature header or body');
    let event: Stripe.Event;
    try {
      event = webhooks.constructEvent(
        raw,
        signature,
        stripeWebhookSecret,
        SIGNATURE_TOLERANCE_SECONDS,
      );
    } catch {
      return sendError(ctx, 400, 'BadRequestError', 'Invalid Stripe signature');
    }
    try {
      const result = await plugin(strapi).stripeEvents.handle(event);
      ctx.body = { received: true, id: event.id, type: event.type, ...result };
    } catch (error) {
      strapi.log.error(
        `[sell-my-images] Stripe event ${event.id} (${event.type}) failed: ${(error as Error).message}`,
      );
      // 503 makes Stripe deliver the event again later.
      sendError(
        ctx,
        503,
        'ServiceUnavailableError',
        'The event could not be processed now; it will be retried',
      );
    }
  },
});
