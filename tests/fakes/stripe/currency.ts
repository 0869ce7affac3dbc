/**
 * Amounts in Stripe are integers in the currency's smallest unit. Most currencies have
 * two decimals (cents); Stripe's zero-decimal currencies take whole units (¥500 = 500)
 * and its three-decimal ones thousandths.
 * https://docs.stripe.com/currencies#zero-decimal
 */

export const ZERO_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set(
  'bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf'.split(' '),
);

export const THREE_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set(
  'bhd jod kwd omr tnd'.split(' '),
);

/**
 * Stripe's minimum charge amounts for common currencies, in minor units
 * (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts).
 */
export const MINIMUM_CHARGE: Readonly<Record<string, number>> = {
  usd: 50,
  aed: 200,
  aud: 50,
  brl: 50,
  cad: 50,
  chf: 50,
  czk: 1500,
  dkk: 250,
  eur: 50,
  gbp: 30,
  hkd: 400,
  huf: 17500,
  inr: 50,
  jpy: 50,
  mxn: 1000,
  nok: 300,
  nzd: 50,
  pln: 200,
  sek: 300,
  sgd: 50,
  thb: 1000,
};

/** Smallest units per major unit: 1 for JPY, 1000 for KWD, 100 for USD. */
export function minorUnitsPerMajor(currency: string): number {
  const code = currency.toLowerCase();
  if (ZERO_DECIMAL_CURRENCIES.has(code)) return 1;
  if (THREE_DECIMAL_CURRENCIES.has(code)) return 1000;
  return 100;
}

let knownCurrencies: ReadonlySet<string> | undefined;

/** ISO 4217 codes the runtime knows (lowercase, as Stripe spells them). */
export function isKnownCurrency(currency: string): boolean {
  if (!/^[a-z]{3}$/.test(currency)) return false;
  knownCurrencies ??= new Set(Intl.supportedValuesOf('currency').map((code) => code.toLowerCase()));
  return knownCurrencies.has(currency);
}

/** `formatAmount(500, 'jpy')` → `¥500`; `formatAmount(192, 'usd')` → `$1.92`. */
export function formatAmount(amount: number, currency: string, locale = 'en-US'): string {
  const code = currency.toUpperCase();
  const divisor = minorUnitsPerMajor(currency);
  const digits = divisor === 1 ? 0 : divisor === 1000 ? 3 : 2;
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: code,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amount / divisor);
}
