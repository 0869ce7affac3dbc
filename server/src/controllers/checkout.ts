import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../services/get-service';
import { visitorHash } from '../settings/keys';
import { checkoutBodySchema } from '../validation/public';
import { validate } from '../validation/validate';

/** `POST /api/sell-my-images/checkout` → `201 { jobId, checkoutUrl }` (200 when an open session is reused). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async create(ctx: Context): Promise<void> {
    const body = validate(checkoutBodySchema, ctx.request.body, 'body');
    const ipHash = visitorHash(strapi, ctx.request.ip, ctx.get('user-agent'));
    const answer = await getService(strapi, 'checkout').checkout(body, { ipHash });
    ctx.status = answer.created ? 201 : 200;
    ctx.body = { jobId: answer.jobId, checkoutUrl: answer.checkoutUrl };
  },
});
