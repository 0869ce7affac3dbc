import type { Context } from 'koa';
import type { HealthAnswer } from '../../../shared/contracts/health';
import { version } from '../../../package.json';

/** `GET /api/sell-my-images/health`: a cheap liveness answer for monitors and benchmarks. */
export default () => ({
  check(ctx: Context): void {
    ctx.set('Cache-Control', 'no-store');
    const answer: HealthAnswer = { status: 'ok', plugin: 'sell-my-images', version };
    ctx.body = answer;
  },
});
