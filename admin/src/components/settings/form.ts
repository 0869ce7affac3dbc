/**
 * The settings form's state and its translation to the wire: what the inputs hold
 * (amounts as typed major-unit text, empty number inputs as undefined, typed secrets),
 * and the partial update that holds only what really changed. Pure functions, so the
 * rules are the same for Save, for the live price preview and for the tests.
 */
import type { FieldErrors } from '../../utils/api';
import { inputToMinor, minorToInput } from './money';
import {
  LOCAL_AI_TIME_FIELDS,
  PRICING_FIELDS,
  SECRET_FIELDS,
  type EightXMode,
  type LocalAiModel,
  type LocalAiPricingMode,
  type SaleMode,
  type SecretField,
  type SettingsAnswer,
  type UpscalerName,
  type WireSettings,
} from './types';

export interface FormValues {
  markupPercent?: number;
  /** Major units as typed, e.g. "0.50". */
  minimumPrice: string;
  currency: string;
  /** Major units as typed, e.g. "0.04". */
  creditPrice: string;
  creditsPerMegapixel?: number;
  resolutions: string[];
  maxOutputMegapixels?: number;
  downloadExpiryHours?: number;
  maxDownloads?: number;
  siteName: string;
  senderEmail: string;
  termsUrl: string;
  supportEmail: string;
  reminderEnabled: boolean;
  reminderHoursBefore?: number;
  emailRetentionDays?: number;
  buttonText: string;
  minImageSize?: number;
  saleMode: SaleMode;
  /** One origin per line. */
  allowedReturnOrigins: string;
  upscaler: UpscalerName;
  processingTimeoutMinutes?: number;
  workerConcurrency?: number;
  localAiModel: LocalAiModel;
  localAi8xMode: EightXMode;
  localAiTileSize?: number;
  localAiConcurrency?: number;
  localAiPricingMode: LocalAiPricingMode;
  /** Major units per output megapixel as typed, e.g. "0.06". */
  localAiPricePerMegapixel: string;
  /** Resolution → flat price in major units as typed; empty means "priced per megapixel". */
  localAiFlatPrices: Record<string, string>;
  /** A newly typed secret; empty means "keep the saved one". */
  stripeSecretKey: string;
  stripeWebhookSecret: string;
  upsamplerApiKey: string;
  /** Saved secrets the admin asked to remove. */
  clearedSecrets: SecretField[];
}

export type Translate = (id: string, values?: Record<string, string | number>) => string;

type PlainSettings = Omit<WireSettings, SecretField>;
export type SettingsPatch = Partial<WireSettings>;

/** Reminder hours offered when the reminder is switched on without a value (the server's default). */
export const DEFAULT_REMINDER_HOURS = 6;

export function formFromAnswer({ settings }: SettingsAnswer, locale?: string): FormValues {
  const orUndefined = (value: number | null) => (value === null ? undefined : value);
  return {
    markupPercent: settings.markupPercent,
    minimumPrice: minorToInput(settings.minimumPrice, settings.currency, locale),
    currency: settings.currency.toUpperCase(),
    creditPrice: minorToInput(settings.creditPrice, settings.currency, locale),
    creditsPerMegapixel: settings.creditsPerMegapixel,
    resolutions: [...settings.resolutions],
    maxOutputMegapixels: orUndefined(settings.maxOutputMegapixels),
    downloadExpiryHours: settings.downloadExpiryHours,
    maxDownloads: orUndefined(settings.maxDownloads),
    siteName: settings.siteName ?? '',
    senderEmail: settings.senderEmail ?? '',
    termsUrl: settings.termsUrl ?? '',
    supportEmail: settings.supportEmail ?? '',
    reminderEnabled: settings.reminderHoursBefore !== null,
    reminderHoursBefore: settings.reminderHoursBefore ?? DEFAULT_REMINDER_HOURS,
    emailRetentionDays: orUndefined(settings.emailRetentionDays),
    buttonText: settings.buttonText,
    minImageSize: settings.minImageSize,
    saleMode: settings.saleMode,
    allowedReturnOrigins: settings.allowedReturnOrigins.join('\n'),
    upscaler: settings.upscaler,
    processingTimeoutMinutes: settings.processingTimeoutMinutes,
    workerConcurrency: settings.workerConcurrency,
    localAiModel: settings.localAiModel,
    localAi8xMode: settings.localAi8xMode,
    localAiTileSize: settings.localAiTileSize,
    localAiConcurrency: settings.localAiConcurrency,
    localAiPricingMode: settings.localAiPricingMode,
    localAiPricePerMegapixel: minorToInput(
      settings.localAiPricePerMegapixel,
      settings.currency,
      locale,
    ),
    localAiFlatPrices: Object.fromEntries(
      Object.entries(settings.localAiFlatPrices ?? {}).map(([resolution, minor]) => [
        resolution,
        minorToInput(minor, settings.currency, locale),
      ]),
    ),
    stripeSecretKey: '',
    stripeWebhookSecret: '',
    upsamplerApiKey: '',
    clearedSecrets: [],
  };
}

const scaleOf = (resolution: string) => Number.parseInt(resolution, 10);
const byScale = (a: string, b: string) => scaleOf(a) - scaleOf(b);

/** `localAiFlatPrices.4x` → `localAiFlatPrices`: the setting a (server or browser) error key belongs to. */
export const fieldOfError = (key: string) => key.split('.')[0];

/** Fields with a value only the local-ai upscaler uses. */
const LOCAL_AI_FIELDS: readonly string[] = [
  'localAiModel',
  'localAi8xMode',
  'localAiTileSize',
  'localAiConcurrency',
  'localAiPricingMode',
  'localAiPricePerMegapixel',
  'localAiFlatPrices',
];
/** Fields local-ai pricing ignores (it has no credits and no markup). */
const CREDIT_FIELDS: readonly string[] = ['markupPercent', 'creditPrice', 'creditsPerMegapixel'];

/** The fields the page hides with these choices (upscaler, local-ai pricing mode): they would not change anything. */
export function hiddenFields({
  upscaler,
  localAiPricingMode,
}: Pick<FormValues, 'upscaler' | 'localAiPricingMode'>): readonly string[] {
  if (upscaler !== 'local-ai') return LOCAL_AI_FIELDS;
  return localAiPricingMode === 'flat' ? CREDIT_FIELDS : [...CREDIT_FIELDS, 'localAiFlatPrices'];
}

/**
 * The form's non-secret values in wire form, and a message for each field the browser
 * can already tell is wrong (missing, not whole, too many decimals). Range rules stay
 * with the server, which answers them per field.
 */
export function readForm(
  values: FormValues,
  t: Translate,
): { wire: Partial<PlainSettings>; errors: FieldErrors } {
  const wire: Partial<PlainSettings> = {};
  const errors: FieldErrors = {};
  const currency = values.currency.trim().toLowerCase();

  const whole = (field: keyof PlainSettings, value: number | undefined, nullable: boolean) => {
    if (value === undefined) {
      if (nullable) (wire as Record<string, unknown>)[field] = null;
      else errors[field] = t('settings.error.required');
    } else if (!Number.isInteger(value)) errors[field] = t('settings.error.integer');
    else (wire as Record<string, unknown>)[field] = value;
  };
  const money = (
    field: 'minimumPrice' | 'creditPrice' | 'localAiPricePerMegapixel',
    text: string,
  ) => {
    const parsed = inputToMinor(text, currency);
    if (parsed.ok) wire[field] = parsed.minor;
    else errors[field] = t(`settings.error.amount.${parsed.reason}`, { digits: parsed.digits });
  };
  const optionalText = (value: string) => (value.trim() === '' ? null : value.trim());

  whole('markupPercent', values.markupPercent, false);
  money('minimumPrice', values.minimumPrice);
  wire.currency = currency;
  money('creditPrice', values.creditPrice);
  if (values.creditsPerMegapixel === undefined)
    errors.creditsPerMegapixel = t('settings.error.required');
  else wire.creditsPerMegapixel = values.creditsPerMegapixel;
  if (values.resolutions.length === 0) errors.resolutions = t('settings.error.resolutions');
  else wire.resolutions = [...values.resolutions].sort((a, b) => scaleOf(a) - scaleOf(b));
  whole('maxOutputMegapixels', values.maxOutputMegapixels, true);
  whole('downloadExpiryHours', values.downloadExpiryHours, false);
  whole('maxDownloads', values.maxDownloads, true);
  wire.siteName = optionalText(values.siteName);
  wire.senderEmail = optionalText(values.senderEmail);
  wire.termsUrl = optionalText(values.termsUrl);
  wire.supportEmail = optionalText(values.supportEmail);
  if (values.reminderEnabled) whole('reminderHoursBefore', values.reminderHoursBefore, false);
  else wire.reminderHoursBefore = null;
  whole('emailRetentionDays', values.emailRetentionDays, true);
  wire.buttonText = values.buttonText.trim();
  whole('minImageSize', values.minImageSize, false);
  wire.saleMode = values.saleMode;
  wire.allowedReturnOrigins = values.allowedReturnOrigins
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  wire.upscaler = values.upscaler;
  whole('processingTimeoutMinutes', values.processingTimeoutMinutes, false);
  whole('workerConcurrency', values.workerConcurrency, false);
  wire.localAiModel = values.localAiModel;
  wire.localAi8xMode = values.localAi8xMode;
  whole('localAiTileSize', values.localAiTileSize, false);
  whole('localAiConcurrency', values.localAiConcurrency, false);
  wire.localAiPricingMode = values.localAiPricingMode;
  money('localAiPricePerMegapixel', values.localAiPricePerMegapixel);
  // Flat prices: one input per offered resolution; an empty one means "per megapixel".
  // Prices of resolutions no longer offered are kept as saved (re-offering brings them back).
  const offered = new Set(values.resolutions);
  const flat: Record<string, number> = {};
  for (const resolution of Object.keys(values.localAiFlatPrices).sort(byScale)) {
    const text = values.localAiFlatPrices[resolution];
    if (text.trim() === '') continue;
    const parsed = inputToMinor(text, currency);
    if (parsed.ok) flat[resolution] = parsed.minor;
    else if (offered.has(resolution))
      errors[`localAiFlatPrices.${resolution}`] = t(`settings.error.amount.${parsed.reason}`, {
        digits: parsed.digits,
      });
  }
  wire.localAiFlatPrices = flat;

  // A field the page hides cannot be corrected: its invalid unsaved edit is dropped (the saved value stays).
  const hidden = new Set(hiddenFields(values));
  for (const key of Object.keys(errors)) {
    const field = fieldOfError(key);
    if (!hidden.has(field)) continue;
    delete errors[key];
    delete (wire as Record<string, unknown>)[field];
  }
  return { wire, errors };
}

/** The same value whatever the order of an object's keys (flat prices). */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

const same = (a: unknown, b: unknown) =>
  JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/**
 * The partial update Save sends: changed fields only, never one an environment variable
 * sets, secrets only when typed (or null when removed).
 */
export function buildPatch(
  answer: SettingsAnswer,
  values: FormValues,
  t: Translate,
): { patch: SettingsPatch; errors: FieldErrors } {
  const { wire, errors } = readForm(values, t);
  const patch: SettingsPatch = {};
  const locked = (field: string) => Boolean(answer.environment[field as keyof WireSettings]);
  for (const [field, value] of Object.entries(wire) as Array<[keyof PlainSettings, unknown]>) {
    if (!locked(field) && !same(value, answer.settings[field]))
      (patch as Record<string, unknown>)[field] = value;
  }
  for (const field of SECRET_FIELDS) {
    if (locked(field)) continue;
    const typed = values[field].trim();
    if (typed !== '') patch[field] = typed;
    else if (values.clearedSecrets.includes(field) && answer.settings[field] !== null)
      patch[field] = null;
  }
  // Errors of fields the environment sets cannot be fixed here and are never sent.
  for (const key of Object.keys(errors)) if (locked(fieldOfError(key))) delete errors[key];
  return { patch, errors };
}

/** `fields` as the form holds them, or null with the errors (theirs, and their items') that prevent a request. */
function bodyOf(
  fields: readonly (keyof PlainSettings)[],
  values: FormValues,
  t: Translate,
): { body: Partial<WireSettings> | null; errors: FieldErrors } {
  const { wire, errors } = readForm(values, t);
  const wanted = new Set<string>(fields);
  const blocking: FieldErrors = {};
  for (const [key, message] of Object.entries(errors))
    if (wanted.has(fieldOfError(key))) blocking[key] = message;
  if (Object.keys(blocking).length) return { body: null, errors: blocking };
  const body: Record<string, unknown> = {};
  for (const field of fields) if (wire[field] !== undefined) body[field] = wire[field];
  return { body: body as Partial<WireSettings>, errors: {} };
}

/** The body of a price-preview request: every pricing value as the form holds it (upscaler included), or the errors that prevent one. */
export function previewBody(
  values: FormValues,
  t: Translate,
): { body: Partial<WireSettings> | null; errors: FieldErrors } {
  return bodyOf(PRICING_FIELDS, values, t);
}

/** The body of a local-ai expected-times request: resolutions, model, 8x mode, tile size and concurrency as typed. */
export function localAiTimesBody(
  values: FormValues,
  t: Translate,
): { body: Partial<WireSettings> | null; errors: FieldErrors } {
  return bodyOf(LOCAL_AI_TIME_FIELDS, values, t);
}

/** Test or live, from a typed key's prefix; undefined while the text is no Stripe key. */
export function stripeModeOfTyped(key: string): 'test' | 'live' | undefined {
  const match = /^(sk|rk)_(test|live)_/.exec(key.trim());
  return match ? (match[2] as 'test' | 'live') : undefined;
}
