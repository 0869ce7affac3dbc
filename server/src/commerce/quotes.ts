/**
 * What an image sells for (`GET /prices`, and the price checkout charges): the file must
 * exist and be for sale under the current settings and its rule; the quote is computed
 * on the server from the settings every time (the client never sends a price), kept per
 * settings snapshot. An option the chosen upscaler cannot make (its declared limits, or
 * it is not configured) is not offered, nor, with local-ai, one expected to outlast the
 * processing timeout on this machine: each would end in a refund and its Stripe fees.
 */
import { LRUCache } from 'lru-cache';
import type { PriceOption, PricesAnswer, UpscalerView } from '../../../shared/contracts/prices';
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
import { quote, type QuoteOption } from './pricing';

/** A priced option; local-ai adds the expected processing time on this machine once calibrated. */
export type PricedOption = QuoteOption & { expectedSeconds?: number };

export interface Priced {
  currency: string;
  options: PricedOption[];
}

/** A sellable image: a file for sale, with its dimensions. */
export type SellableFile = MediaFile & { width: number; height: number };
type Dimensions = Pick<SellableFile, 'id' | 'width' | 'height'>;

/** The one answer for a file that is unknown or not for sale. */
const NOT_FOR_SALE = 'No image for sale with this id';

const QUOTES_PER_SNAPSHOT = 10_000;

/** The fields visitors see (credits and cost stay internal). */
export function publicOption(option: PricedOption): PriceOption {
  const { credits: _credits, cost: _cost, ...shown } = option;
  return shown;
}

export function createQuotes(deps: {
  settings: SettingsService;
  catalog: Catalog;
  localAi?: LocalAiService;
}) {
  const { localAi } = deps;
  // Quotes depend only on the file and the settings: kept per settings snapshot.
  const snapshots = new WeakMap<EffectiveSettings, LRUCache<number, Priced>>();
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
    const known = cache.get(file.id);
    if (known) return known;
    const base = quote(file.width, file.height, settings, capabilityOf(settings));
    const answer =
      settings.upscaler === 'local-ai'
        ? { ...base, options: await Promise.all(base.options.map((o) => timed(file, settings, o))) }
        : base;
    cache.set(file.id, answer);
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
    return { file: { ...file, width: file.width ?? 0, height: file.height ?? 0 }, settings };
  }

  return {
    sellableFile,
    priced,
    upscalerView,

    /** `GET /prices`: computed on the server every time; the client never sends a price. */
    async prices(fileId: string): Promise<PricesAnswer> {
      const { file, settings } = await sellableFile(fileId);
      const { currency, options } = await priced(file, settings);
      const upscaler = upscalerView(settings);
      return {
        fileId,
        original: { width: file.width, height: file.height },
        currency,
        options: options.map(publicOption),
        ...(upscaler ? { upscaler } : {}),
      };
    },
  };
}

export type Quotes = ReturnType<typeof createQuotes>;
