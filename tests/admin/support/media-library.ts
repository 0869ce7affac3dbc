/**
 * A fake of the admin media API (server/src/controllers/admin-media) for the media page's
 * tests, meant to be imported whole: `mediaApi.serve(…)`, `mediaApi.bulkBodies()`.
 */
import type { ImagePrice } from '../../../shared/contracts/media';
import type { SaleMode } from '../../../shared/contracts/settings';
import { waitFor } from '@testing-library/react';
import { adminState, mockApi, type FakeRequest, type FakeResponse } from './admin-test-state';

export interface LibraryImage {
  id: number;
  name: string;
  width?: number | null;
  height?: number | null;
  /** The folder the image is in; none: outside any folder. */
  folder?: number;
  rule: boolean | null;
  forSale: boolean;
  reason?: string;
  /** Its own price (none unless said). */
  price?: ImagePrice;
}

export const FOLDERS = [
  { id: 3, name: 'Sky', path: '/3', label: 'Sky' },
  { id: 7, name: 'Holidays', path: '/7', label: 'Holidays' },
];

interface LibraryOptions {
  saleMode?: SaleMode;
  /** Answers the `call`-th bulk change instead of the library (e.g. with a failure); `undefined` lets it through. */
  bulk?: (request: FakeRequest, call: number) => FakeResponse | undefined;
}

/**
 * The images of `items` (1200 × 800 px unless said), searched by name, filtered by folder
 * (`root`: outside any), paged by `pageSize`; a bulk change answers the states it sets
 * (those of opt-in mode).
 */
export function serve(items: LibraryImage[], { saleMode = 'opt-in', bulk }: LibraryOptions = {}) {
  let bulkCalls = 0;
  mockApi({
    'GET /sell-my-images/media': (request: FakeRequest) => {
      const params = (request.params ?? {}) as {
        q?: string;
        folder?: string;
        page?: number;
        pageSize?: number;
      };
      const page = Number(params.page ?? 1);
      const pageSize = Number(params.pageSize ?? 24);
      const q = params.q?.toLowerCase();
      let matching = items.filter((item) => !q || item.name.toLowerCase().includes(q));
      if (params.folder === 'root') matching = matching.filter((item) => item.folder === undefined);
      else if (params.folder)
        matching = matching.filter((item) => item.folder === Number(params.folder));
      const results = matching
        .slice((page - 1) * pageSize, page * pageSize)
        .map(({ folder: _folder, ...item }) => ({
          width: 1200,
          height: 800,
          price: { fixedPrices: null, multiplierPercent: null },
          ...item,
          documentId: `doc${item.id}`,
          url: `/uploads/${item.name}`,
          thumbnailUrl: `/uploads/thumbnail_${item.name}`,
          mime: 'image/png',
          folder: null,
        }));
      const pagination = {
        page,
        pageSize,
        pageCount: Math.ceil(matching.length / pageSize),
        total: matching.length,
      };
      return { body: { data: { saleMode, results, pagination } } };
    },
    'GET /sell-my-images/media/folders': { data: FOLDERS },
    'PUT /sell-my-images/media/sale': (request: FakeRequest) => {
      bulkCalls += 1;
      const answer = bulk?.(request, bulkCalls);
      if (answer) return answer;
      const { fileIds, forSale } = request.body as { fileIds: number[]; forSale: boolean | null };
      const results = fileIds.map((id) =>
        forSale
          ? { id, rule: true, forSale: true }
          : { id, rule: forSale, forSale: false, reason: 'not_opted_in' },
      );
      return { body: { data: { saleMode, results } } };
    },
  });
}

/** The image list requests, oldest first. */
export const listRequests = () =>
  adminState.requests.filter((r) => r.method === 'GET' && r.url === '/sell-my-images/media');

/** The query of the last image list request. */
export const lastListParams = () => listRequests().at(-1)?.params as Record<string, unknown>;

/** The bodies of the bulk changes sent, oldest first. */
export const bulkBodies = () =>
  adminState.requests
    .filter((r) => r.method === 'PUT' && r.url === '/sell-my-images/media/sale')
    .map((r) => r.body as { fileIds: number[]; forSale: boolean | null });

/** Waits until the last image list request asked for `params`. */
export const waitForListParams = (params: Record<string, unknown>) =>
  waitFor(() => expect(lastListParams()).toEqual(params));
