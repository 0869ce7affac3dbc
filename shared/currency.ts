/**
 * Stripe's currency rules. Every amount in this plugin is an integer in the currency's
 * minor unit, as Stripe expects: cents for USD, whole yen for JPY, fils for KWD.
 * https://docs.stripe.com/currencies
 */

/** Stripe's zero-decimal currencies: the amount is in whole units (¥500 = 500). */
export const ZERO_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set(
  'bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf'.split(' '),
);

/** Stripe's three-decimal currencies: the amount is in thousandths (5.120 KWD = 5120). */
export const THREE_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set(
  'bhd jod kwd omr tnd'.split(' '),
);

/**
 * Stripe's minimum charge per currency, in minor units
 * (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts).
 */
// prettier-ignore
export const STRIPE_MINIMUM_CHARGE: Readonly<Record<string, number>> = Object.freeze({
  usd: 50, aed: 200, aud: 50, bgn: 100, brl: 50, cad: 50, chf: 50, czk: 1500,
  dkk: 250, eur: 50, gbp: 30, hkd: 400, huf: 17500, inr: 50, jpy: 50, mxn: 1000,
  myr: 200, nok: 300, nzd: 50, pln: 200, ron: 200, sek: 300, sgd: 50, thb: 1000,
});

/** Used for currencies missing from STRIPE_MINIMUM_CHARGE. */
export const DEFAULT_MINIMUM_CHARGE = 50;

/** Stripe's documented ceiling: eight digits of minor units (999,999.99 USD). */
export const STRIPE_MAXIMUM_AMOUNT = 99_999_999;

const CODE = /^[a-z]{3}$/;

let intlCurrencies: ReadonlySet<string> | undefined;

function knownCurrencies(): ReadonlySet<string> {
  if (intlCurrencies) return intlCurrencies;
  const supportedValuesOf = (Intl as { supportedValuesOf?: (key: 'currency') => string[] })
    .supportedValuesOf;
  intlCurrencies =
    typeof supportedValuesOf === 'function'
      ? new Set(supportedValuesOf('currency').map((code) => code.toLowerCase()))
      : // Runtimes without supportedValuesOf: fall back to the codes this module knows.
        new Set([
          ...ZERO_DECIMAL_CURRENCIES,
          ...THREE_DECIMAL_CURRENCIES,
          ...Object.keys(STRIPE_MINIMUM_CHARGE),
        ]);
  return intlCurrencies;
}

/** A lowercase three-letter ISO 4217 code that the runtime's Intl knows (`usd`, not `USD`). */
export function isSupportedCurrency(code: unknown): code is string {
  return typeof code === 'string' && CODE.test(code) && knownCurrencies().has(code);
}

/** Decimal places of the minor unit as Stripe counts them: 0 (jpy), 3 (kwd) or 2. */
export function minorUnitExponent(currency: string): 0 | 2 | 3 {
  const code = currency.toLowerCase();
  if (ZERO_DECIMAL_CURRENCIES.has(code)) return 0;
  if (THREE_DECIMAL_CURRENCIES.has(code)) return 3;
  return 2;
}

/**
 * The step every charged amount must be a multiple of: 10 for three-decimal currencies
 * (Stripe requires the last digit to be 0), 100 for ISK (whole krónur only), else 1.
 */
export function amountStep(currency: string): number {
  const code = currency.toLowerCase();
  if (THREE_DECIMAL_CURRENCIES.has(code)) return 10;
  if (code === 'isk') return 100;
  return 1;
}

/** Stripe's minimum charge for the currency in minor units (50 when not listed). */
export function minimumChargeFor(currency: string): number {
  return STRIPE_MINIMUM_CHARGE[currency.toLowerCase()] ?? DEFAULT_MINIMUM_CHARGE;
}

/** Integer division rounding half away from zero. */
function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const quotient = (magnitude * 2n + denominator) / (denominator * 2n);
  return negative ? -quotient : quotient;
}

function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${what} is too large to be represented exactly`);
  }
  return Number(value);
}

/**
 * `toMinorUnits(1.92, 'usd')` → 192. Works on the number's shortest decimal spelling
 * (so 1.005 is 1.005, not 1.00499…) and rounds half away from zero.
 */
export function toMinorUnits(major: number, currency: string): number {
  if (!Number.isFinite(major)) throw new RangeError(`Not a finite amount: ${major}`);
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(major));
  if (!match) throw new RangeError(`Cannot read the amount ${major}`);
  const [, sign, whole, fraction = '', exponentText = '0'] = match;
  const digits = BigInt(whole + fraction) * (sign === '-' ? -1n : 1n);
  // major = digits × 10^(exponent − fraction.length); minor = major × 10^minorUnitExponent.
  const shift = Number(exponentText) - fraction.length + minorUnitExponent(currency);
  const minor =
    shift >= 0 ? digits * 10n ** BigInt(shift) : divideRounded(digits, 10n ** BigInt(-shift));
  // Avoid returning -0 for tiny negative amounts.
  return minor === 0n ? 0 : toSafeNumber(minor, 'The amount');
}

/** `fromMinorUnits(192, 'usd')` → 1.92. */
export function fromMinorUnits(minor: number, currency: string): number {
  if (!Number.isSafeInteger(minor))
    throw new RangeError(`Minor units must be a safe integer, got ${minor}`);
  return minor / 10 ** minorUnitExponent(currency);
}

/** Fraction digits to display: the minor unit's, except ISK, which is charged in whole krónur. */
function displayFractionDigits(currency: string): number {
  return currency.toLowerCase() === 'isk' ? 0 : minorUnitExponent(currency);
}

/**
 * Formatters by locale and currency, made on first use (building one costs far more than
 * using it); bounded, since the locale may come from a request.
 */
const MONEY_FORMATS = new Map<string, Intl.NumberFormat>();
const MAX_MONEY_FORMATS = 200;

/** `formatMoney(192, 'usd')` → `$1.92`; `formatMoney(500, 'jpy')` → `¥500`. */
export function formatMoney(minor: number, currency: string, locale = 'en-US'): string {
  const key = `${locale}|${currency}`;
  let format = MONEY_FORMATS.get(key);
  if (!format) {
    const digits = displayFractionDigits(currency);
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: currency.toUpperCase(),
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    if (MONEY_FORMATS.size >= MAX_MONEY_FORMATS) MONEY_FORMATS.clear();
    MONEY_FORMATS.set(key, format);
  }
  return format.format(fromMinorUnits(minor, currency));
}
