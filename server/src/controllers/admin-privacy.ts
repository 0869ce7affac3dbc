import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { privacyRequestSchema } from '../../../shared/contracts/privacy';
import { getService } from '../services/get-service';
import { validate } from '../validation/validate';

const actor = (ctx: Context) => `admin:${ctx.state.user?.id ?? 'unknown'}`;

/** Admin privacy routes (RBAC privacy.manage): one buyer's data, exported or erased. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async exportData(ctx: Context) {
    const { email } = validate(privacyRequestSchema, ctx.query, 'query');
    ctx.body = { data: await getService(strapi, 'privacy').exportData(email, actor(ctx)) };
  },
  async erase(ctx: Context) {
    const { email } = validate(privacyRequestSchema, ctx.request.body, 'body');
    ctx.body = { data: await getService(strapi, 'privacy').erase(email, actor(ctx)) };
  },
});
