/**
 * What an image sells for (`GET /prices`, and the price checkout charges): the file must
 * exist and be for sale under the current settings and its rule; the quote is computed
 * on the server from the settings every time (the client never sends a price), kept per
 * settings snapshot and image price (docs/architecture.md "Money rules"). An option the chosen upscaler cannot make (its declared limits, or
 * it is not configured) is not offered, nor, with local-ai, one expected to outlast the
 * processing timeout on this machine: each would end in a refund and its Stripe fees.
 */
import { LRUCache } from 'lru-cache';
import type { ImagePrice } from '../../../shared/contracts/media';
import type {
  LicenceOffer,
  PriceOption,
  PriceRule,
  PricesAnswer,
  UpscalerView,
} from '../../../shared/contracts/prices';
import type { Licence } from '../../../shared/contracts/settings-commerce';
import type { Catalog } from '../media/catalog';
import { isNumericFileId, type MediaFile } from '../media/files';
import { decideSale } from '../media/sale-rules';
import type { EffectiveSettings, SettingsService } from '../settings/settings';
import {
  isUpscalerName,
  upscalerCapability,
  UPSCALER_LABELS,
  type UpscalerCapability,
} from '../upscalers';
import type { LocalAiService } from '../upscalers/local-ai/service';
import { errors } from '../utils/errors';
import { answerRule, quote, type QuoteOption } from './pricing';

/** A priced option; local-ai adds the expected processing time on this machine once calibrated. */
export type PricedOption = QuoteOption & { expectedSeconds?: number };

/** One licence tier with its options priced. */
export interface LicencePriced {
  licence: Licence;
  options: PricedOption[];
}

export interface Priced {
  currency: string;
  /** Without licences: the prices; with licences: the first licence's. */
  options: PricedOption[];
  /** Which rule priced the image (`answerRule`). */
  priceRule: PriceRule;
  /** Present when the shop defines licences: each with its options. */
  licences?: LicencePriced[];
}

/** A sellable image: a file for sale, with its dimensions and its own price. */
export type SellableFile = MediaFile & { width: number; height: number; price: ImagePrice };
type Dimensions = Pick<SellableFile, 'id' | 'width' | 'height'> & { price?: ImagePrice | null };

/** The one answer for a file that is unknown or not for sale. */
const NOT_FOR_SALE = 'No image for sale with this id';

const QUOTES_PER_SNAPSHOT = 10_000;

/** The fields visitors see (credits and cost stay internal). */
export function publicOption(option: PricedOption): PriceOption {
  const { credits: _credits, cost: _cost, rule: _rule, ...shown } = option;
  return shown;
}

/** The cache key of a file under one settings snapshot: its id and its own price. */
const cacheKey = (file: Dimensions): string =>
  `${file.id}:${file.price ? JSON.stringify(file.price) : ''}`;

function licenceOffer({ licence, options }: LicencePriced): LicenceOffer {
  return {
    id: licence.id,
    name: licence.name,
    multiplierPercent: licence.multiplierPercent,
    text: licence.text,
    options: options.map(publicOption),
  };
}

export function createQuotes(deps: {
  settings: SettingsService;
  catalog: Catalog;
  localAi?: LocalAiService;
}) {
  const { localAi } = deps;
  // Quotes depend on the file, its own price (in the key: a change shows at once) and the settings.
  const snapshots = new WeakMap<EffectiveSettings, LRUCache<string, Priced>>();
  const capabilities = new WeakMap<EffectiveSettings, UpscalerCapability | null>();

  /** What the chosen upscaler can make under these settings (checked once per snapshot). */
  function capabilityOf(settings: EffectiveSettings): UpscalerCapability | null {
    if (!capabilities.has(settings)) capabilities.set(settings, upscalerCapability(settings));
    return capabilities.get(settings) ?? null;
  }

  async function timed(file: Dimensions, settings: EffectiveSettings, option: QuoteOption) {
    if (!localAi) return option;
    const seconds = await localAi.expectedSeconds(settings, file.width, file.height, option.scale);
    if (seconds === null) return option;
    const tooSlow = option.available && seconds > settings.processingTimeoutMinutes * 60;
    return tooSlow
      ? {
          ...option,
          expectedSeconds: seconds,
          available: false,
          reason: 'exceeds_processing_time' as const,
        }
      : { ...option, expectedSeconds: seconds };
  }

  /** The options of an image (for sale or not: the admin's side panel shows what it would cost). */
  async function priced(file: Dimensions, settings: EffectiveSettings): Promise<Priced> {
    let cache = snapshots.get(settings);
    if (!cache) snapshots.set(settings, (cache = new LRUCache({ max: QUOTES_PER_SNAPSHOT })));
    const key = cacheKey(file);
    const known = cache.get(key);
    if (known) return known;
    const optionsFor = async (licencePercent?: number): Promise<PricedOption[]> => {
      const adjustments = { image: file.price, licencePercent };
      const { options } = quote(
        file.width,
        file.height,
        settings,
        capabilityOf(settings),
        adjustments,
      );
      return settings.upscaler === 'local-ai'
        ? Promise.all(options.map((o) => timed(file, settings, o)))
        : options;
    };
    const licences = await Promise.all(
      settings.licences.map(async (licence) => ({
        licence,
        options: await optionsFor(licence.multiplierPercent),
      })),
    );
    const options = licences[0]?.options ?? (await optionsFor());
    const answer: Priced = {
      currency: settings.currency,
      options,
      priceRule: answerRule(options),
      ...(licences.length > 0 ? { licences } : {}),
    };
    cache.set(key, answer);
    return answer;
  }

  function upscalerView(settings: EffectiveSettings): UpscalerView | undefined {
    if (settings.upscaler === 'local-ai' && localAi) return localAi.describe(settings);
    return isUpscalerName(settings.upscaler)
      ? { name: settings.upscaler, label: UPSCALER_LABELS[settings.upscaler] }
      : undefined;
  }

  /**
   * The file, if it exists and may be sold under the current settings. An unknown file
   * and one not for sale answer the same 404 (docs/architecture.md "Security model"):
   * the public routes do not tell which files exist; the admin's views give the reason.
   * A numeric id is looked up only when the owner accepts them (`acceptNumericFileIds`).
   */
  async function sellableFile(
    fileId: string,
  ): Promise<{ file: SellableFile; settings: EffectiveSettings }> {
    const settings = await deps.settings.get();
    const entry =
      isNumericFileId(fileId) && !settings.acceptNumericFileIds
        ? null
        : await deps.catalog.lookup(fileId);
    if (!entry || !decideSale(entry.file, settings, entry.rule, entry.published).forSale) {
      throw new errors.NotFoundError(NOT_FOR_SALE);
    }
    const { file } = entry;
    // decideSale refuses files without dimensions ('not_an_image').
    return {
      file: { ...file, width: file.width ?? 0, height: file.height ?? 0, price: entry.price },
      settings,
    };
  }

  return {
    sellableFile,
    priced,
    upscalerView,

    /** `GET /prices`: computed on the server every time; the client never sends a price. */
    async prices(fileId: string): Promise<PricesAnswer> {
      const { file, settings } = await sellableFile(fileId);
      const { currency, options, priceRule, licences } = await priced(file, settings);
      const upscaler = upscalerView(settings);
      return {
        fileId,
        original: { width: file.width, height: file.height },
        currency,
        options: options.map(publicOption),
        ...(upscaler ? { upscaler } : {}),
        priceRule,
        ...(licences ? { licences: licences.map(licenceOffer) } : {}),
        ...(settings.tax === 'stripe_tax' ? { tax: { behavior: settings.taxBehavior } } : {}),
      };
    },
  };
}

export type Quotes = ReturnType<typeof createQuotes>;
