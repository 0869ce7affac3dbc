import type { Core } from '@strapi/strapi';
import type { RevenueRow } from '../../../shared/contracts/analytics';
import { JOB_UID } from '../plugin-id';
import { dialectOf, IS_SALE, netAmount, PAID_STATUSES } from './sql';

/**
 * Revenue per currency, all time, aggregated in SQL. A fully refunded sale is not revenue
 * (counted apart); a partial refund lowers it by the refunded amount (net of its tax part),
 * and revenue is net of tax and after discounts (`netAmount`). Same definitions as
 * the analytics overview (analytics/sql.ts).
 */
export async function revenueSummary(strapi: Core.Strapi): Promise<RevenueRow[]> {
  const table = strapi.db.metadata.get(JOB_UID).tableName;
  const knex = strapi.db.connection;
  const net = netAmount(dialectOf(strapi));
  const rows = await knex(table)
    .select('currency')
    .select(knex.raw(`SUM(CASE WHEN ${IS_SALE} THEN 1 ELSE 0 END) AS sales`))
    .select(knex.raw(`SUM(CASE WHEN ${IS_SALE} THEN ${net} ELSE 0 END) AS revenue`))
    .select(
      knex.raw(`SUM(CASE WHEN payment_status = 'refunded' THEN 1 ELSE 0 END) AS refunded_sales`),
    )
    .select(knex.raw(`SUM(COALESCE(amount_refunded, 0)) AS refunded_amount`))
    .whereIn('payment_status', [...PAID_STATUSES])
    .groupBy('currency')
    .orderBy('currency');
  return rows.map((row: Record<string, unknown>) => ({
    currency: String(row.currency),
    sales: Number(row.sales),
    revenue: Number(row.revenue),
    refundedSales: Number(row.refunded_sales),
    refundedAmount: Number(row.refunded_amount),
  }));
}
