/**
 * The daily summary rows of one UTC day, computed from its raw jobs and clicks with the same
 * SQL the raw reports use (analytics/sql.ts): one grouped read of the day's paid jobs per
 * (currency, file, page) in `currencies` (every currency of a paid job) and one of its clicks per (file, page), summed here into the three
 * grains the reports read (docs/architecture.md "Analytics rollups"):
 * - `day`: per currency (job figures) and one row without currency (click counts);
 * - `file`: per image and currency, clicks per image without currency;
 * - `page`: the same per source page.
 */
import { IS_BUY_CLICK, IS_SALE, DISCOUNT, keptTax, netAmount, num, PAID_LIST } from './sql';
import type { AnalyticsQueries } from './queries';

export type Grain = 'day' | 'file' | 'page';

export const SUMMED = [
  'sales',
  'revenue',
  'tax',
  'discounts',
  'cost',
  'refunded_sales',
  'refunded_amount',
  'previewed_sales',
  'clicks',
  'preview_views',
  'cart_adds',
] as const;
type Summed = (typeof SUMMED)[number];

export type SummaryRow = {
  grain: Grain;
  day: string;
  currency: string | null;
  file_id: number | null;
  source_page: string | null;
} & Record<Summed, number>;

const zero = (): Record<Summed, number> =>
  Object.fromEntries(SUMMED.map((name) => [name, 0])) as Record<Summed, number>;

/** Adds `values` to the row of `key`, made on first use. */
function accumulate(
  rows: Map<string, SummaryRow>,
  head: Omit<SummaryRow, Summed>,
  values: Record<string, unknown>,
): void {
  const key = JSON.stringify([head.grain, head.currency, head.file_id, head.source_page]);
  let row = rows.get(key);
  if (!row) {
    row = { ...head, ...zero() };
    rows.set(key, row);
  }
  for (const name of SUMMED) if (name in values) row[name] += num(values[name]);
}

export async function summaryRows(
  q: AnalyticsQueries,
  day: string,
  start: Date,
  end: Date,
  currencies: string[],
): Promise<SummaryRow[]> {
  const net = netAmount(q.dialect);
  // Each currency named: the index smi_jobs_sales_idx then seeks the day's paid_at range.
  const inList = currencies.length > 0 ? currencies.map(() => '?').join(', ') : 'NULL';
  const [jobs, clicks] = await Promise.all([
    q.rows(
      `SELECT currency, file_id, source_page,
         SUM(CASE WHEN ${IS_SALE} THEN 1 ELSE 0 END) AS sales,
         SUM(CASE WHEN ${IS_SALE} THEN ${net} ELSE 0 END) AS revenue,
         SUM(CASE WHEN ${IS_SALE} THEN ${keptTax(q.dialect)} ELSE 0 END) AS tax,
         SUM(CASE WHEN ${IS_SALE} THEN ${DISCOUNT} ELSE 0 END) AS discounts,
         SUM(CASE WHEN ${IS_SALE} OR status = 'completed' THEN COALESCE(cost_amount, 0) ELSE 0 END) AS cost,
         SUM(CASE WHEN payment_status = 'refunded' THEN 1 ELSE 0 END) AS refunded_sales,
         SUM(COALESCE(amount_refunded, 0)) AS refunded_amount,
         SUM(CASE WHEN ${IS_SALE} AND previewed THEN 1 ELSE 0 END) AS previewed_sales
       FROM ${q.jobs}
       WHERE payment_status IN (${PAID_LIST}) AND currency IN (${inList})
         AND paid_at >= ? AND paid_at < ?
       GROUP BY currency, file_id, source_page`,
      [...currencies, start, end],
    ),
    q.rows(
      `SELECT file_id, source_page,
         SUM(CASE WHEN ${IS_BUY_CLICK} THEN 1 ELSE 0 END) AS clicks,
         SUM(CASE WHEN kind = 'preview' THEN 1 ELSE 0 END) AS preview_views,
         SUM(CASE WHEN kind = 'cart_add' THEN 1 ELSE 0 END) AS cart_adds
       FROM ${q.clicks} WHERE created_at >= ? AND created_at < ?
       GROUP BY file_id, source_page`,
      [start, end],
    ),
  ]);
  const rows = new Map<string, SummaryRow>();
  const add = (source: Record<string, unknown>, currency: string | null) => {
    const fileId =
      source.file_id === null || source.file_id === undefined ? null : num(source.file_id);
    const page =
      source.source_page === null || source.source_page === undefined
        ? null
        : String(source.source_page);
    const base = { day, currency };
    accumulate(rows, { ...base, grain: 'day', file_id: null, source_page: null }, source);
    // the rankings leave out jobs and clicks without a file (analytics/rankings.ts)
    if (fileId !== null)
      accumulate(rows, { ...base, grain: 'file', file_id: fileId, source_page: null }, source);
    accumulate(rows, { ...base, grain: 'page', file_id: null, source_page: page }, source);
  };
  for (const job of jobs) add(job, String(job.currency));
  for (const click of clicks) add(click, null);
  return [...rows.values()];
}
