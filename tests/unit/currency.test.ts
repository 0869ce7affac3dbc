import {
  DEFAULT_MINIMUM_CHARGE,
  STRIPE_MINIMUM_CHARGE,
  THREE_DECIMAL_CURRENCIES,
  ZERO_DECIMAL_CURRENCIES,
  amountStep,
  formatMoney,
  fromMinorUnits,
  isSupportedCurrency,
  minimumChargeFor,
  minorUnitExponent,
  toMinorUnits,
} from '../../shared/currency';

describe('currency lists', () => {
  it.each([
    [
      'zero-decimal',
      ZERO_DECIMAL_CURRENCIES,
      'bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf',
    ],
    ['three-decimal', THREE_DECIMAL_CURRENCIES, 'bhd jod kwd omr tnd'],
  ])("holds exactly Stripe's %s currencies", (_kind, list, codes) => {
    expect([...list].sort()).toEqual(codes.split(' '));
  });

  it('lists every minimum charge as a positive integer of minor units', () => {
    for (const [code, minimum] of Object.entries(STRIPE_MINIMUM_CHARGE)) {
      expect(isSupportedCurrency(code)).toBe(true);
      expect(Number.isSafeInteger(minimum) && minimum > 0).toBe(true);
    }
  });
});

describe('isSupportedCurrency', () => {
  it.each(['usd', 'eur', 'gbp', 'jpy', 'kwd', 'chf', 'isk'])('accepts %s', (code) => {
    expect(isSupportedCurrency(code)).toBe(true);
  });

  it.each([
    ['USD'],
    ['Usd'],
    ['us'],
    ['usdd'],
    [''],
    [' usd'],
    ['xyz'],
    ['abc'],
    [123],
    [null],
    [undefined],
  ])('rejects %p', (code) => {
    expect(isSupportedCurrency(code)).toBe(false);
  });
});

describe('minorUnitExponent and amountStep', () => {
  const decimals = { usd: 2, eur: 2, jpy: 0, krw: 0, JPY: 0, kwd: 3, bhd: 3, isk: 2 };
  it.each(Object.entries(decimals))('%s has %i decimals', (code, exponent) => {
    expect(minorUnitExponent(code)).toBe(exponent);
  });

  const steps = { usd: 1, jpy: 1, kwd: 10, tnd: 10, isk: 100 };
  it.each(Object.entries(steps))('%s amounts are multiples of %i', (code, step) => {
    expect(amountStep(code)).toBe(step);
  });
});

describe('toMinorUnits / fromMinorUnits', () => {
  it.each([
    [1.92, 'usd', 192],
    [0.5, 'usd', 50],
    [500, 'jpy', 500],
    [5.124, 'kwd', 5124],
    [19.99, 'eur', 1999],
    [0.1 + 0.2, 'usd', 30],
    [1.005, 'usd', 101], // 1.005 is 1.00499999… in binary; the decimal spelling wins
    [1.015, 'usd', 102],
    [0.125, 'usd', 13], // half away from zero
    [-0.125, 'usd', -13],
    [2.5, 'jpy', 3],
    [-2.5, 'jpy', -3],
    [2.4, 'jpy', 2],
    [0.0004, 'kwd', 0],
    [0.0005, 'kwd', 1],
    [1e-7, 'usd', 0],
    [-1e-7, 'usd', 0],
    [1e6, 'usd', 100_000_000],
    [0, 'usd', 0],
  ] as const)('%p %s → %p', (major, code, minor) => {
    const result = toMinorUnits(major, code);
    expect(result).toBe(minor);
    expect(Object.is(result, -0)).toBe(false);
  });

  it('rejects amounts that are not finite or too large to be exact', () => {
    expect(() => toMinorUnits(Number.NaN, 'usd')).toThrow(RangeError);
    expect(() => toMinorUnits(Number.POSITIVE_INFINITY, 'usd')).toThrow(RangeError);
    expect(() => toMinorUnits(1e20, 'usd')).toThrow(RangeError);
  });

  it.each([
    [192, 'usd', 1.92],
    [500, 'jpy', 500],
    [5120, 'kwd', 5.12],
    [-50, 'eur', -0.5],
  ] as const)('fromMinorUnits(%p, %s) → %p', (minor, code, major) => {
    expect(fromMinorUnits(minor, code)).toBe(major);
  });

  it('rejects non-integer minor units', () => {
    expect(() => fromMinorUnits(1.5, 'usd')).toThrow(RangeError);
  });

  it('round-trips cent amounts up to $1000 exactly', () => {
    for (let minor = 0; minor <= 100_000; minor += 3) {
      if (toMinorUnits(fromMinorUnits(minor, 'usd'), 'usd') !== minor)
        throw new Error(`${minor} does not round-trip`);
    }
    for (let minor = 0; minor <= 20_000; minor += 7) {
      expect(toMinorUnits(fromMinorUnits(minor, 'kwd'), 'kwd')).toBe(minor);
    }
  });
});

describe('formatMoney', () => {
  it.each([
    [192, 'usd', '$1.92'],
    [50, 'usd', '$0.50'],
    [500, 'jpy', '¥500'],
    [123456, 'usd', '$1,234.56'],
    [5120, 'kwd', 'KWD 5.120'],
    [1999, 'eur', '€19.99'],
    [500, 'isk', 'ISK 5'],
  ] as const)('formats %p %s as %s', (minor, code, text) => {
    expect(formatMoney(minor, code).replace(/\u00a0/g, ' ')).toBe(text);
  });

  it('uses the locale', () => {
    expect(formatMoney(1999, 'eur', 'de-DE').replace(/\u00a0/g, ' ')).toBe('19,99 €');
  });
});

describe('minimumChargeFor', () => {
  const minimums = {
    usd: 50,
    eur: 50,
    gbp: 30,
    jpy: 50,
    cad: 50,
    aud: 50,
    chf: 50,
    GBP: 30,
    mxn: 1000,
  };
  it.each(Object.entries(minimums))('%s → %i', (code, minimum) => {
    expect(minimumChargeFor(code)).toBe(minimum);
  });

  it('defaults to 50 for currencies without a listed minimum', () => {
    expect(DEFAULT_MINIMUM_CHARGE).toBe(50);
    expect(minimumChargeFor('kwd')).toBe(50);
    expect(minimumChargeFor('zar')).toBe(50);
  });
});
