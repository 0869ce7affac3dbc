/**
 * The reference configuration of docs/architecture.md "Money rules" and the values it must
 * give, shared by the pricing tests of every layer (unit, the admin's price preview, the
 * public prices). The reference is the fresh install's credit pricing (4 cents a credit,
 * 0.25 credits per megapixel, 50 cents minimum, USD, 4x and 8x, no output cap; the documented
 * defaults are pinned in tests/unit/settings-validation.test.ts) with a markup of 200%:
 * what the integration tests get by saving `{ markupPercent: 200 }` over the defaults.
 */
import type { PricingSettings } from '../../server/src/commerce/pricing';
import type { PriceOption } from '../../shared/contracts/prices';
import { SETTINGS_DEFAULTS } from '../../shared/contracts/settings';
import { PRICING_FIELDS } from '../../shared/contracts/settings-requests';

/** The fields of a credit price: the local-AI ones are left out, as the cloud upscalers ignore them. */
const CREDIT_PRICING_FIELDS = PRICING_FIELDS.filter(
  (field) => field !== 'upscaler' && !field.startsWith('localAi'),
);

export const REFERENCE_PRICING: Readonly<PricingSettings> = Object.freeze({
  ...(Object.fromEntries(
    CREDIT_PRICING_FIELDS.map((field) => [field, SETTINGS_DEFAULTS[field]]),
  ) as unknown as PricingSettings),
  markupPercent: 200,
});

/** The reference configuration with some fields changed. */
export const referencePricing = (overrides: Partial<PricingSettings> = {}): PricingSettings => ({
  ...REFERENCE_PRICING,
  ...overrides,
});

/**
 * 2000×2000 at 4x under the reference configuration, as visitors see it: 64 MP, 16 credits
 * at 4 cents = 64 cost, × 3 = 192 ($1.92).
 */
export const REFERENCE_2000_AT_4X: Readonly<PriceOption> = Object.freeze({
  resolution: '4x',
  scale: 4,
  width: 8000,
  height: 8000,
  megapixels: 64,
  amount: 192,
  formatted: '$1.92',
  available: true,
});
