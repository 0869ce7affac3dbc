import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { revenueSummary } from '../services/revenue';

/** `GET /sell-my-images/analytics/summary` (RBAC analytics.read): revenue per currency, refunds apart. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async summary(ctx: Context): Promise<void> {
    ctx.body = { data: await revenueSummary(strapi) };
  },
});
