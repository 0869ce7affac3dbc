/**
 * The analytics service (RBAC analytics.read): the overview, the rankings per image and
 * per page, the CSV export's sales and the all-time revenue per currency. Every figure is
 * aggregated in SQL; money is in integer minor units of the answer's `currency`.
 */
import type { Core } from '@strapi/strapi';
import { LRUCache } from 'lru-cache';
import { isoDay } from '../../../shared/utc-days';
import type { SettingsService } from '../settings/settings';
import { overviewReport } from './overview';
import type { ListParams, Period } from './params';
import { splitPeriod, withMonths, type PeriodSplit } from './coverage';
import { createAnalyticsQueries } from './queries';
import { rankingReport } from './rankings';
import { revenueSummary } from './revenue';
import { createRollups } from './rollups';
import { num, PAID_LIST } from './sql';

/**
 * The currencies ever sold in change only when a first sale in a new currency lands, and
 * finding them scans the whole paid-jobs index: read at most once a minute per instance.
 */
const CURRENCIES_TTL_MS = 60_000;

/** The columns of a sale the CSV export writes. */
const SALE_COLUMNS = [
  ...['id', 'job_id', 'paid_at', 'payment_status', 'status', 'file_id', 'file_name'],
  ...['resolution', 'source_page', 'currency', 'amount', 'amount_refunded', 'cost_amount'],
  ...['amount_total', 'amount_tax', 'amount_discount', 'licence_name'],
];

export function createAnalytics(strapi: Core.Strapi, { settings }: { settings: SettingsService }) {
  const q = createAnalyticsQueries(strapi);
  const currencyCache = new LRUCache<'all', string[]>({ max: 1, ttl: CURRENCIES_TTL_MS });
  const rollups = createRollups(strapi, q);

  /** Which days of the period the summaries answer for, and which the raw rows. */
  async function splitOf(period: Period): Promise<PeriodSplit> {
    const now = Date.now();
    const current = await rollups.current(period.from, isoDay(now));
    const split = splitPeriod(period.start.getTime(), period.end.getTime(), current.days, now);
    return { ...split, months: withMonths(split.rollup, current.months) };
  }

  /** The period's currency, or the shop's. */
  async function currencyOf(period: Period): Promise<string> {
    return period.currency ?? (await settings.get()).currency.toLowerCase();
  }

  async function soldCurrencies(): Promise<string[]> {
    const cached = currencyCache.get('all');
    if (cached) return cached;
    const found = await q.rows(
      `SELECT DISTINCT LOWER(currency) AS currency FROM ${q.jobs} WHERE payment_status IN (${PAID_LIST}) AND currency IS NOT NULL ORDER BY 1`,
      [],
    );
    const list = found.map((row) => String(row.currency));
    currencyCache.set('all', list);
    return list;
  }

  return {
    currencyOf,
    rollups,
    async overview(period: Period) {
      const [currency, split] = await Promise.all([currencyOf(period), splitOf(period)]);
      return overviewReport(q, period, split, currency, soldCurrencies());
    },
    async images(period: Period, list: ListParams) {
      const [currency, split] = await Promise.all([currencyOf(period), splitOf(period)]);
      return rankingReport(strapi, q, 'file_id', { split, currency, list });
    },
    async pages(period: Period, list: ListParams) {
      const [currency, split] = await Promise.all([currencyOf(period), splitOf(period)]);
      return rankingReport(strapi, q, 'source_page', { split, currency, list });
    },
    summary: () => revenueSummary(strapi),

    /** Sales of a period, `batch` rows at a time in id order (keyset: memory stays flat). */
    async *salesBatches(period: Period, batch = 1000): AsyncGenerator<Record<string, unknown>[]> {
      const currency = await currencyOf(period);
      let lastId = 0;
      for (;;) {
        const found = (await q
          .knex(q.jobs)
          .select(SALE_COLUMNS)
          .whereRaw(`payment_status IN (${PAID_LIST})`)
          .where('currency', currency)
          .where('paid_at', '>=', period.start)
          .where('paid_at', '<', period.end)
          .where('id', '>', lastId)
          .orderBy('id', 'asc')
          .limit(batch)) as Record<string, unknown>[];
        if (found.length === 0) return;
        yield found;
        lastId = num(found[found.length - 1].id);
        if (found.length < batch) return;
      }
    },
  };
}

export type AnalyticsService = ReturnType<typeof createAnalytics>;
