/** Shapes of the admin media API (server/src/controllers/admin-media.ts). */

export type SaleMode = 'all' | 'opt-in' | 'opt-out';
export type NotForSaleReason = 'not_an_image' | 'too_small' | 'not_opted_in' | 'opted_out';

export interface SaleState {
  rule: boolean | null;
  forSale: boolean;
  reason?: NotForSaleReason;
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
  folder: { id: number; name: string; path: string } | null;
}

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

export interface MediaList {
  saleMode: SaleMode;
  results: MediaItem[];
  pagination: Pagination;
}

export interface MediaFolder {
  id: number;
  name: string;
  path: string;
  label: string;
}

export interface BulkAnswer {
  saleMode: SaleMode;
  results: Array<SaleState & { id: number }>;
}

export interface EntryPrice {
  resolution: string;
  amount: number;
  formatted: string;
  available: boolean;
  reason?: string;
}

export interface EntryImage extends SaleState {
  fileId: number;
  documentId: string;
  field: string;
  name: string;
  thumbnailUrl: string;
  width: number | null;
  height: number | null;
  prices: EntryPrice[];
}

export interface EntryMedia {
  saleMode: SaleMode;
  currency: string;
  mediaFields: string[];
  images: EntryImage[];
}
