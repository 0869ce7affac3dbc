import { z } from 'zod';

/**
 * The rate-limit budgets (docs/architecture.md "Security model"): one per public route,
 * counted per visitor address, and two more for checkout, per e-mail and per image, so
 * that no single address (real or forged) can open checkout sessions without bound.
 */
export const RATE_LIMIT_BUCKETS = [
  'prices',
  'checkout',
  'checkoutPerEmail',
  'checkoutPerImage',
  'clicks',
  'jobs',
  'downloads',
  'upsamplerCallback',
  'previews',
  'cart',
  'purchasesLookup',
  'purchasesLookupPerEmail',
  'purchases',
] as const;
export type RateLimitBucket = (typeof RATE_LIMIT_BUCKETS)[number];

export interface RateLimit {
  /** Requests allowed per window. */
  points: number;
  /** Window length in seconds. */
  duration: number;
}

/** Generous for a visitor, a bound for a script (README "Rate limits"). */
export const DEFAULT_RATE_LIMITS: Record<RateLimitBucket, RateLimit> = {
  prices: { points: 120, duration: 60 },
  checkout: { points: 10, duration: 60 },
  checkoutPerEmail: { points: 10, duration: 600 },
  checkoutPerImage: { points: 30, duration: 60 },
  clicks: { points: 120, duration: 60 },
  jobs: { points: 120, duration: 60 },
  downloads: { points: 120, duration: 60 },
  // Every callback comes from Upsampler's servers: one address, all jobs.
  upsamplerCallback: { points: 600, duration: 60 },
  // A dialog asks again while a preview is prepared: a few per image and resolution.
  previews: { points: 120, duration: 60 },
  // Cart quotes (each change of the cart) and cart checkouts.
  cart: { points: 60, duration: 60 },
  // "My purchases" e-mails: per address of the visitor, and per e-mail asked about.
  purchasesLookup: { points: 5, duration: 600 },
  purchasesLookupPerEmail: { points: 3, duration: 3600 },
  // The purchases page and its fresh links.
  purchases: { points: 60, duration: 60 },
};

const rateLimitSchema = z
  .object({ points: z.number().int().positive(), duration: z.number().int().positive() })
  .strict();

/**
 * Options a site owner may set in `config/plugins.ts` under `sell-my-images.config`.
 * Everything a site owner changes day to day lives in the settings page instead;
 * secrets come from the environment or the encrypted settings record.
 */
const pluginConfigSchema = z
  .object({
    /** Private folder for finished files (outside `public/`). Env SMI_STORAGE_DIR wins. */
    storageDir: z.string().min(1).optional(),
    /** URL visitors and webhooks reach Strapi at. Env SMI_PUBLIC_URL wins. */
    publicUrl: z.string().url().optional(),
    /** Limits of the public routes (README "Rate limits"): `{ checkout: { points: 10, duration: 60 } }`. */
    rateLimits: z
      .object(
        Object.fromEntries(RATE_LIMIT_BUCKETS.map((bucket) => [bucket, rateLimitSchema])) as Record<
          RateLimitBucket,
          typeof rateLimitSchema
        >,
      )
      .partial()
      .strict()
      .optional(),
    /** Worker timings (milliseconds) and attempts; see fulfilment/options. */
    worker: z
      .object({
        pollIntervalMs: z.number().int().min(50).optional(),
        leaseMs: z.number().int().min(1000).optional(),
        firstPollMs: z.number().int().min(10).optional(),
        maxPollMs: z.number().int().min(10).optional(),
        retryBaseMs: z.number().int().min(10).optional(),
        maxAttempts: z.number().int().min(1).max(20).optional(),
        taskBatchSize: z.number().int().min(1).max(10_000).optional(),
      })
      .strict()
      .optional(),
    /** Serve downloads through nginx: the URL prefix of an `internal` location mapped to the storage folder. */
    accelRedirectPrefix: z.string().startsWith('/').optional(),
  })
  .strict();

export type PluginConfig = z.infer<typeof pluginConfigSchema>;

export default {
  default: { rateLimits: DEFAULT_RATE_LIMITS } as PluginConfig,
  validator(config: unknown): void {
    const result = pluginConfigSchema.safeParse(config);
    if (!result.success) {
      throw new Error(`Invalid sell-my-images plugin config: ${z.prettifyError(result.error)}`);
    }
  },
};
