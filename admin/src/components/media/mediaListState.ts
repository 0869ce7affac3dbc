/**
 * The sellable media list's search, folder and page: what the URL query string holds
 * (`?q=&folder=<id>|root&page=&pageSize=`), with the server's limits
 * (server/src/controllers/admin-media.ts, server/src/services/media-library.ts).
 */

/** Largest `pageSize` `GET /media` accepts (`MEDIA_PAGE_SIZE_MAX` on the server). */
export const MEDIA_PAGE_SIZE_MAX = 100;
/** Most file ids one `PUT /media/sale` accepts (`MEDIA_BULK_MAX` on the server). */
export const MEDIA_BULK_MAX = 100;
/** Page sizes offered next to the pagination (a multiple of the grid's 4, 2 and 1 columns). */
export const MEDIA_PAGE_SIZES: readonly number[] = [12, 24, 48, 96].filter(
  (size) => size <= MEDIA_PAGE_SIZE_MAX,
);
export const DEFAULT_MEDIA_PAGE_SIZE = 24;

const Q_MAX = 200;
const PAGE_MAX = 1_000_000;
const FOLDER_ID_MAX = 2_147_483_647;

export interface MediaListState {
  q: string;
  /** '' = every folder, 'root' = outside any folder, otherwise a folder id. */
  folder: string;
  page: number;
  pageSize: number;
}

export const DEFAULT_MEDIA_LIST_STATE: MediaListState = {
  q: '',
  folder: '',
  page: 1,
  pageSize: DEFAULT_MEDIA_PAGE_SIZE,
};

/** A positive integer written the way the server reads it (digits only, no sign, no exponent). */
function positiveInt(value: string | null, max: number): number | null {
  if (value === null || !/^\d{1,9}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= max ? n : null;
}

/**
 * Reads the state from the URL. A hand-edited or stale value falls back to its default,
 * so a bookmarked URL never turns into a 400 from the API.
 */
export function readMediaListState(params: URLSearchParams): MediaListState {
  const folder = params.get('folder');
  const pageSize = positiveInt(params.get('pageSize'), MEDIA_PAGE_SIZE_MAX);
  return {
    q: (params.get('q') ?? '').trim().slice(0, Q_MAX),
    folder: folder === 'root' ? 'root' : (positiveInt(folder, FOLDER_ID_MAX)?.toString() ?? ''),
    page: positiveInt(params.get('page'), PAGE_MAX) ?? 1,
    pageSize:
      pageSize !== null && MEDIA_PAGE_SIZES.includes(pageSize) ? pageSize : DEFAULT_MEDIA_PAGE_SIZE,
  };
}

/** Writes the state to a query string, leaving defaults out so URLs stay short. */
export function writeMediaListState(state: MediaListState): URLSearchParams {
  const params = new URLSearchParams();
  const q = state.q.trim().slice(0, Q_MAX);
  if (q) params.set('q', q);
  if (state.folder) params.set('folder', state.folder);
  if (state.pageSize !== DEFAULT_MEDIA_PAGE_SIZE) params.set('pageSize', String(state.pageSize));
  if (state.page !== 1) params.set('page', String(state.page));
  return params;
}

/** `ids` in runs of at most `size` (one bulk request each). */
export function chunk<T>(ids: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}
