/**
 * Pure pricing (docs/architecture.md "Money rules"). Every amount is an integer in the currency's
 * minor units and every step is integer arithmetic, so no float ever touches money:
 *   outputMP = (w·s)·(h·s) / 1e6
 *   credits  = max(1, ceil(outputMP · creditsPerMegapixel))
 *   cost     = credits · creditPrice
 *   price    = max(minimumPrice, Stripe minimum, round_half_up(cost · (100 + markup%) / 100))
 * The client never sends a price; the server calls this every time.
 *
 * An image's own price (docs/architecture.md "Money rules") replaces the shop's rule: a fixed
 * price for the resolution beats the image's multiplier (the owner's minimum price does not
 * apply to it; Stripe's minimum and the currency step do), the multiplier multiplies the
 * shop's price before the minimum. A licence multiplies the image's price (after its own
 * minimum and step), then the same minimum and step apply again.
 *
 * With the `local-ai` upscaler there are no credits and nothing to mark up: the site
 * owner sets the price directly, per output megapixel (rounded up to a whole minor unit)
 * or flat per resolution, and the minimum price still applies. Its cost is 0: the work
 * runs on hardware the site already pays for, and the electricity of one job (a core
 * for a few minutes) is a small fraction of a cent.
 */
import type { ImagePrice } from '../../../shared/contracts/media';
import type {
  PriceOption,
  PriceRule,
  PriceUnavailableReason,
} from '../../../shared/contracts/prices';
import {
  DEFAULT_LOCAL_AI_PRICE_PER_MEGAPIXEL,
  type LocalAiPricingMode,
} from '../../../shared/contracts/settings';
import {
  STRIPE_MAXIMUM_AMOUNT,
  amountStep,
  formatMoney,
  minimumChargeFor,
} from '../../../shared/currency';
import { byScale, parseResolution } from '../../../shared/resolutions';
import type { UpscalerCapability } from '../upscalers';
import { assertInteger, assertSize } from '../utils/numbers';

export interface PricingSettings {
  /** Percent added on top of the upscaling cost: 200 means price = 3 × cost. */
  markupPercent: number;
  /** Minor units. */
  minimumPrice: number;
  /** Lowercase ISO 4217 code. */
  currency: string;
  /** Minor units per upscaler credit (integer). */
  creditPrice: number;
  /** Credits per output megapixel; precision is one millionth. */
  creditsPerMegapixel: number;
  /** Offered resolutions, e.g. `['4x', '8x']`. */
  resolutions: string[];
  /** Options whose output exceeds this are shown as unavailable; null = no limit. */
  maxOutputMegapixels: number | null;
  /** The provider; `local-ai` is priced by the local-AI fields below instead of credits. */
  upscaler?: string;
  localAiPricingMode?: LocalAiPricingMode;
  /** Minor units per output megapixel (local-ai, `per_megapixel`). */
  localAiPricePerMegapixel?: number;
  /** Minor units per resolution (local-ai, `flat`); a resolution without one is priced per megapixel. */
  localAiFlatPrices?: Readonly<Record<string, number>> | null;
}

/** One priced resolution: what visitors see, plus what it costs the site owner. */
export interface QuoteOption extends Omit<PriceOption, 'expectedSeconds'> {
  /** Upscaler credits it takes (0 for local providers). */
  credits: number;
  /** What the upscale costs the site owner, minor units. */
  cost: number;
  /** Which rule priced it (kept internal; the answer names one rule for the image). */
  rule: PriceRule;
}

/** What changes an image's price from the shop's rule: its own price and the buyer's licence. */
export interface PriceAdjustments {
  image?: ImagePrice | null;
  /** The licence's multiplier (100 = ×1); absent: no licence. */
  licencePercent?: number;
}

interface Quote {
  currency: string;
  options: QuoteOption[];
}

// creditsPerMegapixel as an integer count of millionths, so credits are an exact ceiling.
const CPM_PRECISION = 1_000_000n;
const PIXELS_PER_MEGAPIXEL = 1_000_000n;

function assertSettings(settings: PricingSettings): void {
  assertInteger(settings.markupPercent, 'markupPercent', 0);
  assertInteger(settings.minimumPrice, 'minimumPrice', 0);
  assertInteger(settings.creditPrice, 'creditPrice', 0);
  const cpm = settings.creditsPerMegapixel;
  if (typeof cpm !== 'number' || !Number.isFinite(cpm) || cpm <= 0) {
    throw new RangeError(`creditsPerMegapixel must be a positive number, got ${String(cpm)}`);
  }
  if (settings.localAiPricePerMegapixel !== undefined)
    assertInteger(settings.localAiPricePerMegapixel, 'localAiPricePerMegapixel', 0);
  for (const [res, price] of Object.entries(settings.localAiFlatPrices ?? {}))
    assertInteger(price, `localAiFlatPrices.${res}`, 0);
}

/** Local-AI price before the minimum: the flat price of the resolution, or per output megapixel. */
function localAiBase(pixels: bigint, resolution: string, settings: PricingSettings): bigint {
  const flat =
    settings.localAiPricingMode === 'flat' ? settings.localAiFlatPrices?.[resolution] : undefined;
  if (flat !== undefined) return BigInt(flat);
  const perMegapixel = BigInt(
    settings.localAiPricePerMegapixel ?? DEFAULT_LOCAL_AI_PRICE_PER_MEGAPIXEL,
  );
  return ceilDiv(pixels * perMegapixel, PIXELS_PER_MEGAPIXEL);
}

/** Ceiling of a / b for non-negative bigints. */
function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

function roundUpToStep(value: bigint, step: bigint): bigint {
  return ceilDiv(value, step) * step;
}

/** round_half_up(value × percent / 100). */
function percentOf(value: bigint, percent: number): bigint {
  return (value * BigInt(percent) + 50n) / 100n;
}

/**
 * The shop's price `marked` (before any minimum) turned into what the buyer pays: the image's
 * fixed price or multiplier, the minimum (the owner's one not for a fixed price), the
 * currency step, then the licence multiplier and the same minimum and step again.
 */
function adjusted(
  marked: bigint,
  resolution: string,
  settings: PricingSettings,
  { image, licencePercent }: PriceAdjustments,
): { amount: bigint; rule: PriceRule } {
  const fixed = image?.fixedPrices?.[resolution];
  const multiplier = image?.multiplierPercent ?? null;
  if (fixed !== undefined) assertInteger(fixed, `fixedPrices.${resolution}`, 0);
  if (multiplier !== null) assertInteger(multiplier, 'multiplierPercent', 1);
  if (licencePercent !== undefined) assertInteger(licencePercent, 'licencePercent', 1);
  const rule: PriceRule =
    fixed !== undefined ? 'image_fixed' : multiplier !== null ? 'image_multiplier' : 'default';
  const stripeMinimum = BigInt(minimumChargeFor(settings.currency));
  const ownerMinimum = BigInt(settings.minimumPrice);
  const floor =
    rule === 'image_fixed' || ownerMinimum < stripeMinimum ? stripeMinimum : ownerMinimum;
  const step = BigInt(amountStep(settings.currency));
  const finish = (value: bigint) => roundUpToStep(value > floor ? value : floor, step);
  const base =
    fixed !== undefined
      ? BigInt(fixed)
      : multiplier !== null
        ? percentOf(marked, multiplier)
        : marked;
  const imagePrice = finish(base);
  const amount =
    licencePercent === undefined ? imagePrice : finish(percentOf(imagePrice, licencePercent));
  return { amount, rule };
}

/**
 * Why the upscaler cannot make an option: it cannot run at all, or the original or the
 * result is beyond what it declares (upscalers `UPSCALER_LIMITS`). Null when it can.
 */
function upscalerRefusal(
  inputPixels: bigint,
  outputPixels: bigint,
  scale: number,
  upscaler: UpscalerCapability | null,
): PriceUnavailableReason | null {
  if (!upscaler?.ready) return 'upscaler_not_configured';
  const { maxInputPixels, maxOutputPixels, maxScale } = upscaler.limits;
  if (maxInputPixels !== null && inputPixels > BigInt(maxInputPixels))
    return 'exceeds_upscaler_input';
  if (scale > maxScale || (maxOutputPixels !== null && outputPixels > BigInt(maxOutputPixels)))
    return 'exceeds_upscaler_output';
  return null;
}

/**
 * Prices one resolution of a `width`×`height` original. Throws a RangeError for a
 * resolution that `parseResolution` rejects, non-positive dimensions or invalid settings.
 * With `upscaler` (what the chosen provider can do; null: nothing) an option it cannot
 * make is unavailable; without it only the settings and Stripe limit the options.
 */
export function quoteOption(
  width: number,
  height: number,
  resolution: string,
  settings: PricingSettings,
  upscaler?: UpscalerCapability | null,
  adjustments: PriceAdjustments = {},
): QuoteOption {
  assertSize(width, height);
  assertSettings(settings);
  const scale = parseResolution(resolution);
  if (scale === null) throw new RangeError(`Unsupported resolution: ${resolution}`);

  const outWidth = width * scale;
  const outHeight = height * scale;
  const pixels = BigInt(outWidth) * BigInt(outHeight);
  let credits = 0n;
  let cost = 0n;
  let marked: bigint;
  if (settings.upscaler === 'local-ai') {
    marked = localAiBase(pixels, resolution, settings);
  } else {
    const cpmMicro = BigInt(Math.round(settings.creditsPerMegapixel * Number(CPM_PRECISION)));
    const exactCredits = ceilDiv(pixels * cpmMicro, PIXELS_PER_MEGAPIXEL * CPM_PRECISION);
    credits = exactCredits > 1n ? exactCredits : 1n;
    cost = credits * BigInt(settings.creditPrice);
    marked = (cost * BigInt(100 + settings.markupPercent) + 50n) / 100n; // half up
  }
  const { amount, rule } = adjusted(marked, resolution, settings, adjustments);

  const megapixels = Number((pixels + 5_000n) / 10_000n) / 100;
  const exceedsOutput =
    settings.maxOutputMegapixels !== null &&
    pixels > BigInt(Math.floor(settings.maxOutputMegapixels * 1e6));
  const exceedsStripe = amount > BigInt(STRIPE_MAXIMUM_AMOUNT);
  // Beyond Stripe's ceiling the number is meaningless for checkout; clamp so it stays a safe integer.
  const shownAmount = Number(exceedsStripe ? BigInt(STRIPE_MAXIMUM_AMOUNT) : amount);
  const refused =
    upscaler === undefined
      ? null
      : upscalerRefusal(BigInt(width) * BigInt(height), pixels, scale, upscaler);

  const option: QuoteOption = {
    resolution,
    scale,
    width: outWidth,
    height: outHeight,
    megapixels,
    credits: Number(credits),
    cost: Number(cost),
    amount: shownAmount,
    formatted: formatMoney(shownAmount, settings.currency),
    available: !refused && !exceedsOutput && !exceedsStripe,
    rule,
  };
  if (refused) option.reason = refused;
  else if (exceedsOutput) option.reason = 'exceeds_max_output';
  else if (exceedsStripe) option.reason = 'exceeds_stripe_maximum';
  return option;
}

/**
 * The rule an answer names for the image (docs/architecture.md "Money rules"): its multiplier
 * when that priced any option, else its fixed price when that priced any, else the shop's.
 */
export function answerRule(options: ReadonlyArray<Pick<QuoteOption, 'rule'>>): PriceRule {
  if (options.some((o) => o.rule === 'image_multiplier')) return 'image_multiplier';
  if (options.some((o) => o.rule === 'image_fixed')) return 'image_fixed';
  return 'default';
}

/**
 * Every offered resolution, sorted by scale; resolutions `parseResolution` rejects are
 * skipped. `upscaler` as in `quoteOption`.
 */
export function quote(
  width: number,
  height: number,
  settings: PricingSettings,
  upscaler?: UpscalerCapability | null,
  adjustments: PriceAdjustments = {},
): Quote {
  const offered = [...new Set(settings.resolutions)]
    .filter((res) => parseResolution(res) !== null)
    .sort(byScale);
  return {
    currency: settings.currency,
    options: offered.map((res) => quoteOption(width, height, res, settings, upscaler, adjustments)),
  };
}
