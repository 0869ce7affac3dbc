import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../services/get-service';
import { visitorHash } from '../settings/keys';
import { cartCheckoutBodySchema, cartQuoteBodySchema } from '../validation/public';
import { validate } from '../validation/validate';

/** The cart (docs/architecture.md "Previews, cart and purchases"; shapes in shared/contracts/cart). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** `POST /cart/quote` → 200 `CartQuote`: unavailable lines are flagged, never a 404. */
  async quote(ctx: Context): Promise<void> {
    const body = validate(cartQuoteBodySchema, ctx.request.body, 'body');
    ctx.body = await getService(strapi, 'cart').quote(body);
  },

  /** `POST /cart/checkout` → 201 `{ orderId, jobIds, checkoutUrl }`. */
  async checkout(ctx: Context): Promise<void> {
    const body = validate(cartCheckoutBodySchema, ctx.request.body, 'body');
    const ipHash = visitorHash(strapi, ctx.request.ip, ctx.get('user-agent'));
    const answer = await getService(strapi, 'cart').checkout(body, { ipHash });
    ctx.status = 201;
    ctx.body = answer;
  },
});
