import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { plugin } from '../services';
import { pricesQuerySchema } from '../validation/public-api';
import { answering, parseOr400 } from './guard';

/** `GET /api/sell-my-images/prices?fileId=` */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context): Promise<void> {
    const query = parseOr400(ctx, pricesQuerySchema, ctx.query, 'query');
    if (!query) return;
    await answering(ctx, async () => {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await plugin(strapi).checkout.prices(query.fileId);
    });
  },
});
