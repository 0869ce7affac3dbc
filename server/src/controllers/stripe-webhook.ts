import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getRawBody } from '../middlewares/raw-body-capture';
import { getService } from '../services/get-service';

/** `POST /api/sell-my-images/webhooks/stripe`: a signed Stripe event (see commerce/stripe-events). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async receive(ctx: Context): Promise<void> {
    const events = getService(strapi, 'stripeEvents');
    ctx.body = await events.receive(getRawBody(ctx), ctx.get('stripe-signature'));
  },
});
