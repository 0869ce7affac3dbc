/**
 * The cart's money rules (docs/architecture.md "Previews, cart and purchases" and "Money
 * rules"), pure functions: the quantity discount a cart reaches, what it takes off each
 * line, and how a paid session's line items map back to the order's jobs.
 */
import {
  quantityDiscountFor,
  type QuantityDiscount,
} from '../../../shared/contracts/settings-buyer';

/** `round_half_up(amount × percent / 100)` on integers (amounts are minor units ≥ 0). */
export function percentOf(amount: number, percent: number): number {
  return Number((BigInt(amount) * BigInt(percent) * 2n + 100n) / 200n);
}

export interface CartDiscount {
  tier: QuantityDiscount;
  /** What the discount takes off each line, in line order (0 for unavailable lines). */
  perLine: number[];
  amount: number;
}

/**
 * The best tier the available lines reach and its part of each line: a percent coupon
 * is applied by Stripe line by line, each rounded, so the quote's discount is the sum
 * of the lines' rounded discounts and the amounts Stripe shows are the quote's.
 */
export function cartDiscount(
  tiers: readonly QuantityDiscount[],
  lines: ReadonlyArray<{ amount: number; available: boolean }>,
): CartDiscount | null {
  const count = lines.filter((line) => line.available).length;
  const tier = quantityDiscountFor(tiers, count);
  if (!tier) return null;
  const perLine = lines.map((line) =>
    line.available ? percentOf(line.amount, tier.percentOff) : 0,
  );
  return { tier, perLine, amount: perLine.reduce((sum, off) => sum + off, 0) };
}

/** The coupon's name as Checkout shows it under the lines. */
export function couponName(tier: QuantityDiscount): string {
  return `${tier.minItems}+ images −${tier.percentOff}%`;
}

/** A paid line item as read from Stripe (`listLineItems`), with the order line it names. */
export interface PaidLine {
  /** `orderLine` from the product's metadata, when Stripe returned it. */
  orderLine: number | null;
  amountSubtotal: number;
  amountTotal: number;
  amountTax: number;
  amountDiscount: number;
}

export interface LineAmounts {
  amountTotal: number;
  amountTax: number;
  amountDiscount: number;
}

/**
 * Each job's part of the paid session, by its `orderLine`: from the product metadata
 * each line item carries, else by position (Stripe lists line items in the order they
 * were sent). Null when the items do not answer the jobs one to one with their prices
 * (a line missing, doubled, or priced otherwise than the job): nothing is guessed.
 */
export function allocateLines(
  jobs: ReadonlyArray<{ orderLine: number | null; amount: number | null }>,
  items: readonly PaidLine[],
): Map<number, LineAmounts> | null {
  if (items.length !== jobs.length) return null;
  const byLine = new Map<number, PaidLine>();
  items.forEach((item, index) => {
    byLine.set(item.orderLine ?? index, item);
  });
  const result = new Map<number, LineAmounts>();
  for (const job of jobs) {
    const item = job.orderLine === null ? undefined : byLine.get(job.orderLine);
    if (!item || item.amountSubtotal !== job.amount || job.orderLine === null) return null;
    result.set(job.orderLine, {
      amountTotal: item.amountTotal,
      amountTax: item.amountTax,
      amountDiscount: item.amountDiscount,
    });
  }
  return result.size === jobs.length ? result : null;
}
