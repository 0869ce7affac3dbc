import type { Context } from 'koa';
import Stripe from 'stripe';
import { getRawBody } from '../utils/raw-body';
import { readEnvironment } from '../services/environment';

/** Stripe's own default: a signed timestamp older than this is a replay. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

// `webhooks` needs no API key; one shared helper instance is enough.
const { webhooks } = new Stripe('sk_unused_for_signature_checks');

/**
 * `POST /api/sell-my-images/webhooks/stripe`. The signature is checked over the raw
 * bytes captured before Strapi's body parser (see middlewares/raw-body-capture).
 */
export default () => ({
  async receive(ctx: Context): Promise<void> {
    const secret = readEnvironment().stripeWebhookSecret;
    if (!secret) {
      ctx.status = 503;
      ctx.body = {
        data: null,
        error: { status: 503, name: 'ServiceUnavailableError', message: 'The Stripe webhook secret is not configured' },
      };
      return;
    }
    const raw = getRawBody(ctx);
    const signature = ctx.get('stripe-signature');
    if (!raw || !signature) {
      return ctx.badRequest('Missing Stripe-Signature header or body');
    }
    let event: Stripe.Event;
    try {
      event = webhooks.constructEvent(raw, signature, secret, SIGNATURE_TOLERANCE_SECONDS);
    } catch {
      return ctx.badRequest('Invalid Stripe signature');
    }
    ctx.body = { received: true, id: event.id, type: event.type };
  },
});
