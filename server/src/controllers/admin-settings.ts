import { sendError } from '../utils/http-errors';
import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { plugin } from '../services';
import { EncryptionUnavailableError, SettingsConflictError } from '../services/settings';
import { badRequest } from '../utils/http-errors';
import { formatZodIssues, settingsUpdateSchema } from '../validation/settings';
import { isPlainObject } from '../validation/public-api';

/** `GET` / `PUT /sell-my-images/settings` (admin JWT + RBAC settings.read / settings.update). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context): Promise<void> {
    ctx.body = { data: await plugin(strapi).settings.getForAdmin() };
  },

  async update(ctx: Context): Promise<void> {
    if (!isPlainObject(ctx.request.body)) return badRequest(ctx, 'The request body must be a JSON object');
    const parsed = settingsUpdateSchema.safeParse(ctx.request.body);
    if (!parsed.success) return badRequest(ctx, 'Invalid settings', formatZodIssues(parsed.error).errors);
    try {
      await plugin(strapi).settings.update(parsed.data);
    } catch (error) {
      if (error instanceof SettingsConflictError) {
        return badRequest(
          ctx,
          error.message,
          error.fields.map(({ field, variable }) => ({ path: [field], message: `Set by the environment variable ${variable}`, name: 'ValidationError' as const })),
        );
      }
      if (error instanceof EncryptionUnavailableError) return badRequest(ctx, error.message);
      throw error;
    }
    strapi.log.info(`[sell-my-images] settings updated by admin ${ctx.state.user?.id ?? '?'}: ${Object.keys(parsed.data).join(', ')}`);
    ctx.body = { data: await plugin(strapi).settings.getForAdmin() };
  },
  /** TODO(issue 5): replaced by the real handler. */
  async pricePreview(ctx: Context): Promise<void> {
    sendError(ctx, 501, 'NotImplementedError', 'Not implemented yet');
  },
  /** TODO(issue 5): replaced by the real handler. */
  async testStripe(ctx: Context): Promise<void> {
    sendError(ctx, 501, 'NotImplementedError', 'Not implemented yet');
  },
  /** TODO(issue 5): replaced by the real handler. */
  async testUpscaler(ctx: Context): Promise<void> {
    sendError(ctx, 501, 'NotImplementedError', 'Not implemented yet');
  },
});
