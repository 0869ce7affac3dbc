import type { Core } from '@strapi/strapi';
import type { ListParams, Period, SortKey } from './analytics-params';
import { isoDay } from './analytics-params';
import {
  dialectOf,
  IS_SALE,
  NET_AMOUNT,
  num,
  PAID_LIST,
  SALE_LIST,
  tables,
  utcDay,
} from './analytics-sql';
import { plugin } from '.';
import { TtlCache } from '../utils/ttl-cache';

const FILE_UID = 'plugin::upload.file';

export interface DayPoint {
  date: string;
  revenue: number;
  sales: number;
}

/** `GET /analytics/overview`: money in integer minor units of `currency`. */
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

interface Counts {
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

export interface Paged<T> {
  results: T[];
  pagination: { page: number; pageSize: number; total: number; pageCount: number };
}

/** Sort keys → the (bare) output column they order by; conversion without clicks sorts as -1. */
const ORDER_COLUMN: Record<SortKey, string> = {
  revenue: 'revenue',
  sales: 'sales',
  clicks: 'clicks',
  conversion: 'conversion_key',
};

/**
 * The currencies ever sold in change only when a first sale in a new currency lands, and
 * finding them scans the whole paid-jobs index: read at most once a minute per instance.
 */
const CURRENCIES_TTL_MS = 60_000;

const conversion = (sales: number, clicks: number): number | null =>
  clicks > 0 ? sales / clicks : null;

interface UploadFile {
  id: number;
  name: string;
  url: string;
  formats?: { thumbnail?: { url?: string } } | string | null;
}

export function createAnalytics(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
  const dialect = dialectOf(strapi);
  const { jobs, clicks } = tables(strapi);
  const currencyCache = new TtlCache<'all', string[]>(CURRENCIES_TTL_MS, 1);

  async function currencyOf(period: Period): Promise<string> {
    return period.currency ?? (await plugin(strapi).settings.get()).currency.toLowerCase();
  }

  /**
   * The jobs of a period in one currency, as a `FROM` clause fragment with its bindings.
   * Paid jobs are dated by their paidAt; the index smi_jobs_sales_idx covers the filter.
   */
  const paidJobs = (period: Period, currency: string, statuses = PAID_LIST) => ({
    sql: `FROM ${jobs} WHERE payment_status IN (${statuses}) AND currency = ? AND paid_at >= ? AND paid_at < ?`,
    bindings: [currency, period.start, period.end],
  });

  const periodClicks = (period: Period) => ({
    sql: `FROM ${clicks} WHERE created_at >= ? AND created_at < ?`,
    bindings: [period.start, period.end],
  });

  async function rows(sql: string, bindings: unknown[]): Promise<Record<string, unknown>[]> {
    const result = await knex.raw(sql, bindings as never);
    // better-sqlite3 and pg give the rows (pg in `.rows`); mysql2 gives [rows, fields].
    if (dialect === 'postgres') return (result as { rows: Record<string, unknown>[] }).rows;
    if (dialect === 'mysql') return (result as [Record<string, unknown>[]])[0];
    return result as Record<string, unknown>[];
  }

  async function soldCurrencies(): Promise<string[]> {
    const cached = currencyCache.get('all');
    if (cached) return cached;
    const found = await rows(
      `SELECT DISTINCT LOWER(currency) AS currency FROM ${jobs} WHERE payment_status IN (${PAID_LIST}) AND currency IS NOT NULL ORDER BY 1`,
      [],
    );
    const list = found.map((row) => String(row.currency));
    currencyCache.set('all', list);
    return list;
  }

  async function overview(period: Period): Promise<Overview> {
    const currency = await currencyOf(period);
    const paid = paidJobs(period, currency);
    const sales = paidJobs(period, currency, SALE_LIST);
    const day = utcDay(dialect, 'paid_at');
    const window = periodClicks(period);
    const [[totals], series, [clickCount], currencies] = await Promise.all([
      rows(
        `SELECT
           SUM(CASE WHEN ${IS_SALE} THEN 1 ELSE 0 END) AS sales,
           SUM(CASE WHEN ${IS_SALE} THEN ${NET_AMOUNT} ELSE 0 END) AS revenue,
           SUM(CASE WHEN ${IS_SALE} OR status = 'completed' THEN COALESCE(cost_amount, 0) ELSE 0 END) AS cost,
           SUM(CASE WHEN payment_status = 'refunded' THEN 1 ELSE 0 END) AS refunded_sales,
           SUM(COALESCE(amount_refunded, 0)) AS refunded_amount,
           COUNT(DISTINCT CASE WHEN ${IS_SALE} THEN LOWER(email) END) AS customers
         ${paid.sql}`,
        paid.bindings,
      ),
      rows(
        `SELECT ${day} AS day, COUNT(*) AS sales, SUM(${NET_AMOUNT}) AS revenue ${sales.sql} GROUP BY 1 ORDER BY 1`,
        sales.bindings,
      ),
      rows(`SELECT COUNT(*) AS clicks ${window.sql}`, window.bindings),
      soldCurrencies(),
    ]);

    const revenue = num(totals?.revenue);
    const cost = num(totals?.cost);
    const saleCount = num(totals?.sales);
    const clickTotal = num(clickCount?.clicks);
    const byDay = new Map(
      series.map((row) => [String(row.day), { revenue: num(row.revenue), sales: num(row.sales) }]),
    );
    const points: DayPoint[] = [];
    for (let ms = period.start.getTime(); ms < period.end.getTime(); ms += 86_400_000) {
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
      refundedSales: num(totals?.refunded_sales),
      refundedAmount: num(totals?.refunded_amount),
      uniqueCustomers: num(totals?.customers),
      clicks: clickTotal,
      conversionRate: conversion(saleCount, clickTotal),
      series: points,
    };
  }

  /**
   * Clicks and sales per `key` (file_id or source_page) in one query: the two grouped
   * tables are stacked (UNION ALL: MySQL has no FULL OUTER JOIN) and grouped again, sorted
   * and cut to one page in SQL; `COUNT(*) OVER ()` gives the number of groups alongside.
   */
  async function grouped(
    key: 'file_id' | 'source_page',
    period: Period,
    currency: string,
    list: ListParams,
  ) {
    const window = periodClicks(period);
    const sales = paidJobs(period, currency, SALE_LIST);
    const notNull = key === 'file_id' ? ' AND file_id IS NOT NULL' : '';
    const tieBreak = key === 'file_id' ? 'file_id ASC' : 'source_page ASC';
    const sql = `
      SELECT ${key} AS k, SUM(clicks) AS clicks, SUM(sales) AS sales, SUM(revenue) AS revenue,
        CASE WHEN SUM(clicks) > 0 THEN 1.0 * SUM(sales) / SUM(clicks) ELSE -1 END AS conversion_key,
        COUNT(*) OVER () AS total_rows
      FROM (
        SELECT ${key}, COUNT(*) AS clicks, 0 AS sales, 0 AS revenue ${window.sql}${notNull} GROUP BY ${key}
        UNION ALL
        SELECT ${key}, 0 AS clicks, COUNT(*) AS sales, SUM(${NET_AMOUNT}) AS revenue ${sales.sql}${notNull} GROUP BY ${key}
      ) AS stacked
      GROUP BY ${key}
      ORDER BY ${ORDER_COLUMN[list.sort]} ${list.direction === 'asc' ? 'ASC' : 'DESC'}, ${tieBreak}
      LIMIT ? OFFSET ?`;
    const bindings = [...window.bindings, ...sales.bindings];
    let found = await rows(sql, [...bindings, list.pageSize, (list.page - 1) * list.pageSize]);
    let total = num(found[0]?.total_rows);
    if (found.length === 0 && list.page > 1) {
      // Past the last page: the count still comes from the same query, on its first row.
      total = num((await rows(sql, [...bindings, 1, 0]))[0]?.total_rows);
      found = [];
    }
    const results = found.map((row) => {
      const clickTotal = num(row.clicks);
      const saleCount = num(row.sales);
      return {
        key: row.k,
        clicks: clickTotal,
        sales: saleCount,
        conversion: conversion(saleCount, clickTotal),
        revenue: num(row.revenue),
      };
    });
    return {
      results,
      pagination: {
        page: list.page,
        pageSize: list.pageSize,
        total,
        pageCount: Math.ceil(total / list.pageSize),
      },
    };
  }

  /** Names and thumbnails of one page of images (≤ 100 ids); deleted files keep the name their jobs recorded. */
  async function describeFiles(
    ids: number[],
  ): Promise<Map<number, { name: string | null; thumbnailUrl: string | null }>> {
    const described = new Map<number, { name: string | null; thumbnailUrl: string | null }>();
    if (ids.length === 0) return described;
    const files = (await strapi.db.query(FILE_UID).findMany({
      where: { id: { $in: ids } },
      select: ['id', 'name', 'url', 'formats'],
    })) as UploadFile[];
    for (const file of files) {
      const formats =
        typeof file.formats === 'string'
          ? (JSON.parse(file.formats) as UploadFile['formats'])
          : file.formats;
      const thumbnail = formats && typeof formats === 'object' ? formats.thumbnail?.url : undefined;
      described.set(Number(file.id), {
        name: file.name,
        thumbnailUrl: thumbnail ?? file.url ?? null,
      });
    }
    const missing = ids.filter((id) => !described.has(id));
    if (missing.length > 0) {
      const named = await knex(jobs)
        .select('file_id')
        .max({ name: 'file_name' })
        .whereIn('file_id', missing)
        .groupBy('file_id');
      for (const row of named as Array<{ file_id: unknown; name: unknown }>) {
        described.set(num(row.file_id), {
          name: row.name ? String(row.name) : null,
          thumbnailUrl: null,
        });
      }
    }
    return described;
  }

  async function images(
    period: Period,
    list: ListParams,
  ): Promise<Paged<ImageRow> & { currency: string }> {
    const currency = await currencyOf(period);
    const { results, pagination } = await grouped('file_id', period, currency, list);
    const files = await describeFiles(results.map((row) => num(row.key)));
    return {
      currency,
      results: results.map(({ key, ...counts }) => {
        const fileId = num(key);
        const file = files.get(fileId);
        return {
          fileId,
          name: file?.name ?? null,
          thumbnailUrl: file?.thumbnailUrl ?? null,
          ...counts,
        };
      }),
      pagination,
    };
  }

  async function pages(
    period: Period,
    list: ListParams,
  ): Promise<Paged<PageRow> & { currency: string }> {
    const currency = await currencyOf(period);
    const { results, pagination } = await grouped('source_page', period, currency, list);
    return {
      currency,
      results: results.map(({ key, ...counts }) => ({
        sourcePage: key === null || key === undefined ? null : String(key),
        ...counts,
      })),
      pagination,
    };
  }

  /** Sales of a period, `batch` rows at a time in id order (keyset: memory stays flat). */
  async function* salesBatches(
    period: Period,
    batch = 1000,
  ): AsyncGenerator<Record<string, unknown>[]> {
    const currency = await currencyOf(period);
    let lastId = 0;
    for (;;) {
      const found = (await knex(jobs)
        .select(
          'id',
          'job_id',
          'paid_at',
          'payment_status',
          'status',
          'file_id',
          'file_name',
          'resolution',
          'source_page',
          'currency',
          'amount',
          'amount_refunded',
          'cost_amount',
        )
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
  }

  return { overview, images, pages, salesBatches, currencyOf };
}

export type AnalyticsService = ReturnType<typeof createAnalytics>;
