import { quote, quoteOption } from '../../server/src/commerce/pricing';
import { parseResolution } from '../../shared/resolutions';
// The reference configuration of docs/architecture.md "Money rules": markup 200%, 4 cents a
// credit, 0.25 credits/MP, 50 cents minimum; `settings` changes some of its fields.
import {
  REFERENCE_2000_AT_4X,
  REFERENCE_PRICING as reference,
  referencePricing as settings,
} from '../support/pricing';

/** Deterministic PRNG (mulberry32) so the property tests are reproducible. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('parseResolution', () => {
  it.each([
    ['2x', 2],
    ['4x', 4],
    ['8x', 8],
    ['16x', 16],
  ] as const)('%s → %i', (res, scale) => {
    expect(parseResolution(res)).toBe(scale);
  });

  it.each(['1x', '0x', '17x', '32x', '4', 'x4', '4X', '04x', '4.5x', ' 4x', '4x ', '-4x', ''])(
    'rejects %p',
    (res) => {
      expect(parseResolution(res)).toBeNull();
    },
  );
});

describe('quoteOption: the reference values', () => {
  it('2000x2000 at 4x = 64 MP, 16 credits, cost 64, price 192 ($1.92)', () => {
    expect(quoteOption(2000, 2000, '4x', reference)).toEqual({
      ...REFERENCE_2000_AT_4X,
      credits: 16,
      cost: 64,
      rule: 'default',
    });
  });

  it('1000x1000 at 4x = 16 MP, 4 credits', () => {
    const option = quoteOption(1000, 1000, '4x', reference);
    expect([option.megapixels, option.credits, option.cost, option.amount]).toEqual([
      16, 4, 16, 50,
    ]);
  });

  it('500x500 at 8x = 16 MP, 4 credits', () => {
    const option = quoteOption(500, 500, '8x', reference);
    expect([option.width, option.height, option.megapixels, option.credits]).toEqual([
      4000, 4000, 16, 4,
    ]);
  });

  it('100x100 at 4x = 0.16 MP, 1 credit, cost 4, marked up to 12, lifted to the 50 minimum', () => {
    const option = quoteOption(100, 100, '4x', reference);
    expect([option.megapixels, option.credits, option.cost, option.amount]).toEqual([
      0.16, 1, 4, 50,
    ]);
    expect(option.formatted).toBe('$0.50');
    expect(quoteOption(100, 100, '4x', settings({ minimumPrice: 0, currency: 'chf' })).amount).toBe(
      50,
    ); // Stripe's CHF minimum
    expect(quoteOption(100, 100, '4x', settings({ minimumPrice: 0, currency: 'gbp' })).amount).toBe(
      30,
    ); // Stripe's GBP minimum
    expect(
      quoteOption(100, 100, '4x', settings({ minimumPrice: 0, currency: 'gbp', creditPrice: 5 }))
        .amount,
    ).toBe(30);
    expect(
      quoteOption(100, 100, '4x', settings({ minimumPrice: 0, currency: 'gbp', creditPrice: 11 }))
        .amount,
    ).toBe(33);
  });

  it('uses the owner minimum when it is above the Stripe minimum', () => {
    expect(quoteOption(100, 100, '4x', settings({ minimumPrice: 199 })).amount).toBe(199);
  });

  it('default markup 500%: 2000x2000 at 4x → 384', () => {
    expect(quoteOption(2000, 2000, '4x', settings({ markupPercent: 500 })).amount).toBe(384);
  });

  it('markup 0% charges the cost; 8x is four times the credits of 4x', () => {
    const at4 = quoteOption(2000, 2000, '4x', settings({ markupPercent: 0 }));
    const at8 = quoteOption(2000, 2000, '8x', settings({ markupPercent: 0 }));
    expect([at4.amount, at8.credits, at8.amount]).toEqual([64, 64, 256]);
  });
});

describe('quoteOption: rounding', () => {
  it('counts credits exactly, never one too many from float error', () => {
    // In floats 25 × 0.28 = 7.000000000000001 and 100 × 0.07 = 7.000000000000001: a naive ceil says 8.
    expect(quoteOption(2500, 2500, '2x', settings({ creditsPerMegapixel: 0.28 })).credits).toBe(7); // 25 MP
    expect(quoteOption(2500, 2500, '4x', settings({ creditsPerMegapixel: 0.07 })).credits).toBe(7); // 100 MP
    expect(quoteOption(2500, 2500, '4x', settings({ creditsPerMegapixel: 1.1 })).credits).toBe(110); // 100 MP
    expect(quoteOption(1000, 2500, '2x', settings({ creditsPerMegapixel: 0.3 })).credits).toBe(3); // 10 MP
    expect(quoteOption(1000, 1000, '2x', settings({ creditsPerMegapixel: 0.1 })).credits).toBe(1); // 4 MP × 0.1 = 0.4 → 1
    expect(quoteOption(5000, 6000, '2x', settings({ creditsPerMegapixel: 0.1 })).credits).toBe(12); // 120 MP × 0.1
    expect(quoteOption(1000, 1000, '4x', settings({ creditsPerMegapixel: 0.07 })).credits).toBe(2); // 16 × 0.07 = 1.12
  });

  it('rounds credits up as soon as the output passes a whole credit', () => {
    // At 0.25 credits/MP one credit buys 4 MP: 1000x1001 at 2x = 4.004 MP → 1.001 → 2 credits.
    expect(
      quoteOption(1000, 1001, '2x', settings({ markupPercent: 0, minimumPrice: 0 })).credits,
    ).toBe(2);
    expect(
      quoteOption(1000, 1000, '2x', settings({ markupPercent: 0, minimumPrice: 0 })).credits,
    ).toBe(1);
  });

  it('rounds the marked-up price half up in integer arithmetic', () => {
    // JPY with no owner minimum: whole units, so the rounding is visible in the amount.
    const yen = (creditPrice: number, markupPercent: number) =>
      settings({ currency: 'jpy', minimumPrice: 0, creditPrice, markupPercent });
    expect(quoteOption(2000, 2000, '4x', yen(4, 1)).amount).toBe(65); // 16 credits, cost 64 × 1.01 = 64.64
    expect(quoteOption(2000, 2000, '4x', yen(50, 1)).amount).toBe(808); // cost 800 × 1.01, exact
    expect(quoteOption(1000, 1250, '4x', yen(50, 1)).amount).toBe(253); // 5 credits, cost 250 × 1.01 = 252.5, half up
    expect(quoteOption(1000, 750, '4x', yen(83, 1)).amount).toBe(251); // 3 credits, cost 249 × 1.01 = 251.49
    expect(quoteOption(1000, 1250, '4x', yen(7, 55)).amount).toBe(54); // cost 35 × 1.55 = 54.25
    expect(quoteOption(1000, 1250, '4x', yen(9, 105)).amount).toBe(92); // cost 45 × 2.05 = 92.25
  });

  it('rounds three-decimal prices up to a multiple of 10, as Stripe requires', () => {
    // cost 16 × 4 = 64 fils × 3 = 192 → 200 fils.
    const option = quoteOption(2000, 2000, '4x', settings({ currency: 'kwd' }));
    expect(option.amount).toBe(200);
    expect(option.formatted).toBe('KWD\u00a00.200');
  });

  it('charges ISK in whole krónur (multiples of 100)', () => {
    expect(
      quoteOption(2000, 2000, '4x', settings({ currency: 'isk', creditPrice: 555 })).amount % 100,
    ).toBe(0);
  });
});

describe('quoteOption: JPY', () => {
  it('prices in whole yen with the yen minimum', () => {
    const yen = settings({ currency: 'jpy', creditPrice: 6, minimumPrice: 50 });
    const big = quoteOption(2000, 2000, '4x', yen);
    expect([big.credits, big.cost, big.amount, big.formatted]).toEqual([16, 96, 288, '¥288']);
    const small = quoteOption(100, 100, '4x', yen);
    expect([small.cost, small.amount, small.formatted]).toEqual([6, 50, '¥50']);
  });
});

describe('quoteOption: odd sizes', () => {
  it('1 px image at 2x = 4 pixels, 1 credit, the minimum price', () => {
    const option = quoteOption(1, 1, '2x', reference);
    expect([option.width, option.height, option.megapixels, option.credits, option.amount]).toEqual(
      [2, 2, 0, 1, 50],
    );
  });

  it('3000x2001 at 4x = 96.048 MP → 24.012 → 25 credits', () => {
    const option = quoteOption(3000, 2001, '4x', reference);
    expect([
      option.width,
      option.height,
      option.megapixels,
      option.credits,
      option.cost,
      option.amount,
    ]).toEqual([12000, 8004, 96.05, 25, 100, 300]);
  });

  it('rounds megapixels to 2 decimals for display only', () => {
    expect(quoteOption(1234, 567, '4x', reference).megapixels).toBe(11.19); // 11.194…
    expect(quoteOption(125, 125, '2x', reference).megapixels).toBe(0.06); // 0.0625 → 0.06
    expect(quoteOption(75, 75, '2x', reference).megapixels).toBe(0.02); // 0.0225 → 0.02
  });

  it('rejects impossible inputs instead of inventing a price', () => {
    expect(() => quoteOption(0, 100, '4x', reference)).toThrow(RangeError);
    expect(() => quoteOption(100, -1, '4x', reference)).toThrow(RangeError);
    expect(() => quoteOption(100.5, 100, '4x', reference)).toThrow(RangeError);
    expect(() => quoteOption(100, 100, '3.5x', reference)).toThrow(RangeError);
    expect(() => quoteOption(100, 100, '32x', reference)).toThrow(RangeError);
    expect(() => quoteOption(100, 100, '4x', settings({ creditPrice: 4.5 }))).toThrow(RangeError);
    expect(() => quoteOption(100, 100, '4x', settings({ markupPercent: -1 }))).toThrow(RangeError);
    expect(() => quoteOption(100, 100, '4x', settings({ creditsPerMegapixel: 0 }))).toThrow(
      RangeError,
    );
    expect(() =>
      quoteOption(100, 100, '4x', settings({ creditsPerMegapixel: Number.NaN })),
    ).toThrow(RangeError);
  });
});

describe('quoteOption: availability', () => {
  it('marks options above maxOutputMegapixels unavailable but still prices them', () => {
    const limited = settings({ maxOutputMegapixels: 64 });
    const at4 = quoteOption(2000, 2000, '4x', limited); // exactly 64 MP: allowed
    const at8 = quoteOption(2000, 2000, '8x', limited); // 256 MP
    expect([at4.available, at4.reason]).toEqual([true, undefined]);
    expect([at8.available, at8.reason, at8.amount]).toEqual([false, 'exceeds_max_output', 768]);
    expect(quoteOption(2000, 2001, '4x', limited).reason).toBe('exceeds_max_output'); // 64.032 MP
  });

  it("marks prices beyond Stripe's maximum amount unavailable", () => {
    const option = quoteOption(10_000, 10_000, '16x', settings({ creditPrice: 1_000_000 }));
    expect([option.available, option.reason]).toEqual([false, 'exceeds_stripe_maximum']);
    expect(Number.isSafeInteger(option.amount)).toBe(true);
  });
});

describe('quote', () => {
  it('prices every offered resolution, sorted by scale, in the settings currency', () => {
    const result = quote(2000, 2000, settings({ resolutions: ['8x', '2x', '4x', '8x'] }));
    expect(result.currency).toBe('usd');
    expect(result.options.map((o) => [o.resolution, o.amount])).toEqual([
      ['2x', 50],
      ['4x', 192],
      ['8x', 768],
    ]);
  });

  it('skips resolutions it cannot parse', () => {
    expect(
      quote(100, 100, settings({ resolutions: ['4x', 'huge', '64x'] })).options.map(
        (o) => o.resolution,
      ),
    ).toEqual(['4x']);
  });
});

describe('pricing properties', () => {
  const next = random(20240611);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const currencies = ['usd', 'eur', 'gbp', 'jpy', 'kwd', 'isk', 'huf', 'chf'];

  it('the amount is a safe integer ≥ every minimum, and never decreases with scale or markup', () => {
    for (let run = 0; run < 400; run += 1) {
      const config = settings({
        markupPercent: Math.floor(next() * 2000),
        minimumPrice: Math.floor(next() * 1000),
        currency: pick(currencies),
        creditPrice: Math.floor(next() * 200),
        creditsPerMegapixel: Math.max(0.000001, Math.round(next() * 5e6) / 1e6),
      });
      const width = 1 + Math.floor(next() * 6000);
      const height = 1 + Math.floor(next() * 6000);
      let previous = 0;
      for (let scale = 2; scale <= 16; scale += 1) {
        const option = quoteOption(width, height, `${scale}x`, config);
        if (option.reason === 'exceeds_stripe_maximum') break;
        const context = JSON.stringify({ config, width, height, scale, option });
        if (!Number.isSafeInteger(option.amount)) throw new Error(`non-integer amount ${context}`);
        if (option.amount < config.minimumPrice) throw new Error(`below minimum ${context}`);
        if (option.amount < 30) throw new Error(`below any Stripe minimum ${context}`);
        if (option.amount < previous) throw new Error(`not monotonic in scale ${context}`);
        if (option.credits < 1 || option.cost !== option.credits * config.creditPrice)
          throw new Error(`bad cost ${context}`);
        const higherMarkup = quoteOption(width, height, `${scale}x`, {
          ...config,
          markupPercent: config.markupPercent + 10,
        });
        if (higherMarkup.amount < option.amount)
          throw new Error(`not monotonic in markup ${context}`);
        previous = option.amount;
      }
    }
  });

  it('credits match an exact rational computation', () => {
    for (let run = 0; run < 2000; run += 1) {
      const width = 1 + Math.floor(next() * 5000);
      const height = 1 + Math.floor(next() * 5000);
      const scale = 2 + Math.floor(next() * 15);
      const micro = 1 + Math.floor(next() * 2_000_000); // creditsPerMegapixel in millionths
      const option = quoteOption(
        width,
        height,
        `${scale}x`,
        settings({ creditsPerMegapixel: micro / 1e6 }),
      );
      const numerator = BigInt(width * scale) * BigInt(height * scale) * BigInt(micro);
      const denominator = 10n ** 12n;
      const exact =
        numerator % denominator === 0n ? numerator / denominator : numerator / denominator + 1n;
      const expected = Number(exact > 1n ? exact : 1n);
      if (option.credits !== expected)
        throw new Error(
          `${width}x${height}@${scale} cpm ${micro / 1e6}: ${option.credits} ≠ ${expected}`,
        );
    }
  });
});
