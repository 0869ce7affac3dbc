/**
 * The admin's live price preview: what visitors would pay for a few typical image sizes
 * under pricing values that are not saved yet. It runs the very `quote()` the public
 * `GET /prices` and checkout use, so the preview cannot drift from the real prices.
 */
import { SAMPLE_SIZES, type PricePreviewAnswer } from '../../../shared/contracts/settings-routes';
import { quote, type PricingSettings } from './pricing';
import { publicOption } from './quotes';

/** Prices the sample sizes with `overrides` (already validated) laid over the saved pricing settings. */
export function pricePreview(
  saved: PricingSettings,
  overrides: Partial<PricingSettings>,
): PricePreviewAnswer {
  // A validated partial update has only the keys it sets (null is a value: no limit).
  const settings: PricingSettings = { ...saved, ...overrides };
  return {
    currency: settings.currency,
    samples: SAMPLE_SIZES.map(({ width, height }) => ({
      width,
      height,
      options: quote(width, height, settings).options.map(publicOption),
    })),
  };
}
