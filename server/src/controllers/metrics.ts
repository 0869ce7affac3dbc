import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../services/get-service';
import { errors } from '../utils/errors';

/**
 * `GET /api/sell-my-images/metrics` (README "Monitoring"): Prometheus' text format, only
 * with `SMI_METRICS_TOKEN` set (404 otherwise, as if the route did not exist) and only for
 * `Authorization: Bearer <token>` (401 otherwise).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async scrape(ctx: Context): Promise<void> {
    const metrics = getService(strapi, 'metrics');
    const access = metrics.authorize(ctx.get('authorization') || undefined);
    if (access === 'disabled') throw new errors.NotFoundError('Not Found');
    if (access === 'unauthorized') {
      ctx.set('WWW-Authenticate', 'Bearer realm="sell-my-images metrics"');
      throw new errors.UnauthorizedError('A valid metrics token is required');
    }
    const { contentType, body } = await metrics.scrape();
    ctx.set('Cache-Control', 'no-store');
    ctx.type = contentType;
    ctx.body = body;
  },
});
