import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import type { z } from 'zod';
import { badRequest } from '../utils/http-errors';
import { toFieldErrors } from '../validation/public-api';
import { revenueSummary } from '../services/revenue';
import { createAnalytics } from '../services/analytics';
import { exportQuery, listQuery, overviewQuery } from '../services/analytics-params';
import { exportFileName, exportStream } from '../services/analytics-csv';

/** The query string, validated; answers 400 in Strapi's error shape (and returns null) when it is bad. */
function parseQuery<T extends z.ZodType>(ctx: Context, schema: T): z.output<T> | null {
  const parsed = schema.safeParse(ctx.query);
  if (parsed.success) return parsed.data;
  badRequest(ctx, 'Invalid query', toFieldErrors(parsed.error));
  return null;
}

/**
 * Analytics routes (RBAC analytics.read). Every figure is aggregated in SQL; money is in
 * integer minor units of the answer's `currency`.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let service: ReturnType<typeof createAnalytics> | null = null;
  // Created on first use: the database connection exists only once Strapi is loaded.
  const analytics = () => (service ??= createAnalytics(strapi));
  return {
    /** `GET /analytics/summary`: revenue per currency, all time, refunds apart. */
    async summary(ctx: Context): Promise<void> {
      ctx.body = { data: await revenueSummary(strapi) };
    },
    /** `GET /analytics/overview?from&to&currency`: the cards and the daily series. */
    async overview(ctx: Context): Promise<void> {
      const period = parseQuery(ctx, overviewQuery());
      if (!period) return;
      ctx.body = { data: await analytics().overview(period) };
    },
    /** `GET /analytics/images?from&to&currency&sort&page&pageSize`: clicks, sales and revenue per image. */
    async images(ctx: Context): Promise<void> {
      const query = parseQuery(ctx, listQuery());
      if (!query) return;
      ctx.body = { data: await analytics().images(query.period, query.list) };
    },
    /** `GET /analytics/pages?…`: the same per source page. */
    async pages(ctx: Context): Promise<void> {
      const query = parseQuery(ctx, listQuery());
      if (!query) return;
      ctx.body = { data: await analytics().pages(query.period, query.list) };
    },
    /** `GET /analytics/export?kind=sales|images|pages&from&to&currency&sort`: a CSV attachment, streamed. */
    async exportCsv(ctx: Context): Promise<void> {
      const query = parseQuery(ctx, exportQuery());
      if (!query) return;
      // Resolved before streaming, so a bad currency setting fails as JSON, not mid-file.
      const period = { ...query.period, currency: await analytics().currencyOf(query.period) };
      ctx.set(
        'Content-Disposition',
        `attachment; filename="${exportFileName(query.kind, period)}"`,
      );
      ctx.set('Cache-Control', 'no-store');
      ctx.type = 'text/csv; charset=utf-8';
      ctx.body = exportStream(analytics(), query.kind, period, query.list);
    },
  };
};
