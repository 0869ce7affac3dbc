/**
 * Answers of the admin settings routes (`/sell-my-images/settings…`): the settings with
 * secrets masked (`••••••••1234`, write-only), the live price preview, the local-AI
 * expected times and the connection tests.
 */
import type { PriceOption } from './prices';
import type { EightXMode, LocalAiEngine, Settings, SettingSource, UpscalerName } from './settings';

export type SettingsField = keyof Settings;

/** Typical originals the settings page prices and times: a web image, two squares, a 12 MP photo. */
export const SAMPLE_SIZES: ReadonlyArray<{ width: number; height: number }> = Object.freeze([
  { width: 640, height: 480 },
  { width: 1000, height: 1000 },
  { width: 2000, height: 2000 },
  { width: 4000, height: 3000 },
]);
export type StripeMode = 'test' | 'live';

/** `GET`/`PUT /sell-my-images/settings` → `data`. */
export interface SettingsAnswer {
  /** Secrets are masked (or null when unset). */
  settings: Settings;
  sources: Partial<Record<SettingsField, SettingSource>>;
  /** Fields set by an environment variable → the variable's name. */
  environment: Partial<Record<SettingsField, string>>;
  stripeMode: StripeMode | null;
  /** Where Stripe must send events (the site's public URL). */
  webhookUrl: string;
}

/** The option fields a price preview shows (the same as visitors see). */
export type PreviewOption = Omit<PriceOption, 'expectedSeconds'>;

/** `POST /sell-my-images/settings/price-preview` → `data`. */
export interface PricePreviewAnswer {
  currency: string;
  samples: Array<{
    width: number;
    height: number;
    options: PreviewOption[];
    /** One per `licenceMultipliers` of the request, in its order: the options at that licence. */
    licences?: Array<{ multiplierPercent: number; options: PreviewOption[] }>;
  }>;
}

export interface LocalAiAvailability {
  available: boolean;
  /** The engine jobs run on with the current engine setting (null when none is installed). */
  engine: LocalAiEngine | null;
  /** Packages to install (empty when all are there). */
  missing: string[];
  message: string;
}

/** One resolution's expected processing time on this machine. */
export interface ExpectedTime {
  resolution: string;
  scale: number;
  /** e.g. 'ESRGAN slim 4x + Lanczos 2x'. */
  method: string;
  /** Null until the machine is calibrated (or for a model that is not installed). */
  seconds: number | null;
}

export interface ExpectedTimes {
  upscaler: { name: 'local-ai'; label: string; model: string };
  calibrated: boolean;
  /** A calibration is running now (times appear when it ends). */
  calibrating: boolean;
  measuredAt: string | null;
  machine: { cpus: number; cpuModel: string; node: string } | null;
  eightXMode: EightXMode;
  tileSize: number;
  /** Inference threads each upscale gets with these settings on this machine. */
  threadsPerJob: number;
  samples: Array<{
    width: number;
    height: number;
    options: ExpectedTime[];
    eightXModes?: Array<{ mode: EightXMode; method: string; seconds: number | null }>;
  }>;
}

/** `POST /sell-my-images/settings/local-ai/calibrate` → 202 `data`: the measure runs in the background. */
export interface CalibrateAnswer {
  calibrating: true;
}

/** `POST /sell-my-images/settings/local-ai/expected-times` → `data`. */
export interface LocalAiTimesAnswer extends ExpectedTimes {
  availability: LocalAiAvailability;
}

export type ConnectionFailureCode =
  | 'missing_key'
  | 'invalid_key'
  | 'permission_denied'
  | 'rate_limited'
  | 'unreachable'
  | 'unexpected_answer'
  | 'unavailable'
  | 'bad_config'
  /** Tax is `stripe_tax` but Stripe Tax is not active on the account. */
  | 'tax_inactive'
  | 'error';

export interface ConnectionFailure {
  ok: false;
  /** Stable code the admin panel translates; `message` is the English fallback. */
  code: ConnectionFailureCode;
  message: string;
}

/** `POST /settings/test/stripe` → `data`. */
export type StripeTestResult =
  { ok: true; mode: StripeMode } | (ConnectionFailure & { mode?: StripeMode });

/** `POST /settings/test/upscaler` → `data`. */
export type UpscalerTestResult =
  | { ok: true; upscaler: UpscalerName; code?: 'no_account_needed'; message?: string }
  | (ConnectionFailure & { upscaler: UpscalerName });

export type ConnectionTestAnswer = StripeTestResult | UpscalerTestResult;
