/**
 * Answers of the sellable-media admin API (`/sell-my-images/media…`) and of the Content
 * Manager side panel (`/sell-my-images/entries/:model/:documentId/media`).
 */
import type { Pagination } from './pagination';
import type { NotForSaleReason, PriceOption, PriceRule } from './prices';
import type { SaleMode } from './settings';

export const MEDIA_PAGE_SIZES = [12, 24, 48, 96] as const;
export const MEDIA_PAGE_SIZE_MAX = 100;
/** Files one bulk sale change may name. */
export const MEDIA_BULK_MAX = 100;

export interface SaleState {
  /** The per-file choice: true (on), false (off), null (the sale mode decides). */
  rule: boolean | null;
  /** What GET /prices answers for this file right now. */
  forSale: boolean;
  reason?: NotForSaleReason;
}

/**
 * An image's own price (premium photos): a fixed price per resolution, or a multiplier of
 * the shop's rule. A fixed price beats the multiplier; a resolution without a fixed price
 * uses the multiplier (or the shop's rule). Both null: the shop's rule.
 */
export interface ImagePrice {
  /** Minor units per resolution, e.g. `{ "4x": 1500 }`; null: none. */
  fixedPrices: Record<string, number> | null;
  /** 250 = 2.5 × the shop's price; null: none. */
  multiplierPercent: number | null;
}

/** `PUT /media/:fileId/price` body (both null clears it) → `data`: `ImagePriceAnswer`. */
export type ImagePriceRequest = ImagePrice;
export interface ImagePriceAnswer extends ImagePrice {
  fileId: number;
}

export interface MediaFolderRef {
  id: number;
  name: string;
  path: string;
}

/** `GET /media/folders` → `data[]`. */
export interface MediaFolder extends MediaFolderRef {
  /** The folder's names from the root, e.g. `Photos / 2024` (`path` is Strapi's id path `/1/4`). */
  label: string;
}

export interface MediaItem extends SaleState {
  id: number;
  documentId: string;
  name: string;
  url: string;
  thumbnailUrl: string;
  width: number | null;
  height: number | null;
  mime: string;
  folder: MediaFolderRef | null;
  /** Its own price, if the owner set one. */
  price: ImagePrice;
}

/** `GET /media?q&folder&page&pageSize` → `data`. */
export interface MediaList {
  saleMode: SaleMode;
  results: MediaItem[];
  pagination: Pagination;
}

/** `PUT /media/sale` → `data`. */
export interface BulkSaleAnswer {
  saleMode: SaleMode;
  results: Array<SaleState & { id: number }>;
}

/** `PUT /media/:fileId/sale` → `data`. */
export interface SaleRuleAnswer {
  fileId: number;
  forSale: boolean | null;
}

export type EntryPrice = Pick<
  PriceOption,
  'resolution' | 'scale' | 'width' | 'height' | 'amount' | 'formatted' | 'available' | 'reason'
>;

export interface EntryImage extends SaleState {
  fileId: number;
  documentId: string;
  field: string;
  name: string;
  url: string;
  thumbnailUrl: string;
  mime: string;
  width: number | null;
  height: number | null;
  /** What GET /prices quotes for it (also for images not for sale: the price they would have). */
  prices: EntryPrice[];
  /** Its own price, if the owner set one, and the rule that priced `prices`. */
  price: ImagePrice;
  priceRule: PriceRule;
}

/** `GET /entries/:model/:documentId/media?locale&status` → `data`. */
export interface EntryMedia {
  saleMode: SaleMode;
  currency: string;
  /** The content type's media attributes: empty when it has none (the panel then shows nothing). */
  mediaFields: string[];
  images: EntryImage[];
}
