/**
 * The SQL access every analytics report shares: raw queries on the jobs and clicks
 * tables (aggregates run in the database on SQLite, PostgreSQL and MySQL/MariaDB alike),
 * and the row sets the reports are made of: the paid jobs of some instants in one currency,
 * their clicks, and the daily summaries of whole days (docs/architecture.md "Analytics
 * rollups").
 */
import type { Core } from '@strapi/strapi';
import type { Clause, DayRun } from './coverage';
import { SUMMARY_UID } from './rollups';
import { dialectOf, IS_BUY_CLICK, PAID_LIST, tables } from './sql';

type SqlRows = Record<string, unknown>[];

export function createAnalyticsQueries(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
  const dialect = dialectOf(strapi);
  const { jobs, clicks } = tables(strapi);
  const summaries = strapi.db.metadata.get(SUMMARY_UID).tableName;
  return {
    knex,
    dialect,
    jobs,
    clicks,
    summaries,

    async rows(sql: string, bindings: unknown[]): Promise<SqlRows> {
      const result = await knex.raw(sql, bindings as never);
      // better-sqlite3 and pg give the rows (pg in `.rows`); mysql2 gives [rows, fields].
      if (dialect === 'postgres') return (result as { rows: SqlRows }).rows;
      if (dialect === 'mysql') return (result as [SqlRows])[0];
      return result as SqlRows;
    },

    /**
     * The jobs paid in `paidAt` (a range clause on paid_at) in one currency, as a `FROM`
     * clause fragment with its bindings. The index smi_jobs_sales_idx covers the filter.
     */
    paidJobs: (paidAt: Clause, currency: string, statuses = PAID_LIST) => ({
      sql: `FROM ${jobs} WHERE payment_status IN (${statuses}) AND currency = ? AND ${paidAt.sql}`,
      bindings: [currency, ...paidAt.bindings],
    }),

    /**
     * The buy-button clicks made in `createdAt` (kind `buy`, or NULL: rows stored before
     * clicks had a kind), which the clicks counts, conversions and rankings are made of. The
     * index smi_clicks_created_file_idx (created_at, file_id, kind) covers it.
     */
    periodClicks: (createdAt: Clause) => ({
      sql: `FROM ${clicks} WHERE ${createdAt.sql} AND ${IS_BUY_CLICK}`,
      bindings: createdAt.bindings,
    }),

    /** Every click made in `createdAt`, whatever its kind (the overview counts each kind apart). */
    allClicks: (createdAt: Clause) => ({
      sql: `FROM ${clicks} WHERE ${createdAt.sql}`,
      bindings: createdAt.bindings,
    }),

    /**
     * The summary rows of one grain on some runs of days, or on some months (`YYYY-MM`). The
     * grain is repeated in each run's condition: SQLite then seeks the index once per run.
     */
    summaryRows: (
      grain: 'day' | 'file' | 'page' | 'mfile' | 'mpage',
      days: DayRun[] | string[],
    ) => {
      if (days.length === 0) return { sql: `FROM ${summaries} WHERE 1 = 0`, bindings: [] };
      if (typeof days[0] === 'string') {
        const months = days as string[];
        return {
          sql: `FROM ${summaries} WHERE grain = ? AND day IN (${months.map(() => '?').join(', ')})`,
          bindings: [grain, ...months],
        };
      }
      const runs = days as DayRun[];
      return {
        sql: `FROM ${summaries} WHERE (${runs.map(() => '(grain = ? AND day >= ? AND day < ?)').join(' OR ')})`,
        bindings: runs.flatMap((run) => [grain, run.from, run.to]),
      };
    },
  };
}

export type AnalyticsQueries = ReturnType<typeof createAnalyticsQueries>;

export const conversion = (sales: number, clicks: number): number | null =>
  clicks > 0 ? sales / clicks : null;
