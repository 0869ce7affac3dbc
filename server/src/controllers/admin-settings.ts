import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { settingsUpdateSchema } from '../../../shared/contracts/settings';
import {
  localAiTimesSchema,
  pricePreviewSchema,
  stripeTestSchema,
  upscalerTestSchema,
} from '../../../shared/contracts/settings-requests';
import { getService } from '../services/get-service';
import { validate } from '../validation/validate';

const actor = (ctx: Context) => `admin ${ctx.state.user?.id ?? '?'}`;
/** A settings body: one error per field, which the panel shows next to each input. */
const body = <T extends Parameters<typeof validate>[0]>(
  ctx: Context,
  schema: T,
  optional = false,
) => validate(schema, ctx.request.body ?? (optional ? {} : undefined), 'body', 'Invalid settings');

/**
 * `GET` / `PUT /sell-my-images/settings` (admin JWT + RBAC settings.read / settings.update),
 * the live price preview, the connection tests and the local-AI tools.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context): Promise<void> {
    ctx.body = { data: await getService(strapi, 'settings').getForAdmin() };
  },

  async update(ctx: Context): Promise<void> {
    const patch = body(ctx, settingsUpdateSchema);
    await getService(strapi, 'settings').update(patch, actor(ctx));
    ctx.body = { data: await getService(strapi, 'settings').getForAdmin() };
  },

  /** `POST /settings/price-preview`: prices of sample sizes under unsaved pricing values. */
  async pricePreview(ctx: Context): Promise<void> {
    const overrides = body(ctx, pricePreviewSchema);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: await getService(strapi, 'settingsTools').pricePreview(overrides) };
  },

  /** `POST /settings/local-ai/expected-times`: expected times under unsaved local-ai values. */
  async localAiTimes(ctx: Context): Promise<void> {
    const overrides = body(ctx, localAiTimesSchema, true);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: await getService(strapi, 'settingsTools').localAiTimes(overrides) };
  },

  /** `POST /settings/local-ai/calibrate`: 202, the page polls the expected times. */
  async localAiCalibrate(ctx: Context): Promise<void> {
    ctx.body = { data: await getService(strapi, 'settingsTools').calibrate(actor(ctx)) };
    ctx.status = 202;
  },

  /** `POST /settings/test/stripe`: the typed key if given, else the effective one. */
  async testStripe(ctx: Context): Promise<void> {
    const { stripeSecretKey } = body(ctx, stripeTestSchema, true);
    ctx.body = {
      data: await getService(strapi, 'settingsTools').testStripe(stripeSecretKey, actor(ctx)),
    };
  },

  /** `POST /settings/stripe-webhook`: creates or updates the endpoint; 409 `not_public` otherwise. */
  async setupStripeWebhook(ctx: Context): Promise<void> {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: await getService(strapi, 'settingsTools').setupStripeWebhook(actor(ctx)) };
  },

  /** `GET /settings/stripe-webhook`: the endpoint as Stripe has it and the last verified event. */
  async stripeWebhookStatus(ctx: Context): Promise<void> {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: await getService(strapi, 'settingsTools').stripeWebhookStatus() };
  },

  /** `POST /settings/test/upscaler`: the typed provider and key if given, else the effective ones. */
  async testUpscaler(ctx: Context): Promise<void> {
    const typed = body(ctx, upscalerTestSchema, true);
    ctx.body = { data: await getService(strapi, 'settingsTools').testUpscaler(typed, actor(ctx)) };
  },
});
