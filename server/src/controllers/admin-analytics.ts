import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { exportFileName, exportStream } from '../analytics/csv';
import { exportQuery, listQuery, overviewQuery } from '../analytics/params';
import { getService } from '../services/get-service';
import { validate } from '../validation/validate';

/** Analytics routes (RBAC analytics.read); see analytics/analytics. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** `GET /analytics/summary`: revenue per currency, all time, refunds apart. */
  async summary(ctx: Context): Promise<void> {
    ctx.body = { data: await getService(strapi, 'analytics').summary() };
  },
  /** `GET /analytics/overview?from&to&currency`: the cards and the daily series. */
  async overview(ctx: Context): Promise<void> {
    const period = validate(overviewQuery(), ctx.query, 'query');
    ctx.body = { data: await getService(strapi, 'analytics').overview(period) };
  },
  /** `GET /analytics/images?from&to&currency&sort&page&pageSize`: clicks, sales and revenue per image. */
  async images(ctx: Context): Promise<void> {
    const { period, list } = validate(listQuery(), ctx.query, 'query');
    ctx.body = { data: await getService(strapi, 'analytics').images(period, list) };
  },
  /** `GET /analytics/pages?…`: the same per source page. */
  async pages(ctx: Context): Promise<void> {
    const { period, list } = validate(listQuery(), ctx.query, 'query');
    ctx.body = { data: await getService(strapi, 'analytics').pages(period, list) };
  },
  /** `GET /analytics/export?kind=sales|images|pages&from&to&currency&sort`: a CSV attachment, streamed. */
  async exportCsv(ctx: Context): Promise<void> {
    const { kind, period: asked, list } = validate(exportQuery(), ctx.query, 'query');
    const analytics = getService(strapi, 'analytics');
    // Resolved before streaming, so a bad currency setting fails as JSON, not mid-file.
    const period = { ...asked, currency: await analytics.currencyOf(asked) };
    ctx.set('Content-Disposition', `attachment; filename="${exportFileName(kind, period)}"`);
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'text/csv; charset=utf-8';
    ctx.body = exportStream(analytics, kind, period, list);
  },
});
