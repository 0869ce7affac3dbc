/**
 * The sellable media list in the URL query string (`?q&folder=<id>|root&page&pageSize`),
 * within the server's limits (shared/contracts/media).
 */
import { MEDIA_PAGE_SIZE_MAX, MEDIA_PAGE_SIZES } from '../../../../shared/contracts/media';
import type { MediaQuery } from '../../api/media';
import type { ListParams } from '../../hooks/useListParams';

/** Page sizes offered next to the pager (multiples of the grid's 4, 2 and 1 columns). */
const PAGE_SIZES: readonly number[] = MEDIA_PAGE_SIZES;
const DEFAULT_PAGE_SIZE = 24;

const Q_MAX = 200;
const PAGE_MAX = 1_000_000;
const FOLDER_ID_MAX = 2_147_483_647;

/** A positive integer written the way the server reads it (digits only, no sign, no exponent). */
function positiveInt(value: unknown, max: number): number | null {
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= max ? n : null;
}

export const mediaListParams: ListParams<MediaQuery> = {
  read(query) {
    const pageSize = positiveInt(query.pageSize, MEDIA_PAGE_SIZE_MAX);
    return {
      q: (typeof query.q === 'string' ? query.q : '').trim().slice(0, Q_MAX),
      folder:
        query.folder === 'root'
          ? 'root'
          : (positiveInt(query.folder, FOLDER_ID_MAX)?.toString() ?? ''),
      page: positiveInt(query.page, PAGE_MAX) ?? 1,
      pageSize: pageSize !== null && PAGE_SIZES.includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
    };
  },
  write(state) {
    return {
      q: state.q.trim().slice(0, Q_MAX) || undefined,
      folder: state.folder || undefined,
      pageSize: state.pageSize === DEFAULT_PAGE_SIZE ? undefined : String(state.pageSize),
      page: state.page === 1 ? undefined : String(state.page),
    };
  },
};
