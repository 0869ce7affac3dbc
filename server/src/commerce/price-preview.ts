/**
 * The admin's live price preview: what visitors would pay for a few typical image sizes
 * under pricing values that are not saved yet. It runs the very `quote()` the public
 * `GET /prices` and checkout use, with the same upscaler limits, so the preview cannot
 * drift from the real prices and availability.
 */
import { SAMPLE_SIZES, type PricePreviewAnswer } from '../../../shared/contracts/settings-routes';
import { upscalerCapability } from '../upscalers';
import { quote, type PricingSettings } from './pricing';
import { publicOption } from './quotes';

/** What a preview reads of the saved settings: the pricing and the upscaler's setup. */
type SavedPricing = PricingSettings & { upscaler: string; upsamplerApiKey: string | null };

/**
 * Prices the sample sizes with `overrides` (already validated) laid over the saved pricing
 * settings, and at each of `licenceMultipliers` (the licence rows being edited).
 */
export function pricePreview(
  saved: SavedPricing,
  overrides: Partial<PricingSettings>,
  licenceMultipliers: readonly number[] = [],
): PricePreviewAnswer {
  // A validated partial update has only the keys it sets (null is a value: no limit).
  const settings: SavedPricing = {
    ...saved,
    ...overrides,
    upscaler: overrides.upscaler ?? saved.upscaler,
  };
  const upscaler = upscalerCapability(settings);
  return {
    currency: settings.currency,
    samples: SAMPLE_SIZES.map(({ width, height }) => {
      const priced = (licencePercent?: number) =>
        quote(width, height, settings, upscaler, { licencePercent }).options.map(publicOption);
      const options = priced();
      if (licenceMultipliers.length === 0) return { width, height, options };
      const licences = licenceMultipliers.map((multiplierPercent) => ({
        multiplierPercent,
        options: priced(multiplierPercent),
      }));
      return { width, height, options, licences };
    }),
  };
}
