/** `GET /analytics/overview`: the cards and the daily series of one period and currency. */
import type { DayPoint, Overview } from '../../../shared/contracts/analytics';
import { DAY_MS, isoDay } from '../../../shared/utc-days';
import type { Period } from './params';
import { conversion, type AnalyticsQueries } from './queries';
import { DISCOUNT, IS_SALE, keptTax, netAmount, num, SALE_LIST, utcDay } from './sql';

export async function overviewReport(
  q: AnalyticsQueries,
  period: Period,
  currency: string,
  soldCurrencies: Promise<string[]>,
): Promise<Overview> {
  const paid = q.paidJobs(period, currency);
  const sales = q.paidJobs(period, currency, SALE_LIST);
  const day = utcDay(q.dialect, 'paid_at');
  const window = q.periodClicks(period);
  const net = netAmount(q.dialect);
  const [[totals], series, [clickCount], currencies] = await Promise.all([
    q.rows(
      `SELECT
         SUM(CASE WHEN ${IS_SALE} THEN 1 ELSE 0 END) AS sales,
         SUM(CASE WHEN ${IS_SALE} THEN ${net} ELSE 0 END) AS revenue,
         SUM(CASE WHEN ${IS_SALE} THEN ${keptTax(q.dialect)} ELSE 0 END) AS tax,
         SUM(CASE WHEN ${IS_SALE} THEN ${DISCOUNT} ELSE 0 END) AS discounts,
         SUM(CASE WHEN ${IS_SALE} OR status = 'completed' THEN COALESCE(cost_amount, 0) ELSE 0 END) AS cost,
         SUM(CASE WHEN payment_status = 'refunded' THEN 1 ELSE 0 END) AS refunded_sales,
         SUM(COALESCE(amount_refunded, 0)) AS refunded_amount,
         COUNT(DISTINCT CASE WHEN ${IS_SALE} THEN LOWER(email) END) AS customers
       ${paid.sql}`,
      paid.bindings,
    ),
    q.rows(
      `SELECT ${day} AS day, COUNT(*) AS sales, SUM(${net}) AS revenue ${sales.sql} GROUP BY 1 ORDER BY 1`,
      sales.bindings,
    ),
    q.rows(`SELECT COUNT(*) AS clicks ${window.sql}`, window.bindings),
    soldCurrencies,
  ]);

  const revenue = num(totals?.revenue);
  const cost = num(totals?.cost);
  const saleCount = num(totals?.sales);
  const clickTotal = num(clickCount?.clicks);
  const byDay = new Map(
    series.map((row) => [String(row.day), { revenue: num(row.revenue), sales: num(row.sales) }]),
  );
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
    tax: num(totals?.tax),
    discounts: num(totals?.discounts),
    refundedSales: num(totals?.refunded_sales),
    refundedAmount: num(totals?.refunded_amount),
    uniqueCustomers: num(totals?.customers),
    clicks: clickTotal,
    conversionRate: conversion(saleCount, clickTotal),
    // Filled by the preview and cart analytics (docs/architecture.md "Analytics").
    previewViews: 0,
    cartAdds: 0,
    cartCheckouts: 0,
    previewConversion: null,
    series: points,
  };
}
