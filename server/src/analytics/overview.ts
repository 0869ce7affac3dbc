/**
 * `GET /analytics/overview`: the cards and the daily series of one period and currency.
 * Clicks and conversion count buy-button clicks only; previews seen and cart additions are
 * counted apart (one scan of the period's clicks). A cart order counts once, by its order
 * id, while at least one of its lines is a sale: an order refunded in full is no cart order,
 * like a refunded job is no sale. Conversion from preview: sales whose buyer saw the
 * preview ÷ previews seen (docs/architecture.md "Previews, cart and purchases").
 */
import type { DayPoint, Overview } from '../../../shared/contracts/analytics';
import { DAY_MS, isoDay } from '../../../shared/utc-days';
import type { Period } from './params';
import { conversion, type AnalyticsQueries } from './queries';
import { DISCOUNT, IS_BUY_CLICK, IS_SALE, keptTax, netAmount, num, SALE_LIST, utcDay } from './sql';

export async function overviewReport(
  q: AnalyticsQueries,
  period: Period,
  currency: string,
  soldCurrencies: Promise<string[]>,
): Promise<Overview> {
  const paid = q.paidJobs(period, currency);
  const sales = q.paidJobs(period, currency, SALE_LIST);
  const day = utcDay(q.dialect, 'paid_at');
  const window = q.allClicks(period);
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
         COUNT(DISTINCT CASE WHEN ${IS_SALE} THEN LOWER(email) END) AS customers,
         SUM(CASE WHEN ${IS_SALE} AND previewed THEN 1 ELSE 0 END) AS previewed_sales,
         COUNT(DISTINCT CASE WHEN ${IS_SALE} THEN order_id END) AS cart_orders
       ${paid.sql}`,
      paid.bindings,
    ),
    q.rows(
      `SELECT ${day} AS day, COUNT(*) AS sales, SUM(${net}) AS revenue ${sales.sql} GROUP BY 1 ORDER BY 1`,
      sales.bindings,
    ),
    q.rows(
      `SELECT
         SUM(CASE WHEN ${IS_BUY_CLICK} THEN 1 ELSE 0 END) AS clicks,
         SUM(CASE WHEN kind = 'preview' THEN 1 ELSE 0 END) AS previews,
         SUM(CASE WHEN kind = 'cart_add' THEN 1 ELSE 0 END) AS cart_adds
       ${window.sql}`,
      window.bindings,
    ),
    soldCurrencies,
  ]);

  const revenue = num(totals?.revenue);
  const cost = num(totals?.cost);
  const saleCount = num(totals?.sales);
  const clickTotal = num(clickCount?.clicks);
  const previewViews = num(clickCount?.previews);
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
    previewViews,
    cartAdds: num(clickCount?.cart_adds),
    cartCheckouts: num(totals?.cart_orders),
    previewConversion: conversion(num(totals?.previewed_sales), previewViews),
    series: points,
  };
}
