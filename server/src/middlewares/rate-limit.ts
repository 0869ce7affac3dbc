/**
 * Limits of the public routes (docs/architecture.md "Security model"): a route names its
 * limit in its config (`rateLimit('checkout')` in routes/content-api), each limit spends
 * one or more budgets (config `rateLimits`), and past a budget Strapi answers 429
 * `RateLimitError` with `Retry-After`. Budgets are counted in the store
 * `rate-limit-store.ts` chooses (memory, the database or Redis: README "Several
 * instances"), under hashed keys: no address or e-mail is written to a shared store.
 */
import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { RateLimiterRes } from 'rate-limiter-flexible';
import {
  DEFAULT_RATE_LIMITS,
  RATE_LIMIT_BUCKETS,
  type RateLimit,
  type RateLimitBucket,
} from '../config';
import { PLUGIN_ID } from '../plugin-id';
import { getService } from '../services/get-service';
import { errors } from '../utils/errors';
import { proxyTrustProblem } from './proxy-trust';
import { memoryStore, type LimiterStore } from './rate-limit-store';

/** The limited routes: each spends the budget of its name, checkout two more. */
type LimitedRoute =
  | 'prices'
  | 'checkout'
  | 'clicks'
  | 'jobs'
  | 'downloads'
  | 'upsamplerCallback'
  | 'previews'
  | 'cart'
  | 'purchasesLookup'
  | 'purchases';

/** What the budgets read of a request: the visitor's address (Koa's, proxy-aware) and the body. */
interface RequestView {
  request: { ip: string; body?: unknown };
}

const field = (body: unknown, name: string): unknown =>
  body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;

/**
 * The budgets one request spends, with the key each is counted under, in order. Checkout
 * counts per e-mail (as `validation/public` reads it: trimmed, lower case) and per image
 * as well, so an address that escapes its own budget still cannot open sessions without
 * bound. The body is read before validation: a malformed request spends budgets too.
 */
export function budgetsOf(route: LimitedRoute, ctx: RequestView): Array<[RateLimitBucket, string]> {
  const budgets: Array<[RateLimitBucket, string]> = [[route, ctx.request.ip || 'unknown']];
  if (route === 'purchasesLookup') {
    const asked = field(ctx.request.body, 'email');
    if (typeof asked === 'string' && asked.trim())
      budgets.push(['purchasesLookupPerEmail', asked.trim().toLowerCase()]);
    return budgets;
  }
  if (route !== 'checkout') return budgets;
  const email = field(ctx.request.body, 'email');
  if (typeof email === 'string' && email.trim()) {
    budgets.push(['checkoutPerEmail', email.trim().toLowerCase()]);
  }
  const fileId = field(ctx.request.body, 'fileId');
  if ((typeof fileId === 'string' || typeof fileId === 'number') && String(fileId).trim()) {
    budgets.push(['checkoutPerImage', String(fileId).trim()]);
  }
  return budgets;
}

/** The budgets of one Strapi instance (a registered service), counted in `store`. */
export function createRateLimits(
  config: Partial<Record<RateLimitBucket, Partial<RateLimit>>> = {},
  {
    store = memoryStore(),
    hashKey = (key: string) => key,
  }: { store?: LimiterStore; hashKey?: (key: string) => string } = {},
) {
  const limiters = new Map(
    RATE_LIMIT_BUCKETS.map((bucket) => {
      const { points, duration } = { ...DEFAULT_RATE_LIMITS[bucket], ...config[bucket] };
      return [bucket, store.limiter(`smi-${bucket}`, points, duration)];
    }),
  );
  const warned = new Set<string>();
  return {
    /** Where the budgets are counted: 'memory', 'postgres', 'mysql' or 'redis'. */
    store: store.kind,
    /** Creates the store's table or connects to Redis (bootstrap). */
    prepare: () => store.prepare(),
    close: () => store.close(),
    /** Counts one request against `bucket` for `key`: null when allowed, else the seconds to wait. */
    async consume(bucket: RateLimitBucket, key: string): Promise<number | null> {
      try {
        await limiters.get(bucket)?.consume(hashKey(key));
        return null;
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      }
    },
    /** True the first time `id` is asked for on this instance (a warning is logged once). */
    firstTime(id: string): boolean {
      if (warned.has(id)) return false;
      warned.add(id);
      return true;
    },
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;

/** The route middleware `plugin::sell-my-images.rate-limit` (config `{ route }`). */
export default (config: { route: LimitedRoute }, { strapi }: { strapi: Core.Strapi }) =>
  async (ctx: Context, next: Next): Promise<void> => {
    const limits = getService(strapi, 'rateLimits');
    const problem = proxyTrustProblem(ctx);
    if (problem && limits.firstTime(problem.id)) strapi.log.warn(problem.message);
    // Budgets are spent one after the other: a request refused by one spends no later one.
    for (const [bucket, key] of budgetsOf(config.route, ctx)) {
      const retryAfter = await limits.consume(bucket, key);
      if (retryAfter !== null) {
        ctx.set('Retry-After', String(retryAfter));
        throw new errors.RateLimitError('Too many requests, please try again later', {
          retryAfter,
        });
      }
    }
    await next();
  };

/** How a route asks for a limit. */
export const rateLimit = (route: LimitedRoute) => ({
  name: `plugin::${PLUGIN_ID}.rate-limit`,
  config: { route },
});
