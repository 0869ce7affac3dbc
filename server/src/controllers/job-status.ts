import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../services/get-service';
import { jobParamsSchema } from '../validation/public';
import { validate } from '../validation/validate';

/** `GET /api/sell-my-images/jobs/:jobId[?session=cs_…]`: what the visitor's page polls after Stripe. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async findOne(ctx: Context): Promise<void> {
    const { jobId } = validate(jobParamsSchema, ctx.params, 'parameters', 'Invalid jobId');
    const session = typeof ctx.query.session === 'string' ? ctx.query.session : '';
    const answer = await getService(strapi, 'downloads').status(jobId, session);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = answer;
  },
});
