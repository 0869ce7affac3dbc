import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { plugin } from '../services';
import { visitorHash } from '../services/keys';
import { checkoutBodySchema } from '../validation/public-api';
import { answering, parseOr400 } from './guard';

/** `POST /api/sell-my-images/checkout` → `201 { jobId, checkoutUrl }` (200 when an open session is reused). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async create(ctx: Context): Promise<void> {
    await answering(ctx, async () => {
      await plugin(strapi).rateLimits.consume('checkout', ctx.request.ip);
      const body = parseOr400(ctx, checkoutBodySchema, ctx.request.body, 'body');
      if (!body) return;
      const answer = await plugin(strapi).checkout.checkout(body, {
        ipHash: visitorHash(strapi, ctx.request.ip, ctx.get('user-agent')),
      });
      ctx.status = answer.created ? 201 : 200;
      ctx.body = { jobId: answer.jobId, checkoutUrl: answer.checkoutUrl };
    });
  },
});
