import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { PublicError } from '../utils/http-errors';

export interface RateLimit {
  /** Requests allowed per window and per IP address. */
  points: number;
  /** Window length in seconds. */
  duration: number;
}

export type RateLimitedRoute = 'checkout' | 'clicks';

/** Per-IP limits of the public POST routes; configurable in config/plugins (`rateLimits`). */
export const DEFAULT_RATE_LIMITS: Record<RateLimitedRoute, RateLimit> = {
  checkout: { points: 10, duration: 60 },
  clicks: { points: 120, duration: 60 },
};

export function createRateLimits(config: Partial<Record<RateLimitedRoute, RateLimit>> = {}) {
  const limiters = Object.fromEntries(
    (Object.keys(DEFAULT_RATE_LIMITS) as RateLimitedRoute[]).map((route) => {
      const { points, duration } = { ...DEFAULT_RATE_LIMITS[route], ...config[route] };
      return [route, new RateLimiterMemory({ keyPrefix: `smi-${route}`, points, duration })];
    }),
  ) as Record<RateLimitedRoute, RateLimiterMemory>;

  return {
    /** Counts one request of `ip` on `route`; throws a 429 PublicError with Retry-After past the limit. */
    async consume(route: RateLimitedRoute, ip: string): Promise<void> {
      try {
        await limiters[route].consume(ip || 'unknown');
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw new PublicError(
          429,
          'RateLimitError',
          'Too many requests, please try again later',
          { retryAfter },
          { 'Retry-After': String(retryAfter) },
        );
      }
    },
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;
