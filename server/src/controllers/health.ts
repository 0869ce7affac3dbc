import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { HealthAnswer } from '../../../shared/contracts/health';
import { version } from '../../../package.json';
import { getService } from '../services/get-service';

/**
 * `GET /api/sell-my-images/health`: a cheap liveness answer for monitors and benchmarks
 * (no database, no disk). `GET /api/sell-my-images/health/ready`: readiness, 200 or 503
 * with each check (README "Monitoring").
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  check(ctx: Context): void {
    ctx.set('Cache-Control', 'no-store');
    const answer: HealthAnswer = { status: 'ok', plugin: 'sell-my-images', version };
    ctx.body = answer;
  },

  async ready(ctx: Context): Promise<void> {
    const answer = await getService(strapi, 'readiness').check();
    ctx.set('Cache-Control', 'no-store');
    ctx.status = answer.status === 'ready' ? 200 : 503;
    ctx.body = answer;
  },
});
