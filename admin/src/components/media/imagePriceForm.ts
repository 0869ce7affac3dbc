/**
 * The per-image price editor's values as typed (major units of the shop's currency per
 * resolution, the multiplier as "2.5") and the request they make, in integer minor units
 * converted on the digits (settings/money.ts, shared/currency.ts), never through floats.
 */
import type { ImagePrice, ImagePriceRequest } from '../../../../shared/contracts/media';
import { STRIPE_MAXIMUM_AMOUNT } from '../../../../shared/currency';
import { MAX_LICENCE_MULTIPLIER_PERCENT } from '../../../../shared/contracts/settings-commerce';
import { multiplierToPercent, percentToMultiplier } from '../settings/licences';
import { inputToMinor, minorToInput } from '../settings/money';

export interface ImagePriceValues {
  /** Resolution → amount as typed; empty: no fixed price for it. */
  fixed: Record<string, string>;
  /** "2.5" for ×2.5; empty: none. */
  multiplier: string;
}

export function valuesFromPrice(
  price: ImagePrice,
  currency: string,
  locale?: string,
): ImagePriceValues {
  return {
    fixed: Object.fromEntries(
      Object.entries(price.fixedPrices ?? {}).map(([resolution, minor]) => [
        resolution,
        minorToInput(minor, currency, locale),
      ]),
    ),
    multiplier:
      price.multiplierPercent === null ? '' : percentToMultiplier(price.multiplierPercent),
  };
}

/** Message ids of what is wrong, by field (`fixed.4x`, `multiplier`). */
export type PriceErrors = Record<string, string>;

/** The request, or the errors; only the offered resolutions' prices are sent. */
export function requestFromValues(
  values: ImagePriceValues,
  currency: string,
  resolutions: readonly string[],
): { ok: true; request: ImagePriceRequest } | { ok: false; errors: PriceErrors } {
  const errors: PriceErrors = {};
  const fixed: Record<string, number> = {};
  for (const resolution of resolutions) {
    const text = values.fixed[resolution] ?? '';
    if (text.trim() === '') continue;
    const parsed = inputToMinor(text, currency);
    if (!parsed.ok) errors[`fixed.${resolution}`] = `media.price.error.amount.${parsed.reason}`;
    else if (parsed.minor <= 0 || parsed.minor > STRIPE_MAXIMUM_AMOUNT)
      errors[`fixed.${resolution}`] = 'media.price.error.amount.range';
    else fixed[resolution] = parsed.minor;
  }
  let multiplierPercent: number | null = null;
  if (values.multiplier.trim() !== '') {
    const percent = multiplierToPercent(values.multiplier);
    if (percent === undefined || percent < 1 || percent > MAX_LICENCE_MULTIPLIER_PERCENT)
      errors.multiplier = 'media.price.error.multiplier';
    else multiplierPercent = percent;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    request: {
      fixedPrices: Object.keys(fixed).length ? fixed : null,
      multiplierPercent,
    },
  };
}

/** The row's badge: "Fixed", "×2.5", "Fixed · ×2.5", or null (the shop's price). */
export function priceBadge(price: ImagePrice, fixedWord: string): string | null {
  const parts: string[] = [];
  if (price.fixedPrices && Object.keys(price.fixedPrices).length) parts.push(fixedWord);
  if (price.multiplierPercent !== null)
    parts.push(`×${percentToMultiplier(price.multiplierPercent)}`);
  return parts.length ? parts.join(' · ') : null;
}
