import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { testEmailSchema } from '../../../shared/contracts/setup';
import { getService } from '../services/get-service';
import { httpError } from '../utils/errors';
import { validate } from '../validation/validate';

/**
 * The Overview page's setup checklist (README "Setup checklist"): `GET /sell-my-images/setup`
 * (RBAC settings.read) and `POST /sell-my-images/setup/test-email` (settings.update).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async checklist(ctx: Context): Promise<void> {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: await getService(strapi, 'setupChecklist').read() };
  },

  /** Sends to `to`, else to the signed-in admin's own address. */
  async testEmail(ctx: Context): Promise<void> {
    const { to } = validate(testEmailSchema, ctx.request.body ?? {}, 'body', 'Invalid request');
    const user = ctx.state.user as { id?: number; email?: unknown } | undefined;
    const recipient = to ?? (typeof user?.email === 'string' ? user.email : null);
    if (!recipient) throw httpError(400, 'Give an address to send the test e-mail to');
    const actor = `admin ${user?.id ?? '?'}`;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: await getService(strapi, 'setupChecklist').sendTestEmail(recipient, actor) };
  },
});
