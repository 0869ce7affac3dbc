import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../services/get-service';
import { visitorHash } from '../settings/keys';
import { clickBodySchema } from '../validation/public';
import { validate } from '../validation/validate';

/** `POST /api/sell-my-images/clicks` (`kind`: buy by default) → 204. Bad input 400, unknown file 404; storage trouble is logged, still 204. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async create(ctx: Context): Promise<void> {
    const body = validate(clickBodySchema, ctx.request.body, 'body');
    const visitor = visitorHash(strapi, ctx.request.ip, ctx.get('user-agent'));
    await getService(strapi, 'clicks').click(
      body.fileId,
      body.sourcePage ?? null,
      visitor,
      body.kind ?? 'buy',
    );
    ctx.status = 204;
  },
});
