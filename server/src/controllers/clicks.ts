import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { plugin } from '../services';
import { findMediaFile } from '../services/files';
import { visitorHash } from '../services/keys';
import { clickBodySchema } from '../validation/public-api';
import { answering, parseOr400 } from './guard';
import { notFound } from '../utils/http-errors';

/** `POST /api/sell-my-images/clicks` → 204. Bad input 400, unknown file 404; storage trouble is logged, still 204. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async create(ctx: Context): Promise<void> {
    await answering(ctx, async () => {
      await plugin(strapi).rateLimits.consume('clicks', ctx.request.ip);
      const body = parseOr400(ctx, clickBodySchema, ctx.request.body, 'body');
      if (!body) return;
      let fileId: number | null = null;
      try {
        fileId = (await findMediaFile(strapi, body.fileId))?.id ?? null;
      } catch (error) {
        strapi.log.error(`[sell-my-images] click lookup failed: ${(error as Error).message}`);
        ctx.status = 204;
        return;
      }
      if (fileId === null) return notFound(ctx, 'No image with this id');
      await plugin(strapi).clicks.record(
        fileId,
        body.sourcePage ?? null,
        visitorHash(strapi, ctx.request.ip, ctx.get('user-agent')),
      );
      ctx.status = 204;
    });
  },
});
