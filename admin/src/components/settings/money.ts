/**
 * Amounts in the form are typed in major units ("0.50", "500" for JPY) and sent in
 * integer minor units. Conversion works on the digits, never through floating point,
 * with Stripe's decimals for the currency (0 for JPY, 3 for KWD, 2 otherwise) taken
 * from the server's own currency rules so the two sides cannot disagree.
 */
import { minorUnitExponent } from '../../../../shared/currency';

export type ParsedAmount =
  | { ok: true; minor: number }
  | { ok: false; reason: 'required' | 'invalid' | 'decimals'; digits: number };

/** Decimal separator of the admin's locale, so "0,50" reads naturally in French. */
function decimalSeparator(locale?: string): string {
  try {
    return (
      new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === 'decimal')
        ?.value ?? '.'
    );
  } catch {
    return '.';
  }
}

/** `50, 'usd'` → `"0.50"`; `500, 'jpy'` → `"500"`; exact for any safe integer. */
export function minorToInput(minor: number, currency: string, locale?: string): string {
  const digits = minorUnitExponent(currency);
  const negative = minor < 0;
  const text = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, '0');
  const whole = digits === 0 ? text : text.slice(0, -digits);
  const fraction = digits === 0 ? '' : `${decimalSeparator(locale)}${text.slice(-digits)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** `"0.50"` or `"0,5"` in USD → 50; more decimals than the currency has is an error, not a rounding. */
export function inputToMinor(text: string, currency: string): ParsedAmount {
  const digits = minorUnitExponent(currency);
  const value = text.trim();
  if (value === '') return { ok: false, reason: 'required', digits };
  const match = /^(\d{1,12})(?:[.,](\d*))?$/.exec(value);
  if (!match) return { ok: false, reason: 'invalid', digits };
  const [, whole, fraction = ''] = match;
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > digits) return { ok: false, reason: 'decimals', digits };
  const minor = Number(whole) * 10 ** digits + Number(significant.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor)
    ? { ok: true, minor }
    : { ok: false, reason: 'invalid', digits };
}
