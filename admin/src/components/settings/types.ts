/**
 * Wire shapes of the admin settings API (DESIGN.md "Admin settings API"): amounts are
 * integer minor units, secrets come back masked (`••••••••1234`) and are write-only.
 */
export type SaleMode = 'all' | 'opt-in' | 'opt-out';
export type UpscalerName = 'upsampler' | 'sharp' | 'local-ai';
export type SettingSource = 'env' | 'stored' | 'default';

export const SALE_MODES: readonly SaleMode[] = ['all', 'opt-in', 'opt-out'];
export const UPSCALERS: readonly UpscalerName[] = ['upsampler', 'sharp', 'local-ai'];
export const SECRET_FIELDS = ['stripeSecretKey', 'stripeWebhookSecret', 'upsamplerApiKey'] as const;
export type SecretField = (typeof SECRET_FIELDS)[number];

export interface WireSettings {
  markupPercent: number;
  minimumPrice: number;
  currency: string;
  creditPrice: number;
  creditsPerMegapixel: number;
  resolutions: string[];
  maxOutputMegapixels: number | null;
  downloadExpiryHours: number;
  maxDownloads: number | null;
  buttonText: string;
  minImageSize: number;
  saleMode: SaleMode;
  termsUrl: string | null;
  supportEmail: string | null;
  allowedReturnOrigins: string[];
  upscaler: UpscalerName;
  siteName: string | null;
  senderEmail: string | null;
  reminderHoursBefore: number | null;
  emailRetentionDays: number | null;
  stripeSecretKey: string | null;
  stripeWebhookSecret: string | null;
  upsamplerApiKey: string | null;
}

export type SettingsField = keyof WireSettings;

/** `GET`/`PUT /sell-my-images/settings` → `data`. */
export interface SettingsAnswer {
  settings: WireSettings;
  sources: Partial<Record<SettingsField, SettingSource>>;
  /** Fields set by an environment variable → the variable's name. */
  environment: Partial<Record<SettingsField, string>>;
  stripeMode: 'test' | 'live' | null;
  /** Where Stripe must send events (the site's public URL); older servers may omit it. */
  webhookUrl?: string;
}

/** The pricing fields the preview route accepts (server/src/validation/settings PRICING_FIELDS). */
export const PRICING_FIELDS = [
  'markupPercent',
  'minimumPrice',
  'currency',
  'creditPrice',
  'creditsPerMegapixel',
  'resolutions',
  'maxOutputMegapixels',
] as const satisfies readonly SettingsField[];
export type PricingField = (typeof PRICING_FIELDS)[number];

export interface PreviewOption {
  resolution: string;
  scale: number;
  width: number;
  height: number;
  megapixels: number;
  amount: number;
  formatted: string;
  available: boolean;
  reason?: 'exceeds_max_output' | 'exceeds_stripe_maximum';
}

/** `POST /sell-my-images/settings/price-preview` → `data`. */
export interface PricePreviewAnswer {
  currency: string;
  samples: Array<{ width: number; height: number; options: PreviewOption[] }>;
}

/** `POST /settings/test/stripe` and `/settings/test/upscaler` → `data`. */
export interface ConnectionTestAnswer {
  ok: boolean;
  code?: string;
  message?: string;
  mode?: 'test' | 'live';
  upscaler?: UpscalerName;
}
