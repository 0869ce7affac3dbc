/**
 * Bodies of the admin settings routes that try values before they are saved (price
 * preview, connection tests, local-AI expected times): each a part of the settings,
 * checked by the same rules as `PUT /settings`.
 */
import { z } from 'zod';
import { settingsSchema, type Settings } from './settings';
import { MAX_LICENCE_MULTIPLIER_PERCENT, MAX_LICENCES } from './settings-commerce';

/** The settings a price depends on (docs/architecture.md "Money rules"): what the admin's price preview may override. */
export const PRICING_FIELDS = [
  'markupPercent',
  'minimumPrice',
  'currency',
  'creditPrice',
  'creditsPerMegapixel',
  'resolutions',
  'maxOutputMegapixels',
  // With the local-ai upscaler the price comes from these instead of credits (see commerce/pricing).
  'upscaler',
  'localAiPricingMode',
  'localAiPricePerMegapixel',
  'localAiFlatPrices',
] as const;
export type PricingField = (typeof PRICING_FIELDS)[number];

const only = <K extends keyof Settings>(fields: readonly K[]) =>
  Object.fromEntries(fields.map((field) => [field, true])) as { [P in K]: true };

/**
 * Body of `POST /settings/price-preview`: unsaved pricing values, checked by the same rules
 * as PUT, and the multipliers of the licence rows being edited (each priced by the server:
 * the preview never computes a price of its own).
 */
export const pricePreviewSchema = settingsSchema
  .pick(only(PRICING_FIELDS))
  .partial()
  .extend({
    licenceMultipliers: z
      .array(z.number().int().min(1).max(MAX_LICENCE_MULTIPLIER_PERCENT))
      .max(MAX_LICENCES)
      .optional(),
  });
export type PricePreviewRequest = z.output<typeof pricePreviewSchema>;

/** Body of `POST /settings/test/stripe`: optionally a key typed in the form but not saved yet. */
export const stripeTestSchema = settingsSchema.pick(only(['stripeSecretKey'])).partial();

/** Body of `POST /settings/test/upscaler`: optionally the provider and key chosen but not saved yet. */
export const upscalerTestSchema = settingsSchema
  .pick(only(['upscaler', 'upsamplerApiKey', 'localAiEngine']))
  .partial();

/** The settings a local-ai expected time depends on: what the settings page may try before saving. */
export const LOCAL_AI_TIME_FIELDS = [
  'resolutions',
  'localAiModel',
  'localAiEngine',
  'localAi8xMode',
  'localAiTileSize',
  'localAiConcurrency',
] as const;

/** Body of `POST /settings/local-ai/expected-times`: unsaved local-ai values, checked by the same rules as PUT. */
export const localAiTimesSchema = settingsSchema.pick(only(LOCAL_AI_TIME_FIELDS)).partial();
