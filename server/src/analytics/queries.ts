/**
 * The SQL access every analytics report shares: raw queries on the jobs and clicks
 * tables (aggregates run in the database on SQLite, PostgreSQL and MySQL/MariaDB alike),
 * and the two row sets the reports are made of: the paid jobs of a period in one
 * currency, and its clicks.
 */
import type { Core } from '@strapi/strapi';
import type { Period } from './params';
import { dialectOf, IS_BUY_CLICK, PAID_LIST, tables } from './sql';

type SqlRows = Record<string, unknown>[];

export function createAnalyticsQueries(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
  const dialect = dialectOf(strapi);
  const { jobs, clicks } = tables(strapi);
  return {
    knex,
    dialect,
    jobs,
    clicks,

    async rows(sql: string, bindings: unknown[]): Promise<SqlRows> {
      const result = await knex.raw(sql, bindings as never);
      // better-sqlite3 and pg give the rows (pg in `.rows`); mysql2 gives [rows, fields].
      if (dialect === 'postgres') return (result as { rows: SqlRows }).rows;
      if (dialect === 'mysql') return (result as [SqlRows])[0];
      return result as SqlRows;
    },

    /**
     * The jobs of a period in one currency, as a `FROM` clause fragment with its bindings.
     * Paid jobs are dated by their paidAt; the index smi_jobs_sales_idx covers the filter.
     */
    paidJobs: (period: Period, currency: string, statuses = PAID_LIST) => ({
      sql: `FROM ${jobs} WHERE payment_status IN (${statuses}) AND currency = ? AND paid_at >= ? AND paid_at < ?`,
      bindings: [currency, period.start, period.end],
    }),

    /**
     * The buy-button clicks of a period (kind `buy`, or NULL: rows stored before clicks had
     * a kind), which the clicks counts, conversions and rankings are made of. The index
     * smi_clicks_created_file_idx (created_at, file_id, kind) covers it.
     */
    periodClicks: (period: Period) => ({
      sql: `FROM ${clicks} WHERE created_at >= ? AND created_at < ? AND ${IS_BUY_CLICK}`,
      bindings: [period.start, period.end],
    }),

    /** Every click of a period, whatever its kind (the overview counts each kind apart). */
    allClicks: (period: Period) => ({
      sql: `FROM ${clicks} WHERE created_at >= ? AND created_at < ?`,
      bindings: [period.start, period.end],
    }),
  };
}

export type AnalyticsQueries = ReturnType<typeof createAnalyticsQueries>;

export const conversion = (sales: number, clicks: number): number | null =>
  clicks > 0 ? sales / clicks : null;
