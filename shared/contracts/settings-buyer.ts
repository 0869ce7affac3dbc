/**
 * The buyer-experience fields of the settings record: the live before/after preview, the
 * cart's quantity discounts and the re-download window of "My purchases". Part of
 * `settingsSchema` (settings.ts); docs/architecture.md "Previews, cart and purchases".
 */
import { z } from 'zod';

/**
 * `auto`: previews where they cost nothing (`sharp`, `local-ai`; with `upsampler`, made by
 * local AI when it is installed, labelled so); `off`: no preview.
 */
export const PREVIEW_MODES = ['auto', 'off'] as const;
export type PreviewMode = (typeof PREVIEW_MODES)[number];
export const MAX_QUANTITY_DISCOUNTS = 5;
export const MAX_REDOWNLOAD_DAYS = 3650;

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** "3 images or more: 20 % off the whole cart" (the best tier reached applies). */
export const quantityDiscountSchema = z.strictObject({
  minItems: int(2, 100),
  percentOff: int(1, 90),
});
export type QuantityDiscount = z.output<typeof quantityDiscountSchema>;

const quantityDiscounts = z
  .array(quantityDiscountSchema)
  .max(MAX_QUANTITY_DISCOUNTS)
  .superRefine((list, ctx) => {
    list.forEach((tier, index) => {
      if (list.findIndex((other) => other.minItems === tier.minItems) !== index)
        ctx.addIssue({
          code: 'custom',
          message: `Two tiers start at ${tier.minItems} images`,
          path: [index, 'minItems'],
        });
    });
  });

export const buyerSettingsShape = {
  previews: z.enum(PREVIEW_MODES),
  /** With `upsampler` and no local AI: previews made by Upsampler, paid in its credits. */
  paidPreviews: z.boolean(),
  /** Upsampler credits previews may spend per UTC day (then the dialog shows none). */
  paidPreviewDailyCredits: int(0, 100_000),
  /** Cart discounts by number of images, computed by the server and shown by Checkout. */
  quantityDiscounts,
  /** How long after the sale "My purchases" gives a fresh download link (0: never). */
  redownloadDays: int(0, MAX_REDOWNLOAD_DAYS),
};

export const BUYER_SETTINGS_DEFAULTS = {
  previews: 'auto' as PreviewMode,
  paidPreviews: false,
  paidPreviewDailyCredits: 20,
  quantityDiscounts: Object.freeze<QuantityDiscount[]>([]) as QuantityDiscount[],
  redownloadDays: 30,
};

/** The best tier `count` items reach, or null. */
export function quantityDiscountFor(
  tiers: readonly QuantityDiscount[],
  count: number,
): QuantityDiscount | null {
  let best: QuantityDiscount | null = null;
  for (const tier of tiers)
    if (count >= tier.minItems && (!best || tier.minItems > best.minItems)) best = tier;
  return best;
}
