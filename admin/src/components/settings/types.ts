/**
 * Wire shapes of the admin settings API (DESIGN.md "Admin settings API"): amounts are
 * integer minor units, secrets come back masked (`••••••••1234`) and are write-only.
 */
export type SaleMode = 'all' | 'opt-in' | 'opt-out';
export type UpscalerName = 'upsampler' | 'sharp' | 'local-ai';
export type SettingSource = 'env' | 'stored' | 'default';
/** local-ai (ESRGAN on this server): which model, how 8x is made, how it is priced. */
export type LocalAiModel = 'slim' | 'medium';
export type EightXMode = 'x4-lanczos' | 'x8-model';
export type LocalAiPricingMode = 'per_megapixel' | 'flat';

export const SALE_MODES: readonly SaleMode[] = ['all', 'opt-in', 'opt-out'];
export const UPSCALERS: readonly UpscalerName[] = ['upsampler', 'sharp', 'local-ai'];
export const LOCAL_AI_MODELS: readonly LocalAiModel[] = ['slim', 'medium'];
export const EIGHT_X_MODES: readonly EightXMode[] = ['x4-lanczos', 'x8-model'];
export const LOCAL_AI_PRICING_MODES: readonly LocalAiPricingMode[] = ['per_megapixel', 'flat'];
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
  /** Minutes an upscale may take before the job fails (and is refunded or retried). */
  processingTimeoutMinutes: number;
  /** Jobs the fulfilment worker processes at once. */
  workerConcurrency: number;
  localAiModel: LocalAiModel;
  localAi8xMode: EightXMode;
  /** Tile edge in pixels (each model caps it). */
  localAiTileSize: number;
  /** Local AI upscales run at once. */
  localAiConcurrency: number;
  localAiPricingMode: LocalAiPricingMode;
  /** Minor units per output megapixel. */
  localAiPricePerMegapixel: number;
  /** Resolution → minor units, used in `flat` mode; a resolution without one is priced per megapixel. */
  localAiFlatPrices: Record<string, number>;
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
  'upscaler',
  'localAiPricingMode',
  'localAiPricePerMegapixel',
  'localAiFlatPrices',
] as const satisfies readonly SettingsField[];
export type PricingField = (typeof PRICING_FIELDS)[number];

/** The fields the local-ai expected times depend on (server/src/validation/settings LOCAL_AI_TIME_FIELDS). */
export const LOCAL_AI_TIME_FIELDS = [
  'resolutions',
  'localAiModel',
  'localAi8xMode',
  'localAiTileSize',
  'localAiConcurrency',
] as const satisfies readonly SettingsField[];

export interface PreviewOption {
  resolution: string;
  scale: number;
  width: number;
  height: number;
  megapixels: number;
  amount: number;
  formatted: string;
  available: boolean;
  reason?: 'exceeds_max_output' | 'exceeds_stripe_maximum' | 'exceeds_processing_time';
}

/** `POST /sell-my-images/settings/price-preview` → `data`. */
export interface PricePreviewAnswer {
  currency: string;
  samples: Array<{ width: number; height: number; options: PreviewOption[] }>;
}

/** `POST /sell-my-images/settings/local-ai/expected-times` → `data`. */
export interface LocalAiTimesAnswer {
  availability: { available: boolean; missing: string[]; message: string };
  upscaler: { name: 'local-ai'; label: string; model: string };
  calibrated: boolean;
  /** A measurement is running now; the times appear when it ends. */
  calibrating: boolean;
  measuredAt: string | null;
  machine: { cpus: number; cpuModel: string; node: string } | null;
  eightXMode: EightXMode;
  tileSize: number;
  threadsPerJob: number;
  samples: Array<{
    width: number;
    height: number;
    options: Array<{ resolution: string; scale: number; method: string; seconds: number | null }>;
    eightXModes?: Array<{ mode: EightXMode; method: string; seconds: number | null }>;
  }>;
}

/** `POST /settings/test/stripe` and `/settings/test/upscaler` → `data`. */
export interface ConnectionTestAnswer {
  ok: boolean;
  code?: string;
  message?: string;
  mode?: 'test' | 'live';
  upscaler?: UpscalerName;
}
