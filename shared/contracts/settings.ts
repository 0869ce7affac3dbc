/**
 * The settings record (admin settings API `GET`/`PUT /sell-my-images/settings`): its
 * fields, their rules and defaults. One zod schema serves the server (it validates every
 * write) and the settings page (it checks fields before sending them). A partial update
 * is strict and normalised (lowercase currency, sorted resolutions, origins reduced to
 * `new URL(x).origin`, empty strings → null), so the stored record is canonical.
 */
import { z } from 'zod';
import { STRIPE_MAXIMUM_AMOUNT, isSupportedCurrency } from '../currency';
import { byScale, MAX_SCALE, MIN_SCALE, parseResolution } from '../resolutions';
import { COMMERCE_SETTINGS_DEFAULTS, commerceSettingsShape } from './settings-commerce';
import { BUYER_SETTINGS_DEFAULTS, buyerSettingsShape } from './settings-buyer';

export const SECRET_FIELDS = ['stripeSecretKey', 'stripeWebhookSecret', 'upsamplerApiKey'] as const;
export type SecretField = (typeof SECRET_FIELDS)[number];

export const SALE_MODES = ['all', 'opt-in', 'opt-out'] as const;
export type SaleMode = (typeof SALE_MODES)[number];
export const UPSCALERS = ['upsampler', 'sharp', 'local-ai'] as const;
export type UpscalerName = (typeof UPSCALERS)[number];
export const MAX_RETURN_ORIGINS = 20;
export type SettingSource = 'env' | 'stored' | 'default';

/** local-ai (ESRGAN on this server): which model, how 8x is made, how it is priced. */
export const LOCAL_AI_MODELS = ['slim', 'medium'] as const;
export type LocalAiModel = (typeof LOCAL_AI_MODELS)[number];
/**
 * What runs the models: `onnx` (ONNX Runtime's native kernels, several times faster),
 * `tfjs` (TensorFlow.js on WebAssembly, the fallback), `auto` (ONNX when installed).
 */
export const LOCAL_AI_ENGINE_SETTINGS = ['auto', 'onnx', 'tfjs'] as const;
export type LocalAiEngineSetting = (typeof LOCAL_AI_ENGINE_SETTINGS)[number];
export type LocalAiEngine = Exclude<LocalAiEngineSetting, 'auto'>;
export const EIGHT_X_MODES = ['x8-model', 'x4-lanczos'] as const;
export type EightXMode = (typeof EIGHT_X_MODES)[number];
/** The name x4-lanczos had before its 2x enlargement was Lanczos (still read from stored settings). */
export const LEGACY_EIGHT_X_MODES: Readonly<Record<string, EightXMode>> = {
  'x4-bicubic': 'x4-lanczos',
};
export const LOCAL_AI_PRICING_MODES = ['per_megapixel', 'flat'] as const;
export type LocalAiPricingMode = (typeof LOCAL_AI_PRICING_MODES)[number];
/** 6 minor units per output megapixel: what the default credit pricing (0.25 credits × 4 × 600%) comes to. */
export const DEFAULT_LOCAL_AI_PRICE_PER_MEGAPIXEL = 6;

/** Stripe redelivers an event for up to 3 days; a processed event id is kept longer than that. */
export const MIN_STRIPE_EVENT_RETENTION_DAYS = 7;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const int = (min: number, max?: number) => {
  const schema = z.number().int().min(min);
  return max === undefined ? schema : schema.max(max);
};

/** `''` (a cleared form field) and null both mean "not set". */
const blankToNull = (value: string): string | null => (value === '' ? null : value);

const resolutions = z
  .array(
    z.string().refine((res) => parseResolution(res) !== null, {
      message: `Must be a whole scale from ${MIN_SCALE}x to ${MAX_SCALE}x, like "4x"`,
    }),
  )
  .min(1, 'Offer at least one resolution')
  .superRefine((list, ctx) => {
    list.forEach((res, index) => {
      if (list.indexOf(res) !== index)
        ctx.addIssue({ code: 'custom', message: `Duplicate resolution ${res}`, path: [index] });
    });
  })
  .transform((list) => [...list].sort(byScale));

const termsUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    if (value === '') return true;
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'Must be an http(s) URL')
  .transform(blankToNull)
  .nullable();

const supportEmail = z
  .string()
  .trim()
  .max(254)
  .refine(
    (value) => value === '' || z.email().safeParse(value).success,
    'Must be an e-mail address',
  )
  .transform(blankToNull)
  .nullable();

/** `https://host[:port]`, or plain http for loopback hosts; returned as `URL#origin`. */
const returnOrigin = z
  .string()
  .trim()
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Must be an origin like https://example.com' });
      return z.NEVER;
    }
    const secure =
      url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
    if (!secure) {
      ctx.addIssue({ code: 'custom', message: 'Must use https (http only for localhost)' });
      return z.NEVER;
    }
    if (
      url.pathname !== '/' ||
      url.search !== '' ||
      url.hash !== '' ||
      url.username !== '' ||
      url.password !== ''
    ) {
      ctx.addIssue({
        code: 'custom',
        message: 'Must be an origin only, without path, query or credentials',
      });
      return z.NEVER;
    }
    return url.origin;
  });

const allowedReturnOrigins = z
  .array(returnOrigin)
  .max(MAX_RETURN_ORIGINS)
  .transform((origins) => [...new Set(origins)]);

/** `{ "4x": 200, "8x": 500 }`: a flat local-AI price (minor units) per resolution. */
const localAiFlatPrices = z.record(
  z.string().refine((res) => parseResolution(res) !== null, {
    message: `Keys must be resolutions from ${MIN_SCALE}x to ${MAX_SCALE}x, like "4x"`,
  }),
  int(0, STRIPE_MAXIMUM_AMOUNT),
);

const secret = (pattern: RegExp, message: string) =>
  z.string().trim().regex(pattern, message).nullable();

const settingsShape = {
  markupPercent: int(0, 10_000),
  minimumPrice: int(0, STRIPE_MAXIMUM_AMOUNT),
  currency: z
    .string()
    .trim()
    .toLowerCase()
    .refine(isSupportedCurrency, 'Must be a three-letter ISO 4217 currency code'),
  creditPrice: int(0, 1_000_000),
  creditsPerMegapixel: z
    .number()
    .gt(0)
    .max(100)
    // Pricing counts credits in millionths; finer values would be silently rounded.
    .refine(
      (value) => Math.abs(value * 1e6 - Math.round(value * 1e6)) < 1e-3,
      'At most 6 decimal places',
    ),
  resolutions,
  maxOutputMegapixels: int(1).nullable(),
  downloadExpiryHours: int(1, 168),
  maxDownloads: int(1).nullable(),
  buttonText: z.string().trim().min(1).max(80),
  minImageSize: int(0, 10_000),
  saleMode: z.enum(SALE_MODES),
  // Public routes take documentIds; numeric ids (guessable) only for frontends that still send them.
  acceptNumericFileIds: z.boolean(),
  termsUrl,
  supportEmail,
  allowedReturnOrigins,
  upscaler: z.enum(UPSCALERS),
  siteName: z.string().trim().max(120).transform(blankToNull).nullable(),
  senderEmail: supportEmail,
  reminderHoursBefore: int(1, 167).nullable(),
  emailRetentionDays: int(1, 3650).nullable(),
  // Retention of the other tables (README "Privacy and retention"); null keeps rows forever.
  // Clicks feed the analytics' conversion rates: a year plus a month allows year-on-year.
  clickRetentionDays: int(30, 3650).nullable(),
  downloadLogRetentionDays: int(1, 3650).nullable(),
  // Stripe redelivers an event for up to 3 days: its id must outlive that.
  stripeEventRetentionDays: int(MIN_STRIPE_EVENT_RETENTION_DAYS, 3650).nullable(),
  // Checkout reuses an open session of the same visitor for minutes only: a day is above it.
  visitorHashRetentionDays: int(1, 3650).nullable(),
  // Strapi webhook payloads (Settings → Webhooks) carry the buyer's e-mail only when on.
  includeEmailInEvents: z.boolean(),
  processingTimeoutMinutes: int(5, 240),
  workerConcurrency: int(1, 16),
  stripeSecretKey: secret(
    /^(sk|rk)_(test|live)_[A-Za-z0-9]+$/,
    'Must be a Stripe secret or restricted key (sk_… or rk_…)',
  ),
  stripeWebhookSecret: secret(
    /^whsec_[A-Za-z0-9]+$/,
    'Must be a Stripe webhook signing secret (whsec_…)',
  ),
  upsamplerApiKey: z.string().trim().min(8).max(256).nullable(),
  autoRefundOnFraudWarning: z.boolean(),
  // local-ai (ESRGAN on this server): model, how 8x is made, tiles, parallel runs, pricing.
  localAiModel: z.enum(LOCAL_AI_MODELS),
  localAiEngine: z.enum(LOCAL_AI_ENGINE_SETTINGS),
  // 'x4-bicubic' was the name of x4-lanczos before the 2x enlargement was Lanczos.
  localAi8xMode: z.preprocess(
    (value) => (typeof value === 'string' ? (LEGACY_EIGHT_X_MODES[value] ?? value) : value),
    z.enum(EIGHT_X_MODES),
  ),
  localAiTileSize: int(64, 512),
  localAiConcurrency: int(1, 8),
  localAiPricingMode: z.enum(LOCAL_AI_PRICING_MODES),
  localAiPricePerMegapixel: int(0, 1_000_000),
  localAiFlatPrices,
  // Tax, promotion codes, local currency, invoices, licences, rights metadata, e-mails.
  ...commerceSettingsShape,
  // Previews, cart discounts, "My purchases".
  ...buyerSettingsShape,
};

/** The complete settings record; unknown keys are rejected. */
export const settingsSchema = z.strictObject(settingsShape);

/** Body of `PUT /sell-my-images/settings`: any subset of the fields; unknown keys are rejected. */
export const settingsUpdateSchema = settingsSchema.partial();

export type Settings = z.output<typeof settingsSchema>;
export type SettingsUpdate = z.output<typeof settingsUpdateSchema>;
export type SettingsUpdateInput = z.input<typeof settingsUpdateSchema>;

/** Defaults of a fresh install; secrets start unset. */
export const SETTINGS_DEFAULTS: Readonly<Settings> = Object.freeze({
  markupPercent: 500,
  minimumPrice: 50,
  currency: 'usd',
  creditPrice: 4,
  creditsPerMegapixel: 0.25,
  resolutions: Object.freeze(['4x', '8x']) as string[],
  maxOutputMegapixels: null,
  downloadExpiryHours: 24,
  maxDownloads: null,
  buttonText: 'Download Hi-Res',
  minImageSize: 100,
  saleMode: 'all',
  acceptNumericFileIds: false,
  termsUrl: null,
  supportEmail: null,
  allowedReturnOrigins: Object.freeze<string[]>([]) as string[], // empty = only the site's own URL
  upscaler: 'sharp',
  siteName: null, // null: the e-mails say "our site"
  senderEmail: null, // null: the e-mail provider's default sender
  reminderHoursBefore: 6, // null: no reminder before a link expires
  emailRetentionDays: 90, // null: customer e-mails are kept
  clickRetentionDays: 400, // a year of analytics plus a month; null: kept
  downloadLogRetentionDays: 180, // null: kept
  stripeEventRetentionDays: 30, // null: kept
  visitorHashRetentionDays: 30, // jobs' visitor hashes are cleared after this; null: kept
  includeEmailInEvents: false, // true: job events (Strapi webhooks) carry the buyer's e-mail
  processingTimeoutMinutes: 15,
  workerConcurrency: 2,
  stripeSecretKey: null,
  stripeWebhookSecret: null,
  upsamplerApiKey: null,
  autoRefundOnFraudWarning: false, // true: a Radar early fraud warning refunds the payment at once
  localAiModel: 'slim',
  localAiEngine: 'auto',
  localAi8xMode: 'x4-lanczos', // several times faster than the 8x model on a CPU
  localAiTileSize: 192, // capped per model (models.effectiveTileSize); see provider.DEFAULT_TILE_SIZE
  localAiConcurrency: 1,
  localAiPricingMode: 'per_megapixel',
  localAiPricePerMegapixel: DEFAULT_LOCAL_AI_PRICE_PER_MEGAPIXEL,
  localAiFlatPrices: Object.freeze({ '4x': 200, '8x': 500 }) as Record<string, number>,
  ...COMMERCE_SETTINGS_DEFAULTS,
  ...BUYER_SETTINGS_DEFAULTS,
});
