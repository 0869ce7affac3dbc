import { formatMoney as formatStripeMoney } from '../../../shared/currency';

/**
 * Formats an amount in integer minor units of `currency` for the admin's locale, with the
 * server's own table of currency exponents (Stripe's: ISK counts in hundredths though it
 * is shown without decimals, which the browser's Intl alone gets wrong).
 */
export function formatMoney(amountMinor: number, currency: string, locale?: string): string {
  try {
    return formatStripeMoney(amountMinor, currency, locale ?? 'en-US');
  } catch {
    return `${amountMinor} ${currency.toUpperCase()}`;
  }
}
