import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import type { z } from 'zod';
import { PLUGIN_ID } from '../plugin-id';
import { plugin } from '../services';
import { testStripeConnection, testUpscalerConnection } from '../services/connection-tests';
import { pricePreview } from '../services/settings-preview';
import { EncryptionUnavailableError, SettingsConflictError } from '../services/settings';
import { publicUrl } from '../services/urls';
import { badRequest, sendError } from '../utils/http-errors';
import { isPlainObject } from '../validation/public-api';
import {
  formatZodIssues,
  localAiTimesSchema,
  pricePreviewSchema,
  settingsUpdateSchema,
  stripeTestSchema,
  upscalerTestSchema,
} from '../validation/settings';

/**
 * Reads a JSON-object body with a settings schema; answers 400 with one error per field
 * (the settings API's shape, which the panel shows next to each input) when it is bad.
 * An absent body counts as `{}` where `optional` (the connection tests need nothing).
 */
function parseBody<T extends z.ZodType>(
  ctx: Context,
  schema: T,
  { optional = false } = {},
): z.output<T> | null {
  const body: unknown = ctx.request.body ?? (optional ? {} : undefined);
  if (!isPlainObject(body)) {
    badRequest(ctx, 'The request body must be a JSON object');
    return null;
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    badRequest(ctx, 'Invalid settings', formatZodIssues(parsed.error).errors);
    return null;
  }
  return parsed.data;
}

/**
 * `GET` / `PUT /sell-my-images/settings` (admin JWT + RBAC settings.read / settings.update),
 * the live price preview and the connection tests (settings.read: they change nothing).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** The settings as the panel shows them, plus the webhook URL to paste into Stripe. */
  async function adminView() {
    const prefix = String(strapi.config.get('api.rest.prefix', '/api')).replace(/\/$/, '');
    return {
      ...(await plugin(strapi).settings.getForAdmin()),
      // The public URL, not the admin's: Stripe must reach the site where visitors do.
      webhookUrl: `${publicUrl(strapi)}${prefix}/${PLUGIN_ID}/webhooks/stripe`,
    };
  }

  return {
    async find(ctx: Context): Promise<void> {
      ctx.body = { data: await adminView() };
    },

    async update(ctx: Context): Promise<void> {
      const patch = parseBody(ctx, settingsUpdateSchema);
      if (!patch) return;
      try {
        await plugin(strapi).settings.update(patch);
      } catch (error) {
        if (error instanceof SettingsConflictError) {
          return badRequest(
            ctx,
            error.message,
            error.fields.map(({ field, variable }) => ({
              path: [field],
              message: `Set by the environment variable ${variable}`,
              name: 'ValidationError' as const,
            })),
          );
        }
        if (error instanceof EncryptionUnavailableError) return badRequest(ctx, error.message);
        throw error;
      }
      strapi.log.info(
        `[sell-my-images] settings updated by admin ${ctx.state.user?.id ?? '?'}: ${Object.keys(patch).join(', ')}`,
      );
      ctx.body = { data: await adminView() };
    },

    /** `POST /settings/price-preview`: prices of sample sizes under unsaved pricing values. */
    async pricePreview(ctx: Context): Promise<void> {
      const overrides = parseBody(ctx, pricePreviewSchema);
      if (!overrides) return;
      const saved = await plugin(strapi).settings.get();
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { data: pricePreview(saved, overrides) };
    },

    /**
     * `POST /settings/local-ai/expected-times`: whether local-ai can run here, and the
     * expected processing time of sample sizes under unsaved local-ai values, from this
     * machine's calibration. Never waits for a calibration: without one the times are null
     * and `calibrating` says whether one is running (the first ask starts it).
     */
    async localAiTimes(ctx: Context): Promise<void> {
      const overrides = parseBody(ctx, localAiTimesSchema, { optional: true });
      if (!overrides) return;
      const localAi = plugin(strapi).localAi;
      const availability = localAi.availability();
      const times = await localAi.expectedTimes({ calibrate: 'never', overrides });
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { data: { availability, ...times } };
    },

    /**
     * `POST /settings/local-ai/calibrate`: measures this machine again (both models, the
     * factors the offered resolutions need), in the background: 202 at once; the settings
     * page polls the expected times until `calibrating` is false.
     */
    async localAiCalibrate(ctx: Context): Promise<void> {
      const localAi = plugin(strapi).localAi;
      const availability = localAi.availability();
      if (!availability.available) {
        return sendError(ctx, 409, 'ConflictError', availability.message, {
          missing: availability.missing,
        });
      }
      if (!localAi.isCalibrating()) {
        strapi.log.info(
          `[sell-my-images] local AI calibration started by admin ${ctx.state.user?.id ?? '?'}`,
        );
        localAi
          .calibrate()
          .catch((error: Error) =>
            strapi.log.warn(`[sell-my-images] local AI calibration failed: ${error.message}`),
          );
      }
      ctx.status = 202;
      ctx.body = { data: { calibrating: true } };
    },

    /** `POST /settings/test/stripe`: the typed key if given, else the effective one. */
    async testStripe(ctx: Context): Promise<void> {
      const body = parseBody(ctx, stripeTestSchema, { optional: true });
      if (!body) return;
      const key =
        body.stripeSecretKey ??
        (await plugin(strapi).settings.get({ fresh: true })).stripeSecretKey;
      const result = await testStripeConnection(key);
      strapi.log.info(
        `[sell-my-images] Stripe connection test by admin ${ctx.state.user?.id ?? '?'}: ${result.ok ? 'ok' : result.code}`,
      );
      ctx.body = { data: result };
    },

    /** `POST /settings/test/upscaler`: the typed provider and key if given, else the effective ones. */
    async testUpscaler(ctx: Context): Promise<void> {
      const body = parseBody(ctx, upscalerTestSchema, { optional: true });
      if (!body) return;
      const settings = await plugin(strapi).settings.get({ fresh: true });
      const result = await testUpscalerConnection(
        body.upscaler ?? settings.upscaler,
        body.upsamplerApiKey ?? settings.upsamplerApiKey,
      );
      strapi.log.info(
        `[sell-my-images] ${result.upscaler} connection test by admin ${ctx.state.user?.id ?? '?'}: ${result.ok ? 'ok' : result.code}`,
      );
      ctx.body = { data: result };
    },
  };
};
