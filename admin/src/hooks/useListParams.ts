import { useCallback, useEffect, useMemo } from 'react';
import { useQueryParams } from '@strapi/strapi/admin';

type Query = Record<string, unknown>;

/** How one list's state reads from and writes to the URL query string. */
export interface ListParams<S extends { page: number }> {
  /** The state in a parsed query; a missing, hand-edited or stale value falls back to its default. */
  read(query: Query): S;
  /** Every key of the list for a state, `undefined` for a default (left out, so URLs stay short). */
  write(state: S): Record<string, string | undefined>;
}

const sameParams = (a: Record<string, string | undefined>, b: Record<string, string | undefined>) =>
  Object.keys({ ...a, ...b }).every((key) => a[key] === b[key]);

/**
 * A list's filters, search, sort, page and page size kept in the URL through Strapi's
 * `useQueryParams`, so a reload, the back button or a shared link shows the same list.
 * A bookmarked bad value falls back to its default (no 400 from the API); changing anything
 * but the page goes back to page 1; `replace` keeps e.g. search keystrokes out of the
 * history; a change that leaves the list as it is adds no history entry.
 */
export function useListParams<S extends { page: number }>(params: ListParams<S>) {
  const [{ query }, setQuery] = useQueryParams<Query>();
  const state = useMemo(() => params.read(query), [params, query]);

  const update = useCallback(
    (change: Partial<S>, { replace = false }: { replace?: boolean } = {}) => {
      const resetsPage = (Object.keys(change) as Array<keyof S>).some(
        (key) => key !== 'page' && change[key] !== state[key],
      );
      const next = params.write({ ...state, ...(resetsPage ? { page: 1 } : {}), ...change });
      if (sameParams(next, params.write(state))) return;
      // Strapi writes the query unencoded: values are encoded here; keys of other lists are dropped.
      const written: Query = Object.fromEntries(Object.keys(query).map((key) => [key, undefined]));
      for (const [key, value] of Object.entries(next))
        written[key] = value === undefined ? undefined : encodeURIComponent(value);
      setQuery(written, 'push', replace);
    },
    [params, query, setQuery, state],
  );

  return { state, update };
}

/**
 * A stale link past the last page (items were removed, the page size grew): once the answer
 * for this very page says how many there are, go to the last one, replacing the entry.
 */
export function useLastPageBound(
  page: number,
  pageCount: number | undefined,
  goTo: (page: number) => void,
) {
  useEffect(() => {
    if (pageCount && page > pageCount) goTo(pageCount);
  }, [page, pageCount, goTo]);
}
