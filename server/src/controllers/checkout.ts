import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../services/get-service';
import { visitorHash } from '../settings/keys';
import { checkoutBodySchema } from '../validation/public';
import { validate } from '../validation/validate';

/**
 * `POST /api/sell-my-images/checkout` → `201 { jobId, checkoutUrl }`, also when the
 * visitor's own open session is reused: the status must not tell anyone whether an
 * e-mail is in the middle of a purchase.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async create(ctx: Context): Promise<void> {
    const body = validate(checkoutBodySchema, ctx.request.body, 'body');
    const ipHash = visitorHash(strapi, ctx.request.ip, ctx.get('user-agent'));
    const answer = await getService(strapi, 'checkout').checkout(body, { ipHash });
    ctx.status = 201;
    ctx.body = { jobId: answer.jobId, checkoutUrl: answer.checkoutUrl };
  },
});
