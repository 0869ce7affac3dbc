import type { Core } from '@strapi/strapi';
import { LRUCache } from 'lru-cache';
import { findMediaFile, type MediaFile } from './files';
import type { PublishedUse } from './published-use';
import type { ImagePrice } from '../../../shared/contracts/media';
import type { ImagePricesService } from './image-prices';
import type { SaleRulesService } from './sale-rules';
import type { CacheStamps } from '../settings/cache-stamps';

/**
 * Read-through cache of what the public routes ask about a file: its metadata, its sale
 * rule, its own price and whether a published entry uses it. Cleared on any media-library change, rule
 * or image price change, or content change (lifecycles); the change also moves the `catalog` stamp
 * (settings/cache-stamps), so other instances clear theirs within about a second.
 */
const CATALOG_TTL_MS = 10_000;
const CATALOG_MAX_ENTRIES = 10_000;

export interface CatalogEntry {
  file: MediaFile;
  rule: boolean | null;
  /** A published entry uses the file (media/published-use). */
  published: boolean;
  /** Its own price (media/image-prices); both fields null: the shop's rule. */
  price: ImagePrice;
}

export function createCatalog(
  strapi: Core.Strapi,
  deps: {
    saleRules: SaleRulesService;
    imagePrices: ImagePricesService;
    publishedUse: PublishedUse;
    cacheStamps: CacheStamps;
  },
) {
  const cache = new LRUCache<string, CatalogEntry>({
    max: CATALOG_MAX_ENTRIES,
    ttl: CATALOG_TTL_MS,
  });
  let seenStamp: string | null = null;
  return {
    /** The file, its rule and its published use, or null when there is no such file (misses are not cached). */
    async lookup(fileId: string): Promise<CatalogEntry | null> {
      const stamp = await deps.cacheStamps.current('catalog');
      if (stamp !== seenStamp) {
        cache.clear();
        seenStamp = stamp;
      }
      const cached = cache.get(fileId);
      if (cached) return cached;
      const file = await findMediaFile(strapi, fileId);
      if (!file) return null;
      const [rule, published, price] = await Promise.all([
        deps.saleRules.ruleFor(file.id),
        deps.publishedUse.usedByPublished([file.id]),
        deps.imagePrices.priceFor(file.id),
      ]);
      const entry = { file, rule, published: published.has(file.id), price };
      cache.set(fileId, entry);
      return entry;
    },
    /** Drops the cache here and, through the stamp, on every other instance. */
    invalidate(): void {
      cache.clear();
      deps.cacheStamps.bump('catalog').catch((error: Error) => {
        strapi.log.warn(
          `[sell-my-images] other instances not told of a catalog change: ${error.message}`,
        );
      });
    },
  };
}

export type Catalog = ReturnType<typeof createCatalog>;
