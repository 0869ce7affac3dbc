import type { Core } from '@strapi/strapi';
import { SUMMARY_UID } from './rollups';
import { dialectOf, tables } from './sql';

/**
 * Covers "buy clicks per source page in a period" on SQLite: the per-page ranking reads only
 * this index (kind last: the ranking counts buy clicks only).
 */
const SQLITE_PAGE_INDEX = 'smi_clicks_created_page_kind_idx';
/**
 * Cover the overview's distinct counts over a whole period (customers by e-mail, cart orders),
 * which stay raw (docs/architecture.md "Analytics rollups"), and the rankings' reads of the
 * daily summaries: SQLite then reads no table row.
 */
const SQLITE_CUSTOMERS_INDEX = 'smi_jobs_customers_idx';
const SQLITE_SUMMARY_INDEX = 'smi_daily_summaries_rank_idx';
/** The same index before clicks had a kind: replaced by the one above. */
const OLD_SQLITE_PAGE_INDEX = 'smi_clicks_created_page_idx';

/**
 * Indexes the content-type schemas cannot declare portably. The per-page ranking groups a
 * period's clicks by `source_page`, a text column: SQLite can cover that with an index on
 * (created_at, source_page, kind) and then never touches the table rows (7× faster on 1M
 * clicks). MySQL refuses an index on a TEXT column without a prefix length (which Strapi's
 * schema format cannot express) and PostgreSQL refuses index entries above ~2.7 kB (a
 * 2,048-character URL can be longer), so this one is created here, on SQLite only,
 * idempotently; PostgreSQL aggregates the same rows quickly enough without it
 * (bench/analytics.ts). Strapi's schema sync leaves indexes it did not create alone.
 */
export async function ensureAnalyticsIndexes(strapi: Core.Strapi): Promise<void> {
  if (dialectOf(strapi) !== 'sqlite') return;
  const { clicks, jobs } = tables(strapi);
  const summaries = strapi.db.metadata.get(SUMMARY_UID).tableName;
  try {
    await strapi.db.connection.raw(
      `CREATE INDEX IF NOT EXISTS ${SQLITE_PAGE_INDEX} ON ${clicks} (created_at, source_page, kind)`,
    );
    await strapi.db.connection.raw(
      `CREATE INDEX IF NOT EXISTS ${SQLITE_CUSTOMERS_INDEX} ON ${jobs} (payment_status, currency, paid_at, LOWER(email), order_id)`,
    );
    await strapi.db.connection.raw(
      `CREATE INDEX IF NOT EXISTS ${SQLITE_SUMMARY_INDEX} ON ${summaries} (grain, day, currency, clicks, sales, revenue, file_id, source_page)`,
    );
    await strapi.db.connection.raw(`DROP INDEX IF EXISTS ${OLD_SQLITE_PAGE_INDEX}`);
  } catch (error) {
    // A missing index only makes the page ranking slower: never a reason to stop Strapi.
    strapi.log.warn(
      `[sell-my-images] could not create the analytics indexes: ${(error as Error).message}`,
    );
  }
}
