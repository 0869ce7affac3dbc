/**
 * `GET /analytics/images` and `/analytics/pages`: clicks, sales, conversion and revenue
 * per image or per source page, sorted and paged in SQL.
 */
import type { Core } from '@strapi/strapi';
import type { ImageRow, PageRow, RankingAnswer } from '../../../shared/contracts/analytics';
import type { AnalyticsSortKey } from '../../../shared/contracts/analytics';
import { findFiles, thumbnailUrlOf } from '../media/files';
import type { ListParams } from './params';
import { conversion, type AnalyticsQueries } from './queries';
import { rawClause, type PeriodSplit } from './coverage';
import { netAmount, num, SALE_LIST } from './sql';

/** Sort keys → the (bare) output column they order by; conversion without clicks sorts as -1. */
const ORDER_COLUMN: Record<AnalyticsSortKey, string> = {
  revenue: 'revenue',
  sales: 'sales',
  clicks: 'clicks',
  conversion: 'conversion_key',
};

/**
 * Clicks and sales per `key` (file_id or source_page) in one query: the grouped raw clicks
 * and sales of the raw side and the summaries of the whole days they cover are stacked
 * (UNION ALL: MySQL has no FULL OUTER JOIN) and grouped again, sorted and cut to one page in
 * SQL; `COUNT(*) OVER ()` gives the number of groups alongside. A summary row counts only
 * with a buy click or a sale, as a raw group exists only then.
 */
async function grouped(
  q: AnalyticsQueries,
  key: 'file_id' | 'source_page',
  split: PeriodSplit,
  currency: string,
  list: ListParams,
) {
  const window = q.periodClicks(rawClause('created_at', split));
  const sales = q.paidJobs(rawClause('paid_at', split), currency, SALE_LIST);
  // whole months from the monthly rows, the other summary days from the daily ones
  const { months, days } = split.months ?? { months: [], days: split.rollup };
  const daily = q.summaryRows(key === 'file_id' ? 'file' : 'page', days);
  const monthly = q.summaryRows(key === 'file_id' ? 'mfile' : 'mpage', months);
  const counted = '((currency = ? AND sales > 0) OR (currency IS NULL AND clicks > 0))';
  const notNull = key === 'file_id' ? ' AND file_id IS NOT NULL' : '';
  const tieBreak = key === 'file_id' ? 'file_id ASC' : 'source_page ASC';
  const sql = `
    SELECT ${key} AS k, SUM(clicks) AS clicks, SUM(sales) AS sales, SUM(revenue) AS revenue,
      CASE WHEN SUM(clicks) > 0 THEN 1.0 * SUM(sales) / SUM(clicks) ELSE -1 END AS conversion_key,
      COUNT(*) OVER () AS total_rows
    FROM (
      SELECT ${key}, COUNT(*) AS clicks, 0 AS sales, 0 AS revenue ${window.sql}${notNull} GROUP BY ${key}
      UNION ALL
      SELECT ${key}, 0 AS clicks, COUNT(*) AS sales, SUM(${netAmount(q.dialect)}) AS revenue ${sales.sql}${notNull} GROUP BY ${key}
      UNION ALL
      SELECT ${key}, SUM(clicks) AS clicks, SUM(sales) AS sales, SUM(revenue) AS revenue ${daily.sql} AND ${counted} GROUP BY ${key}
      UNION ALL
      SELECT ${key}, SUM(clicks) AS clicks, SUM(sales) AS sales, SUM(revenue) AS revenue ${monthly.sql} AND ${counted} GROUP BY ${key}
    ) AS stacked
    GROUP BY ${key}
    ORDER BY ${ORDER_COLUMN[list.sort]} ${list.direction === 'asc' ? 'ASC' : 'DESC'}, ${tieBreak}
    LIMIT ? OFFSET ?`;
  const bindings = [
    ...[...window.bindings, ...sales.bindings],
    ...[...daily.bindings, currency, ...monthly.bindings, currency],
  ];
  let found = await q.rows(sql, [...bindings, list.pageSize, (list.page - 1) * list.pageSize]);
  let total = num(found[0]?.total_rows);
  if (found.length === 0 && list.page > 1) {
    // Past the last page: the count still comes from the same query, on its first row.
    total = num((await q.rows(sql, [...bindings, 1, 0]))[0]?.total_rows);
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
  strapi: Core.Strapi,
  q: AnalyticsQueries,
  ids: number[],
): Promise<Map<number, { name: string | null; thumbnailUrl: string | null }>> {
  const described = new Map<number, { name: string | null; thumbnailUrl: string | null }>();
  if (ids.length === 0) return described;
  for (const file of await findFiles(strapi, { ids })) {
    described.set(Number(file.id), { name: file.name, thumbnailUrl: thumbnailUrlOf(file) });
  }
  const missing = ids.filter((id) => !described.has(id));
  if (missing.length > 0) {
    const named = await q
      .knex(q.jobs)
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

/**
 * One page of the ranking of images (`file_id`) or source pages (`source_page`); images
 * carry their name and thumbnail (a deleted file keeps the name its jobs recorded).
 */
export async function rankingReport<K extends 'file_id' | 'source_page'>(
  strapi: Core.Strapi,
  q: AnalyticsQueries,
  key: K,
  { split, currency, list }: { split: PeriodSplit; currency: string; list: ListParams },
): Promise<RankingAnswer<K extends 'file_id' ? ImageRow : PageRow>> {
  const { results, pagination } = await grouped(q, key, split, currency, list);
  const files =
    key === 'file_id'
      ? await describeFiles(
          strapi,
          q,
          results.map((row) => num(row.key)),
        )
      : new Map<number, { name: string | null; thumbnailUrl: string | null }>();
  const rows = results.map(({ key: value, ...counts }) => {
    if (key === 'source_page') {
      return {
        sourcePage: value === null || value === undefined ? null : String(value),
        ...counts,
      };
    }
    const file = files.get(num(value));
    return {
      fileId: num(value),
      name: file?.name ?? null,
      thumbnailUrl: file?.thumbnailUrl ?? null,
      ...counts,
    };
  });
  return { currency, results: rows as Array<K extends 'file_id' ? ImageRow : PageRow>, pagination };
}
