/**
 * Answers of the analytics admin API (`/sell-my-images/analytics/…`). Money is in integer
 * minor units of the answer's `currency`; days are whole UTC days (`YYYY-MM-DD`).
 */
import type { Pagination } from './pagination';

/** Longest period the analytics aggregate over (a leap year, inclusive). */
export const MAX_RANGE_DAYS = 366;

export const ANALYTICS_SORT_KEYS = ['revenue', 'sales', 'clicks', 'conversion'] as const;
export type AnalyticsSortKey = (typeof ANALYTICS_SORT_KEYS)[number];
export const EXPORT_KINDS = ['sales', 'images', 'pages'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export interface DayPoint {
  date: string;
  revenue: number;
  sales: number;
}

/** `GET /analytics/overview?from&to&currency`: the cards and the daily series. */
export interface Overview {
  from: string;
  to: string;
  currency: string;
  currencies: string[];
  revenue: number;
  cost: number;
  profit: number;
  margin: number | null;
  /**
   * Tax collected on the sales (Stripe Tax), less the tax part of their refunds; not in
   * `revenue`, which is net of tax and after discounts.
   */
  tax: number;
  /** Promotion-code discounts given on the sales (already out of `revenue`). */
  discounts: number;
  sales: number;
  averageSale: number | null;
  refundedSales: number;
  refundedAmount: number;
  uniqueCustomers: number;
  clicks: number;
  conversionRate: number | null;
  /** Live previews seen (clicks of kind `preview`). */
  previewViews: number;
  /** Images added to a cart (clicks of kind `cart_add`). */
  cartAdds: number;
  /** Paid cart orders (one Checkout Session, several images). */
  cartCheckouts: number;
  /** Paid sales whose buyer saw the preview ÷ preview views; null without views. */
  previewConversion: number | null;
  series: DayPoint[];
}

export interface Counts {
  clicks: number;
  sales: number;
  conversion: number | null;
  revenue: number;
}

export interface ImageRow extends Counts {
  fileId: number;
  name: string | null;
  thumbnailUrl: string | null;
}

export interface PageRow extends Counts {
  sourcePage: string | null;
}

/** `GET /analytics/images|pages?from&to&currency&sort&page&pageSize` */
export interface RankingAnswer<T> {
  currency: string;
  results: T[];
  pagination: Pagination;
}

/** `GET /analytics/summary`: revenue per currency, all time, refunds apart. */
export interface RevenueRow {
  currency: string;
  sales: number;
  revenue: number;
  refundedSales: number;
  refundedAmount: number;
}
