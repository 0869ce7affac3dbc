import { sendError } from '../utils/http-errors';
import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { revenueSummary } from '../services/revenue';

/** `GET /sell-my-images/analytics/summary` (RBAC analytics.read): revenue per currency, refunds apart. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async summary(ctx: Context): Promise<void> {
    ctx.body = { data: await revenueSummary(strapi) };
  },
  /** TODO(issue 5): replaced by the real handler. */
  async overview(ctx: Context): Promise<void> {
    sendError(ctx, 501, 'NotImplementedError', 'Not implemented yet');
  },
  /** TODO(issue 5): replaced by the real handler. */
  async images(ctx: Context): Promise<void> {
    sendError(ctx, 501, 'NotImplementedError', 'Not implemented yet');
  },
  /** TODO(issue 5): replaced by the real handler. */
  async pages(ctx: Context): Promise<void> {
    sendError(ctx, 501, 'NotImplementedError', 'Not implemented yet');
  },
  /** TODO(issue 5): replaced by the real handler. */
  async exportCsv(ctx: Context): Promise<void> {
    sendError(ctx, 501, 'NotImplementedError', 'Not implemented yet');
  },
});
