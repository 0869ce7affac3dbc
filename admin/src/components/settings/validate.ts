/**
 * The settings form on the wire: its values converted (amounts typed in major units →
 * integer minor units, empty optional numbers → null, one origin per line → a list) and
 * checked field by field with the shared zod schema the server validates every write with
 * (shared/contracts/settings), its issues turned into per-field messages by `fieldErrors`.
 * Pure functions, so Save, the live preview, the expected times and the tests agree.
 */
import { z } from 'zod';
import { fieldErrors } from '../../../../shared/contracts/errors';
import {
  LOCAL_AI_TIME_FIELDS,
  PRICING_FIELDS,
  type PricePreviewRequest,
} from '../../../../shared/contracts/settings-requests';
import {
  SECRET_FIELDS,
  settingsSchema,
  type SecretField,
  type Settings,
  type SettingsUpdate,
} from '../../../../shared/contracts/settings';
import type { SettingsAnswer } from '../../../../shared/contracts/settings-routes';
import { byPath, type FieldErrors } from '../../api/client';
import { buyerWire } from './buyer-form';
import { commerceWire, TAX_DETAIL_FIELDS } from './commerce-form';
import type { FormValues, Translate } from './form';
import { previewLicences } from './licences';
import { inputToMinor } from './money';

/** `emailTemplates` has its own page: the settings form never sends it. */
type PlainSettings = Omit<Settings, SecretField | 'emailTemplates'>;
type PlainField = keyof PlainSettings;
type MoneyField = 'minimumPrice' | 'creditPrice' | 'localAiPricePerMegapixel';

/** `localAiFlatPrices.4x` → `localAiFlatPrices`: the setting a (server or browser) error key belongs to. */
const fieldOfError = (key: string) => key.split('.')[0];

/** Fields with a value only the local-ai upscaler uses. */
const LOCAL_AI_FIELDS: readonly string[] = [
  'localAiModel',
  'localAiEngine',
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
function hiddenFields({
  upscaler,
  localAiPricingMode,
  tax,
}: Pick<FormValues, 'upscaler' | 'localAiPricingMode' | 'tax'>): readonly string[] {
  const taxFields = tax === 'none' ? TAX_DETAIL_FIELDS : [];
  if (upscaler !== 'local-ai') return [...LOCAL_AI_FIELDS, ...taxFields];
  const credit =
    localAiPricingMode === 'flat' ? CREDIT_FIELDS : [...CREDIT_FIELDS, 'localAiFlatPrices'];
  return [...credit, ...taxFields];
}

/** The schema's own messages, in the admin's language where the panel has words for them. */
function localise(
  field: string,
  issue: z.core.$ZodIssue,
  value: unknown,
  t: Translate,
): string | undefined {
  if (value === undefined && issue.path.length === 0) return t('settings.error.required');
  if (issue.code === 'invalid_type' && issue.expected === 'int') return t('settings.error.integer');
  if (issue.code === 'too_small' && field === 'resolutions') return t('settings.error.resolutions');
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1)
    return t('settings.error.required');
  if (field === 'licences' && issue.code === 'custom')
    return t('settings.licences.error.duplicate');
  if (field === 'licences' && issue.code === 'invalid_format')
    return t('settings.licences.error.id');
  if (field === 'licences' && issue.path.at(-1) === 'multiplierPercent')
    return t('settings.licences.error.multiplier');
  if (field === 'taxCode' && issue.code === 'invalid_format') return t('settings.tax.code.error');
  return undefined;
}

/** One setting checked by the shared schema: its normalised value, or its messages by path. */
function checkField<K extends keyof Settings>(
  field: K,
  value: unknown,
  t: Translate,
): { ok: true; value: Settings[K] } | { ok: false; errors: FieldErrors } {
  const schema: z.ZodType = settingsSchema.shape[field];
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data as Settings[K] };
  const issues = result.error.issues.map((issue) => ({
    ...issue,
    message: localise(field, issue, value, t) ?? issue.message,
  }));
  const errors = fieldErrors(new z.ZodError(issues));
  return { ok: false, errors: byPath(errors.map((e) => ({ ...e, path: [field, ...e.path] }))) };
}

/** What each setting's input holds, in wire form; amounts that do not read as amounts are errors. */
function wireInput(values: FormValues, errors: FieldErrors, t: Translate) {
  const currency = values.currency.trim().toLowerCase();
  const amount = (field: string, text: string): number | undefined => {
    const parsed = inputToMinor(text, currency);
    if (parsed.ok) return parsed.minor;
    errors[field] = t(`settings.error.amount.${parsed.reason}`, { digits: parsed.digits });
    return undefined;
  };
  const money = (field: MoneyField) => amount(field, values[field]);
  // Flat prices: one input per offered resolution; an empty one means "per megapixel".
  // Prices of resolutions no longer offered are kept as saved (re-offering brings them back).
  const offered = new Set(values.resolutions);
  const flat: Record<string, number> = {};
  for (const [resolution, text] of Object.entries(values.localAiFlatPrices)) {
    if (text.trim() === '') continue;
    const parsed = inputToMinor(text, currency);
    if (parsed.ok) flat[resolution] = parsed.minor;
    else if (offered.has(resolution)) amount(`localAiFlatPrices.${resolution}`, text);
  }
  const orNull = (value: number | undefined) => (value === undefined ? null : value);
  const input: Record<PlainField, unknown> = {
    markupPercent: values.markupPercent,
    minimumPrice: money('minimumPrice'),
    currency: values.currency,
    creditPrice: money('creditPrice'),
    creditsPerMegapixel: values.creditsPerMegapixel,
    resolutions: values.resolutions,
    maxOutputMegapixels: orNull(values.maxOutputMegapixels),
    downloadExpiryHours: values.downloadExpiryHours,
    maxDownloads: orNull(values.maxDownloads),
    buttonText: values.buttonText,
    minImageSize: values.minImageSize,
    saleMode: values.saleMode,
    acceptNumericFileIds: values.acceptNumericFileIds,
    termsUrl: values.termsUrl,
    supportEmail: values.supportEmail,
    allowedReturnOrigins: values.allowedReturnOrigins
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
    upscaler: values.upscaler,
    siteName: values.siteName,
    senderEmail: values.senderEmail,
    reminderHoursBefore: values.reminderEnabled ? values.reminderHoursBefore : null,
    emailRetentionDays: orNull(values.emailRetentionDays),
    clickRetentionDays: orNull(values.clickRetentionDays),
    downloadLogRetentionDays: orNull(values.downloadLogRetentionDays),
    stripeEventRetentionDays: orNull(values.stripeEventRetentionDays),
    visitorHashRetentionDays: orNull(values.visitorHashRetentionDays),
    includeEmailInEvents: values.includeEmailInEvents,
    processingTimeoutMinutes: values.processingTimeoutMinutes,
    workerConcurrency: values.workerConcurrency,
    localAiModel: values.localAiModel,
    localAiEngine: values.localAiEngine,
    localAi8xMode: values.localAi8xMode,
    localAiTileSize: values.localAiTileSize,
    localAiConcurrency: values.localAiConcurrency,
    localAiPricingMode: values.localAiPricingMode,
    localAiPricePerMegapixel: money('localAiPricePerMegapixel'),
    localAiFlatPrices: flat,
    autoRefundOnFraudWarning: values.autoRefundOnFraudWarning,
    ...commerceWire(values, errors, t('settings.licences.error.multiplier')),
    ...buyerWire(values),
  };
  return input;
}

/**
 * The form's non-secret values in wire form (normalised by the schema), and a message for
 * each field that is wrong. A field the page hides cannot be corrected: its invalid unsaved
 * edit is dropped (the saved value stays).
 */
function readForm(
  values: FormValues,
  t: Translate,
): { wire: Partial<PlainSettings>; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const input = wireInput(values, errors, t);
  const wire: Partial<Record<PlainField, unknown>> = {};
  for (const field of Object.keys(input) as PlainField[]) {
    if (Object.keys(errors).some((key) => fieldOfError(key) === field)) {
      // A licence row with an unreadable multiplier: the other rows' messages still show.
      if (field === 'licences') {
        const checked = checkField(field, input[field], t);
        if (!checked.ok)
          for (const [key, message] of Object.entries(checked.errors)) errors[key] ??= message;
      }
      continue;
    }
    const checked = checkField(field, input[field], t);
    if (checked.ok) wire[field] = checked.value;
    else Object.assign(errors, checked.errors);
  }
  const hidden = new Set(hiddenFields(values));
  for (const key of Object.keys(errors)) {
    if (!hidden.has(fieldOfError(key))) continue;
    delete errors[key];
    delete wire[fieldOfError(key) as PlainField];
  }
  return { wire: wire as Partial<PlainSettings>, errors };
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
 * sets, secrets only when typed (checked too) or null when removed.
 */
export function buildPatch(
  answer: SettingsAnswer,
  values: FormValues,
  t: Translate,
): { patch: SettingsUpdate; errors: FieldErrors } {
  const { wire, errors } = readForm(values, t);
  const patch: Partial<Record<keyof Settings, unknown>> = {};
  const locked = (field: string) => Boolean(answer.environment[field as keyof Settings]);
  for (const [field, value] of Object.entries(wire) as Array<[PlainField, unknown]>) {
    if (!locked(field) && !same(value, answer.settings[field])) patch[field] = value;
  }
  for (const field of SECRET_FIELDS) {
    if (locked(field)) continue;
    const typed = values[field].trim();
    if (typed !== '') {
      const checked = checkField(field, typed, t);
      if (checked.ok) patch[field] = checked.value;
      else Object.assign(errors, checked.errors);
    } else if (values.clearedSecrets.includes(field) && answer.settings[field] !== null)
      patch[field] = null;
  }
  // Errors of fields the environment sets cannot be fixed here and are never sent.
  for (const key of Object.keys(errors)) if (locked(fieldOfError(key))) delete errors[key];
  return { patch: patch as SettingsUpdate, errors };
}

/** `fields` as the form holds them, or null with the errors (theirs, and their items') that prevent a request. */
function bodyOf(
  fields: readonly PlainField[],
  values: FormValues,
  t: Translate,
): { body: SettingsUpdate | null; errors: FieldErrors } {
  const { wire, errors } = readForm(values, t);
  const wanted = new Set<string>(fields);
  const blocking: FieldErrors = {};
  for (const [key, message] of Object.entries(errors))
    if (wanted.has(fieldOfError(key))) blocking[key] = message;
  if (Object.keys(blocking).length) return { body: null, errors: blocking };
  const body: Partial<Record<PlainField, unknown>> = {};
  for (const field of fields) if (wire[field] !== undefined) body[field] = wire[field];
  return { body: body as SettingsUpdate, errors: {} };
}

/**
 * The body of a price-preview request: every pricing value as the form holds it (upscaler
 * included) and the multipliers of the licence rows that read, for the server to price.
 */
export function previewBody(
  values: FormValues,
  t: Translate,
): { body: PricePreviewRequest | null; errors: FieldErrors } {
  const { body, errors } = bodyOf(PRICING_FIELDS, values, t);
  const licenceMultipliers = previewLicences(values.licences).map((l) => l.multiplierPercent);
  if (!body || licenceMultipliers.length === 0) return { body, errors };
  return { body: { ...body, licenceMultipliers }, errors };
}

/** The body of a local-ai expected-times request: resolutions, model, 8x mode, tile size and concurrency. */
export const localAiTimesBody = (values: FormValues, t: Translate) =>
  bodyOf(LOCAL_AI_TIME_FIELDS, values, t);
