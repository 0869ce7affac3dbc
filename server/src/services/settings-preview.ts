/**
 * The admin's live price preview: what visitors would pay for a few typical image sizes
 * under pricing values that are not saved yet. It runs the very `quote()` the public
 * `GET /prices` and checkout use, so the preview cannot drift from the real prices.
 */
import { quote, type PriceOption, type PricingSettings } from './pricing';

/** Typical originals: a small web image, a square, a large square, a 12 MP photo. */
export const PREVIEW_SAMPLE_SIZES: ReadonlyArray<{ width: number; height: number }> = Object.freeze(
  [
    { width: 640, height: 480 },
    { width: 1000, height: 1000 },
    { width: 2000, height: 2000 },
    { width: 4000, height: 3000 },
  ],
);

/** The option fields `GET /prices` shows visitors (credits and cost stay internal). */
export type PublicPriceOption = Pick<
  PriceOption,
  | 'resolution'
  | 'scale'
  | 'width'
  | 'height'
  | 'megapixels'
  | 'amount'
  | 'formatted'
  | 'available'
  | 'reason'
>;

export interface PricePreviewSample {
  width: number;
  height: number;
  options: PublicPriceOption[];
}

export interface PricePreview {
  currency: string;
  samples: PricePreviewSample[];
}

function publicOption({
  resolution,
  scale,
  width,
  height,
  megapixels,
  amount,
  formatted,
  available,
  reason,
}: PriceOption): PublicPriceOption {
  return {
    resolution,
    scale,
    width,
    height,
    megapixels,
    amount,
    formatted,
    available,
    ...(reason ? { reason } : {}),
  };
}

/** Prices the sample sizes with `overrides` (already validated) laid over the saved pricing settings. */
export function pricePreview(
  saved: PricingSettings,
  overrides: Partial<PricingSettings>,
): PricePreview {
  const settings: PricingSettings = {
    markupPercent: overrides.markupPercent ?? saved.markupPercent,
    minimumPrice: overrides.minimumPrice ?? saved.minimumPrice,
    currency: overrides.currency ?? saved.currency,
    creditPrice: overrides.creditPrice ?? saved.creditPrice,
    creditsPerMegapixel: overrides.creditsPerMegapixel ?? saved.creditsPerMegapixel,
    resolutions: overrides.resolutions ?? saved.resolutions,
    // null is a value here (no limit), so only a missing key falls back to the saved one.
    maxOutputMegapixels:
      overrides.maxOutputMegapixels !== undefined
        ? overrides.maxOutputMegapixels
        : saved.maxOutputMegapixels,
    // With the local-ai upscaler the price comes from its own fields (services/pricing).
    upscaler: overrides.upscaler ?? saved.upscaler,
    localAiPricingMode: overrides.localAiPricingMode ?? saved.localAiPricingMode,
    localAiPricePerMegapixel: overrides.localAiPricePerMegapixel ?? saved.localAiPricePerMegapixel,
    localAiFlatPrices:
      overrides.localAiFlatPrices !== undefined
        ? overrides.localAiFlatPrices
        : saved.localAiFlatPrices,
  };
  return {
    currency: settings.currency,
    samples: PREVIEW_SAMPLE_SIZES.map(({ width, height }) => ({
      width,
      height,
      options: quote(width, height, settings).options.map(publicOption),
    })),
  };
}
