/**
 * The settings form's state and its translation to the wire: what the inputs hold
 * (amounts as typed major-unit text, empty number inputs as undefined, typed secrets),
 * and the partial update that holds only what really changed. Pure functions, so the
 * rules are the same for Save, for the live price preview and for the tests.
 */
import type { FieldErrors } from '../../utils/api';
import { inputToMinor, minorToInput } from './money';
import {
  PRICING_FIELDS,
  SECRET_FIELDS,
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
    stripeSecretKey: '',
    stripeWebhookSecret: '',
    upsamplerApiKey: '',
    clearedSecrets: [],
  };
}

const scaleOf = (resolution: string) => Number.parseInt(resolution, 10);

/**
 * The form's non-secret values in wire form, and a message for each field the browser
 * can already tell is wrong (missing, not whole, too many decimals). Range rules stay
 * with the server, which answers them per field.
 */
export function readForm(values: FormValues, t: Translate): { wire: Partial<PlainSettings>; errors: FieldErrors } {
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
  const money = (field: 'minimumPrice' | 'creditPrice', text: string) => {
    const parsed = inputToMinor(text, currency);
    if (parsed.ok) wire[field] = parsed.minor;
    else errors[field] = t(`settings.error.amount.${parsed.reason}`, { digits: parsed.digits });
  };
  const optionalText = (value: string) => (value.trim() === '' ? null : value.trim());

  whole('markupPercent', values.markupPercent, false);
  money('minimumPrice', values.minimumPrice);
  wire.currency = currency;
  money('creditPrice', values.creditPrice);
  if (values.creditsPerMegapixel === undefined) errors.creditsPerMegapixel = t('settings.error.required');
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
  wire.allowedReturnOrigins = values.allowedReturnOrigins.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  wire.upscaler = values.upscaler;
  return { wire, errors };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The partial update Save sends: changed fields only, never one an environment variable
 * sets, secrets only when typed (or null when removed).
 */
export function buildPatch(answer: SettingsAnswer, values: FormValues, t: Translate): { patch: SettingsPatch; errors: FieldErrors } {
  const { wire, errors } = readForm(values, t);
  const patch: SettingsPatch = {};
  const locked = (field: string) => Boolean(answer.environment[field as keyof WireSettings]);
  for (const [field, value] of Object.entries(wire) as Array<[keyof PlainSettings, unknown]>) {
    if (!locked(field) && !same(value, answer.settings[field])) (patch as Record<string, unknown>)[field] = value;
  }
  for (const field of SECRET_FIELDS) {
    if (locked(field)) continue;
    const typed = values[field].trim();
    if (typed !== '') patch[field] = typed;
    else if (values.clearedSecrets.includes(field) && answer.settings[field] !== null) patch[field] = null;
  }
  // Errors of fields the environment sets cannot be fixed here and are never sent.
  for (const field of Object.keys(errors)) if (locked(field)) delete errors[field];
  return { patch, errors };
}

/** The body of a price-preview request: every pricing value as the form holds it, or the errors that prevent one. */
export function previewBody(values: FormValues, t: Translate): { body: Partial<WireSettings> | null; errors: FieldErrors } {
  const { wire, errors } = readForm(values, t);
  const pricingErrors: FieldErrors = {};
  const body: Record<string, unknown> = {};
  for (const field of PRICING_FIELDS) {
    if (errors[field]) pricingErrors[field] = errors[field];
    else body[field] = wire[field];
  }
  return { body: Object.keys(pricingErrors).length ? null : (body as Partial<WireSettings>), errors: pricingErrors };
}

/** Test or live, from a typed key's prefix; undefined while the text is no Stripe key. */
export function stripeModeOfTyped(key: string): 'test' | 'live' | undefined {
  const match = /^(sk|rk)_(test|live)_/.exec(key.trim());
  return match ? (match[2] as 'test' | 'live') : undefined;
}
