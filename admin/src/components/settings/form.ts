/**
 * The settings form's state: what the inputs hold (amounts as typed major-unit text,
 * empty number inputs as undefined, typed secrets), seeded from the server's answer.
 * validate.ts turns it into the wire shape and checks it with the shared schema.
 */
import {
  SETTINGS_DEFAULTS,
  type EightXMode,
  type LocalAiEngineSetting,
  type LocalAiModel,
  type LocalAiPricingMode,
  type SaleMode,
  type SecretField,
  type UpscalerName,
} from '../../../../shared/contracts/settings';
import type { SettingsAnswer, StripeMode } from '../../../../shared/contracts/settings-routes';
import { buyerFormFromSettings, type BuyerFormValues } from './buyer-form';
import { commerceFormFromSettings, type CommerceFormValues } from './commerce-form';
import { minorToInput } from './money';

export interface FormValues extends CommerceFormValues, BuyerFormValues {
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
  clickRetentionDays?: number;
  downloadLogRetentionDays?: number;
  stripeEventRetentionDays?: number;
  visitorHashRetentionDays?: number;
  includeEmailInEvents: boolean;
  buttonText: string;
  minImageSize?: number;
  saleMode: SaleMode;
  acceptNumericFileIds: boolean;
  /** One origin per line. */
  allowedReturnOrigins: string;
  upscaler: UpscalerName;
  processingTimeoutMinutes?: number;
  workerConcurrency?: number;
  localAiModel: LocalAiModel;
  localAiEngine: LocalAiEngineSetting;
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
  autoRefundOnFraudWarning: boolean;
  /** Saved secrets the admin asked to remove. */
  clearedSecrets: SecretField[];
}

export type Translate = (id: string, values?: Record<string, string | number>) => string;

/** Reminder hours offered when the reminder is switched on without a value (the server's default). */
const DEFAULT_REMINDER_HOURS = SETTINGS_DEFAULTS.reminderHoursBefore ?? undefined;

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
    clickRetentionDays: orUndefined(settings.clickRetentionDays),
    downloadLogRetentionDays: orUndefined(settings.downloadLogRetentionDays),
    stripeEventRetentionDays: orUndefined(settings.stripeEventRetentionDays),
    visitorHashRetentionDays: orUndefined(settings.visitorHashRetentionDays),
    includeEmailInEvents: settings.includeEmailInEvents,
    buttonText: settings.buttonText,
    minImageSize: settings.minImageSize,
    saleMode: settings.saleMode,
    acceptNumericFileIds: settings.acceptNumericFileIds,
    allowedReturnOrigins: settings.allowedReturnOrigins.join('\n'),
    upscaler: settings.upscaler,
    processingTimeoutMinutes: settings.processingTimeoutMinutes,
    workerConcurrency: settings.workerConcurrency,
    localAiModel: settings.localAiModel,
    localAiEngine: settings.localAiEngine,
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
    autoRefundOnFraudWarning: settings.autoRefundOnFraudWarning,
    clearedSecrets: [],
    ...commerceFormFromSettings(settings),
    ...buyerFormFromSettings(settings),
  };
}

/** Test or live, from a typed key's prefix; undefined while the text is no Stripe key. */
export function stripeModeOfTyped(key: string): StripeMode | undefined {
  const match = /^(sk|rk)_(test|live)_/.exec(key.trim());
  return match ? (match[2] as StripeMode) : undefined;
}
