/**
 * An image's own price and the licence tiers on top of the shop's rule (docs/architecture.md
 * "Money rules"): a fixed price beats the multiplier and skips the owner's minimum, a
 * multiplier multiplies the shop's price before the minimum, a licence multiplies the image's
 * price, and Stripe's minimum and the currency step always apply.
 */
import { answerRule, quote, quoteOption } from '../../server/src/commerce/pricing';
import { STRIPE_MAXIMUM_AMOUNT } from '../../shared/currency';
import { referencePricing as settings } from '../support/pricing';

// JPY without an owner minimum and without markup: the shop's price is the cost, in whole yen.
const yen = (creditPrice: number) =>
  settings({ currency: 'jpy', minimumPrice: 0, creditPrice, markupPercent: 0 });
const image = (fixedPrices: Record<string, number> | null, multiplierPercent: number | null) => ({
  image: { fixedPrices, multiplierPercent },
});

describe('an image multiplier', () => {
  it('multiplies the shop price and rounds half up', () => {
    // 1000×1250 at 4x = 20 MP, 5 credits × 50 = 250 yen; × 1.01 = 252.5 → 253.
    const option = quoteOption(1000, 1250, '4x', yen(50), undefined, image(null, 101));
    expect([option.amount, option.rule]).toEqual([253, 'image_multiplier']);
    expect(quoteOption(1000, 1250, '4x', yen(50), undefined, image(null, 250)).amount).toBe(625);
  });

  it('is then held to the owner minimum', () => {
    // 2000×2000 at 4x = 192 cents under the reference; × 1.5 = 288 < 300 minimum.
    const minimum = settings({ minimumPrice: 300 });
    expect(quoteOption(2000, 2000, '4x', minimum, undefined, image(null, 150)).amount).toBe(300);
    expect(quoteOption(2000, 2000, '4x', minimum, undefined, image(null, 200)).amount).toBe(384);
  });
});

describe('a fixed image price', () => {
  it('beats the multiplier for its resolution; the others use the multiplier', () => {
    const minimum = settings({ minimumPrice: 300 });
    const [four, eight] = quote(2000, 2000, minimum, undefined, image({ '4x': 120 }, 200)).options;
    // The owner minimum (300) does not apply to a fixed price.
    expect([four.amount, four.rule]).toEqual([120, 'image_fixed']);
    // 8x: 256 MP, 64 credits × 4 = 256 cents × 3 = 768, × 2 = 1536.
    expect([eight.amount, eight.rule]).toEqual([1536, 'image_multiplier']);
  });

  it('still respects Stripe minimum and the currency step', () => {
    expect(
      quoteOption(2000, 2000, '4x', settings(), undefined, image({ '4x': 10 }, null)).amount,
    ).toBe(50);
    const kwd = settings({ currency: 'kwd', minimumPrice: 0 });
    expect(quoteOption(2000, 2000, '4x', kwd, undefined, image({ '4x': 195 }, null)).amount).toBe(
      200,
    );
  });

  it('ignores a fixed price of a resolution not offered', () => {
    const { options } = quote(2000, 2000, settings(), undefined, image({ '16x': 9000 }, null));
    expect(options.map((o) => o.rule)).toEqual(['default', 'default']);
    expect(options[0].amount).toBe(192);
  });
});

describe('a licence', () => {
  it('multiplies the image price under the shop rule', () => {
    const x3 = quoteOption(2000, 2000, '4x', settings(), undefined, { licencePercent: 300 });
    expect([x3.amount, x3.formatted, x3.rule]).toEqual([576, '$5.76', 'default']);
    expect(
      quoteOption(2000, 2000, '4x', settings(), undefined, { licencePercent: 150 }).amount,
    ).toBe(288);
  });

  it('rounds half up on top of a multiplied price', () => {
    // 253 yen × 1.5 = 379.5 → 380.
    const adjustments = { ...image(null, 101), licencePercent: 150 };
    expect(quoteOption(1000, 1250, '4x', yen(50), undefined, adjustments).amount).toBe(380);
  });

  it('multiplies the price shown (after the minimum), and the minimum holds below ×1', () => {
    const minimum = settings({ minimumPrice: 300 });
    // 192 → 300 (minimum) × 3 = 900; × 0.5 = 150 → 300.
    expect(quoteOption(2000, 2000, '4x', minimum, undefined, { licencePercent: 300 }).amount).toBe(
      900,
    );
    expect(quoteOption(2000, 2000, '4x', minimum, undefined, { licencePercent: 50 }).amount).toBe(
      300,
    );
  });

  it('applies on a fixed price, with only Stripe minimum below it', () => {
    const minimum = settings({ minimumPrice: 300 });
    const x3 = { ...image({ '4x': 1000 }, null), licencePercent: 300 };
    expect(quoteOption(2000, 2000, '4x', minimum, undefined, x3).amount).toBe(3000);
    const half = { ...image({ '4x': 60 }, null), licencePercent: 50 };
    const option = quoteOption(2000, 2000, '4x', minimum, undefined, half);
    expect([option.amount, option.rule]).toEqual([50, 'image_fixed']);
  });

  it('makes an option unavailable beyond Stripe maximum', () => {
    const near = { ...image({ '4x': STRIPE_MAXIMUM_AMOUNT }, null), licencePercent: 200 };
    const option = quoteOption(2000, 2000, '4x', settings(), undefined, near);
    expect([option.available, option.reason, option.amount]).toEqual([
      false,
      'exceeds_stripe_maximum',
      STRIPE_MAXIMUM_AMOUNT,
    ]);
  });

  it('keeps credits and cost: the owner pays the same upscale', () => {
    const plain = quoteOption(2000, 2000, '4x', settings());
    const x3 = quoteOption(2000, 2000, '4x', settings(), undefined, { licencePercent: 300 });
    expect([x3.credits, x3.cost]).toEqual([plain.credits, plain.cost]);
  });
});

describe('answerRule', () => {
  it('names the multiplier when it priced any option, else a fixed price, else the shop', () => {
    expect(answerRule([{ rule: 'image_fixed' }, { rule: 'image_fixed' }])).toBe('image_fixed');
    expect(answerRule([{ rule: 'image_fixed' }, { rule: 'image_multiplier' }])).toBe(
      'image_multiplier',
    );
    expect(answerRule([{ rule: 'image_fixed' }, { rule: 'default' }])).toBe('image_fixed');
    expect(answerRule([{ rule: 'default' }, { rule: 'default' }])).toBe('default');
    expect(answerRule([])).toBe('default');
  });
});
