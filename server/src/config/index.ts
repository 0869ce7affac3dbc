import { z } from 'zod';

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
    /** Per-IP limits of the public POST routes: `{ checkout: { points: 10, duration: 60 } }`. */
    rateLimits: z
      .object({
        checkout: z
          .object({ points: z.number().int().positive(), duration: z.number().int().positive() })
          .strict()
          .optional(),
        clicks: z
          .object({ points: z.number().int().positive(), duration: z.number().int().positive() })
          .strict()
          .optional(),
      })
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
      })
      .strict()
      .optional(),
    /** Serve downloads through nginx: the URL prefix of an `internal` location mapped to the storage folder. */
    accelRedirectPrefix: z.string().startsWith('/').optional(),
  })
  .strict();

export type PluginConfig = z.infer<typeof pluginConfigSchema>;

export default {
  default: {} as PluginConfig,
  validator(config: unknown): void {
    const result = pluginConfigSchema.safeParse(config);
    if (!result.success) {
      throw new Error(`Invalid sell-my-images plugin config: ${z.prettifyError(result.error)}`);
    }
  },
};
