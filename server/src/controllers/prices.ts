import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../services/get-service';
import { pricesQuerySchema } from '../validation/public';
import { validate } from '../validation/validate';

/** `GET /api/sell-my-images/prices?fileId=` */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context): Promise<void> {
    const { fileId } = validate(pricesQuerySchema, ctx.query, 'query');
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await getService(strapi, 'quotes').prices(fileId);
  },
});
