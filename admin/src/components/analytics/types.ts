/** Answers of the analytics admin API (server/src/services/analytics.ts); money in integer minor units. */
export interface DayPoint {
  date: string;
  revenue: number;
  sales: number;
}

export interface Overview {
  from: string;
  to: string;
  currency: string;
  currencies: string[];
  revenue: number;
  cost: number;
  profit: number;
  margin: number | null;
  sales: number;
  averageSale: number | null;
  refundedSales: number;
  refundedAmount: number;
  uniqueCustomers: number;
  clicks: number;
  conversionRate: number | null;
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

export interface Pagination {
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
}

export interface Paged<T> {
  currency: string;
  results: T[];
  pagination: Pagination;
}

export type SortKey = 'revenue' | 'sales' | 'clicks' | 'conversion';
export type SortDirection = 'asc' | 'desc';
export interface Sort {
  key: SortKey;
  direction: SortDirection;
}

export type ExportKind = 'sales' | 'images' | 'pages';

/** The query every analytics request carries: whole UTC days and, once chosen, a currency. */
export type PeriodQuery = {
  from: string;
  to: string;
  currency?: string;
};
