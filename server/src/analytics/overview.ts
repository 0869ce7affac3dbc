/**
 * `GET /analytics/overview`: the cards and the daily series of one period and currency.
 * Clicks and conversion count buy-button clicks only; previews seen and cart additions are
 * counted apart (one scan of the period's clicks). A cart order counts once, by its order
 * id, while at least one of its lines is a sale: an order refunded in full is no cart order,
 * like a refunded job is no sale. Conversion from preview: sales whose buyer saw the
 * preview ÷ previews seen (docs/architecture.md "Previews, cart and purchases").
 * Whole days with current summaries are read from them, the rest raw, and both sides are
 * added up; the distinct counts (customers, cart orders) are read raw over the whole period,
 * as they do not add up across days (docs/architecture.md "Analytics rollups").
 */
import type { DayPoint, Overview } from '../../../shared/contracts/analytics';
import { DAY_MS, isoDay } from '../../../shared/utc-days';
import { rangeClause, rawClause, type PeriodSplit } from './coverage';
import type { Period } from './params';
import { conversion, type AnalyticsQueries } from './queries';
import { SUMMED } from './rollup-rows';
import { DISCOUNT, IS_BUY_CLICK, IS_SALE, keptTax, netAmount, num, SALE_LIST, utcDay } from './sql';

type Row = Record<string, unknown>;

/** The job figures of the raw side, named like the summary columns. */
function rawTotals(q: AnalyticsQueries, split: PeriodSplit, currency: string): Promise<Row[]> {
  const paid = q.paidJobs(rawClause('paid_at', split), currency);
  const net = netAmount(q.dialect);
  return q.rows(
    `SELECT
       SUM(CASE WHEN ${IS_SALE} THEN 1 ELSE 0 END) AS sales,
       SUM(CASE WHEN ${IS_SALE} THEN ${net} ELSE 0 END) AS revenue,
       SUM(CASE WHEN ${IS_SALE} THEN ${keptTax(q.dialect)} ELSE 0 END) AS tax,
       SUM(CASE WHEN ${IS_SALE} THEN ${DISCOUNT} ELSE 0 END) AS discounts,
       SUM(CASE WHEN ${IS_SALE} OR status = 'completed' THEN COALESCE(cost_amount, 0) ELSE 0 END) AS cost,
       SUM(CASE WHEN payment_status = 'refunded' THEN 1 ELSE 0 END) AS refunded_sales,
       SUM(COALESCE(amount_refunded, 0)) AS refunded_amount,
       SUM(CASE WHEN ${IS_SALE} AND previewed THEN 1 ELSE 0 END) AS previewed_sales
     ${paid.sql}`,
    paid.bindings,
  );
}

function rawClicks(q: AnalyticsQueries, split: PeriodSplit): Promise<Row[]> {
  const window = q.allClicks(rawClause('created_at', split));
  return q.rows(
    `SELECT
       SUM(CASE WHEN ${IS_BUY_CLICK} THEN 1 ELSE 0 END) AS clicks,
       SUM(CASE WHEN kind = 'preview' THEN 1 ELSE 0 END) AS preview_views,
       SUM(CASE WHEN kind = 'cart_add' THEN 1 ELSE 0 END) AS cart_adds
     ${window.sql}`,
    window.bindings,
  );
}

/** The summed figures of the summary side: job figures in `currency`, clicks (no currency). */
function rolledUp(q: AnalyticsQueries, split: PeriodSplit, currency: string): Promise<Row[]> {
  const rows = q.summaryRows('day', split.rollup);
  return q.rows(
    `SELECT ${SUMMED.map((name) => `SUM(${name}) AS ${name}`).join(', ')}
     ${rows.sql} AND (currency = ? OR currency IS NULL)`,
    [...rows.bindings, currency],
  );
}

/** Sales and revenue per UTC day of the raw side and of the summary side. */
function seriesRows(q: AnalyticsQueries, split: PeriodSplit, currency: string): Promise<Row[]>[] {
  const sales = q.paidJobs(rawClause('paid_at', split), currency, SALE_LIST);
  const day = utcDay(q.dialect, 'paid_at');
  const summed = q.summaryRows('day', split.rollup);
  return [
    split.raw.length === 0
      ? Promise.resolve([])
      : q.rows(
          `SELECT ${day} AS day, COUNT(*) AS sales, SUM(${netAmount(q.dialect)}) AS revenue ${sales.sql} GROUP BY 1 ORDER BY 1`,
          sales.bindings,
        ),
    split.rollup.length === 0
      ? Promise.resolve([])
      : q.rows(
          `SELECT day, SUM(sales) AS sales, SUM(revenue) AS revenue ${summed.sql} AND currency = ? GROUP BY day`,
          [...summed.bindings, currency],
        ),
  ];
}

export async function overviewReport(
  q: AnalyticsQueries,
  period: Period,
  split: PeriodSplit,
  currency: string,
  soldCurrencies: Promise<string[]>,
): Promise<Overview> {
  const whole = q.paidJobs(
    rangeClause('paid_at', [[period.start, period.end]]),
    currency,
    SALE_LIST,
  );
  const none: Promise<Row[]> = Promise.resolve([{}]);
  const [raw, [rawClick], rolled, [distinct], currencies, ...series] = await Promise.all([
    split.raw.length === 0 ? none : rawTotals(q, split, currency),
    split.raw.length === 0 ? none : rawClicks(q, split),
    split.rollup.length === 0 ? none : rolledUp(q, split, currency),
    q.rows(
      `SELECT COUNT(DISTINCT LOWER(email)) AS customers, COUNT(DISTINCT order_id) AS cart_orders
       ${whole.sql}`,
      whole.bindings,
    ),
    soldCurrencies,
    ...seriesRows(q, split, currency),
  ]);
  const total = (name: (typeof SUMMED)[number]) =>
    num(raw[0]?.[name]) + num(rawClick?.[name]) + num(rolled[0]?.[name]);

  const revenue = total('revenue');
  const cost = total('cost');
  const saleCount = total('sales');
  const clickTotal = total('clicks');
  const previewViews = total('preview_views');
  const byDay = new Map<string, { revenue: number; sales: number }>();
  for (const row of series.flat()) {
    const date = String(row.day);
    const known = byDay.get(date) ?? { revenue: 0, sales: 0 };
    byDay.set(date, {
      revenue: known.revenue + num(row.revenue),
      sales: known.sales + num(row.sales),
    });
  }
  const points: DayPoint[] = [];
  for (let ms = period.start.getTime(); ms < period.end.getTime(); ms += DAY_MS) {
    const date = isoDay(ms);
    points.push({ date, ...(byDay.get(date) ?? { revenue: 0, sales: 0 }) });
  }
  return {
    from: period.from,
    to: period.to,
    currency,
    currencies: currencies.includes(currency) ? currencies : [...currencies, currency].sort(),
    revenue,
    cost,
    profit: revenue - cost,
    margin: revenue > 0 ? (revenue - cost) / revenue : null,
    sales: saleCount,
    averageSale: saleCount > 0 ? Math.round(revenue / saleCount) : null,
    tax: total('tax'),
    discounts: total('discounts'),
    refundedSales: total('refunded_sales'),
    refundedAmount: total('refunded_amount'),
    uniqueCustomers: num(distinct?.customers),
    clicks: clickTotal,
    conversionRate: conversion(saleCount, clickTotal),
    previewViews,
    cartAdds: total('cart_adds'),
    cartCheckouts: num(distinct?.cart_orders),
    previewConversion: conversion(total('previewed_sales'), previewViews),
    series: points,
  };
}
