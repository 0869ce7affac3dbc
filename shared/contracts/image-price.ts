/**
 * The schema of `PUT /sell-my-images/media/:fileId/price` (`ImagePriceRequest`, media.ts),
 * shared by the server's validation and the admin's forms. docs/architecture.md "Money rules"
 * says how an image's own price combines with the shop's rule and the licences.
 */
import { z } from 'zod';
import { STRIPE_MAXIMUM_AMOUNT } from '../currency';
import { parseResolution } from '../resolutions';

/** 100 = the shop's price (×1); up to ×1000. */
export const MAX_IMAGE_MULTIPLIER_PERCENT = 100_000;

export const imagePriceRequestSchema = z
  .object({
    /** Minor units per resolution (`{ "4x": 1500 }`); null or `{}`: none. */
    fixedPrices: z
      .record(
        z.string().refine((res) => parseResolution(res) !== null, {
          message: 'A resolution like 4x (2x to 16x)',
        }),
        z
          .number()
          .int('Whole minor units')
          .min(1, 'More than 0')
          .max(STRIPE_MAXIMUM_AMOUNT, `At most ${STRIPE_MAXIMUM_AMOUNT} (Stripe's maximum)`),
      )
      .nullable()
      .transform((prices) => (prices && Object.keys(prices).length > 0 ? prices : null)),
    multiplierPercent: z.number().int().min(1).max(MAX_IMAGE_MULTIPLIER_PERCENT).nullable(),
  })
  .strict();
