/**
 * Answers of the sellable-media admin API (`/sell-my-images/media…`) and of the Content
 * Manager side panel (`/sell-my-images/entries/:model/:documentId/media`).
 */
import type { Pagination } from './pagination';
import type { NotForSaleReason, PriceOption } from './prices';
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
}

/** `GET /entries/:model/:documentId/media?locale&status` → `data`. */
export interface EntryMedia {
  saleMode: SaleMode;
  currency: string;
  /** The content type's media attributes: empty when it has none (the panel then shows nothing). */
  mediaFields: string[];
  images: EntryImage[];
}
