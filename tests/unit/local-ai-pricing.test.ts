/**
 * local-ai pricing and settings: the site owner's price per output megapixel or flat per
 * resolution (no credits, no markup, the minimum still applies), and the validation of
 * the local-ai settings fields. The credit pricing of the other providers is untouched
 * (tests/unit/pricing.test.ts).
 */
import { quote, quoteOption, type PricingSettings } from '../../server/src/commerce/pricing';
import { settingsUpdateSchema, SETTINGS_DEFAULTS } from '../../shared/contracts/settings';
import { REFERENCE_PRICING } from '../support/pricing';

/** The reference configuration of docs/architecture.md with the local-ai upscaler and prices. */
const local: PricingSettings = {
  ...REFERENCE_PRICING,
  upscaler: 'local-ai',
  localAiPricingMode: 'per_megapixel',
  localAiPricePerMegapixel: 7,
  localAiFlatPrices: { '4x': 300, '8x': 900 },
};

describe('local-ai prices', () => {
  it('per output megapixel: no credits, no cost, no markup; rounded up to a whole cent', () => {
    // 1000×1000 at 4x = 16 MP × 7 = 112; at 8x = 64 MP × 7 = 448
    expect(quoteOption(1000, 1000, '4x', local)).toMatchObject({
      credits: 0,
      cost: 0,
      amount: 112,
      formatted: '$1.12',
      available: true,
    });
    expect(quoteOption(1000, 1000, '8x', local).amount).toBe(448);
    // 1001×1001 at 4x = 16.032016 MP × 7 = 112.22 → 113
    expect(quoteOption(1001, 1001, '4x', local).amount).toBe(113);
    // 333×333 at 4x = 1.774224 MP × 7 = 12.42 → 13, under the 0.50 minimum
    expect(quoteOption(333, 333, '4x', local).amount).toBe(50);
  });

  it('flat per resolution, the per-megapixel price for a resolution without a flat one', () => {
    const flat = {
      ...local,
      localAiPricingMode: 'flat' as const,
      localAiFlatPrices: { '4x': 300 },
      resolutions: ['4x', '8x'],
    };
    expect(quote(2000, 2000, flat).options.map((o) => [o.resolution, o.amount, o.credits])).toEqual(
      [
        ['4x', 300, 0],
        ['8x', 256 * 7, 0],
      ],
    );
    expect(quoteOption(10, 10, '4x', { ...flat, localAiFlatPrices: { '4x': 20 } }).amount).toBe(50); // minimum
  });

  it('leaves the other providers on credits', () => {
    const cloud = { ...local, upscaler: 'upsampler' };
    expect(quoteOption(2000, 2000, '4x', cloud)).toMatchObject({
      credits: 16,
      cost: 64,
      amount: 192,
    });
  });

  it('refuses negative or fractional local prices', () => {
    expect(() => quoteOption(100, 100, '4x', { ...local, localAiPricePerMegapixel: -1 })).toThrow(
      RangeError,
    );
    expect(() =>
      quoteOption(100, 100, '4x', { ...local, localAiFlatPrices: { '4x': 1.5 } }),
    ).toThrow(RangeError);
  });
});

describe('local-ai settings', () => {
  it('accepts the models, 8x modes, tiles, concurrency and prices', () => {
    const patch = {
      localAiModel: 'medium',
      localAi8xMode: 'x8-model',
      localAiTileSize: 128,
      localAiConcurrency: 2,
      localAiPricingMode: 'flat',
      localAiPricePerMegapixel: 0,
      localAiFlatPrices: { '4x': 250, '16x': 5000 },
    };
    expect(settingsUpdateSchema.parse(patch)).toEqual(patch);
    expect(settingsUpdateSchema.parse({}).localAiModel).toBeUndefined();
    expect(SETTINGS_DEFAULTS.localAiModel).toBe('slim');
  });

  it.each([
    ['localAiModel', 'large'],
    ['localAi8xMode', 'x4-lanczos3'],
    ['localAiTileSize', 32],
    ['localAiTileSize', 1024],
    ['localAiConcurrency', 0],
    ['localAiPricingMode', 'per_credit'],
    ['localAiPricePerMegapixel', 2.5],
    ['localAiFlatPrices', { '5': 100 }],
    ['localAiFlatPrices', { '4x': -1 }],
  ])('rejects %s = %p', (field, value) => {
    const result = settingsUpdateSchema.safeParse({ [field]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(field);
  });
});
