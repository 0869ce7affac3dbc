/**
 * Per-client limits of the public routes (docs/architecture.md "Security model"): a
 * route names its bucket in its config (`rateLimit('checkout')` in routes/content-api),
 * and past the limit Strapi answers 429 `RateLimitError` with `Retry-After`.
 */
import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { PLUGIN_ID } from '../plugin-id';
import { getService } from '../services/get-service';
import { errors } from '../utils/errors';

interface RateLimit {
  /** Requests allowed per window and per client address. */
  points: number;
  /** Window length in seconds. */
  duration: number;
}

const RATE_LIMITED_ROUTES = ['checkout', 'clicks'] as const;
type RateLimitedRoute = (typeof RATE_LIMITED_ROUTES)[number];

/** Defaults, changed in config/plugins (`rateLimits`). */
const DEFAULT_RATE_LIMITS: Record<RateLimitedRoute, RateLimit> = {
  checkout: { points: 10, duration: 60 },
  clicks: { points: 120, duration: 60 },
};

/** The limiters of one Strapi instance (a registered service). */
export function createRateLimits(config: Partial<Record<RateLimitedRoute, RateLimit>> = {}) {
  const limiters = new Map(
    RATE_LIMITED_ROUTES.map((route) => {
      const { points, duration } = { ...DEFAULT_RATE_LIMITS[route], ...config[route] };
      return [route, new RateLimiterMemory({ keyPrefix: `smi-${route}`, points, duration })];
    }),
  );
  return {
    /** Counts one request of `client` on `route`: null when allowed, else the seconds to wait. */
    async consume(route: RateLimitedRoute, client: string): Promise<number | null> {
      try {
        await limiters.get(route)?.consume(client || 'unknown');
        return null;
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      }
    },
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;

/** The route middleware `plugin::sell-my-images.rate-limit` (config `{ route }`). */
export default (config: { route: RateLimitedRoute }, { strapi }: { strapi: Core.Strapi }) =>
  async (ctx: Context, next: Next): Promise<void> => {
    const retryAfter = await getService(strapi, 'rateLimits').consume(config.route, ctx.request.ip);
    if (retryAfter !== null) {
      ctx.set('Retry-After', String(retryAfter));
      throw new errors.RateLimitError('Too many requests, please try again later', { retryAfter });
    }
    await next();
  };

/** How a route asks for a limit. */
export const rateLimit = (route: RateLimitedRoute) => ({
  name: `plugin::${PLUGIN_ID}.rate-limit`,
  config: { route },
});
