import { useCallback, useEffect, useState } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { API, apiFailure } from '../../utils/api';
import type { MediaItem, MediaList, SaleState } from './types';

export interface MediaQuery {
  q: string;
  /** '' = every folder, 'root' = outside any folder, otherwise a folder id. */
  folder: string;
  page: number;
  pageSize: number;
}

interface ListState {
  data: MediaList | null;
  loading: boolean;
  error: string | null;
  /** The query `data` answers (see `keyOf`). */
  key: string | null;
}

const keyOf = (query: MediaQuery) =>
  JSON.stringify([query.q, query.folder, query.page, query.pageSize]);

/**
 * The page of images for a query. The last page stays on screen while the next one
 * loads, and answers to superseded queries are dropped.
 */
export function useMediaList(query: MediaQuery) {
  const { get } = useFetchClient();
  const [state, setState] = useState<ListState>({
    data: null,
    loading: true,
    error: null,
    key: null,
  });
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    let current = true;
    setState((prev) => ({ ...prev, loading: true, error: null }));
    const params: Record<string, string | number> = { page: query.page, pageSize: query.pageSize };
    if (query.q) params.q = query.q;
    if (query.folder) params.folder = query.folder;
    const key = keyOf({
      q: query.q,
      folder: query.folder,
      page: query.page,
      pageSize: query.pageSize,
    });
    get<{ data: MediaList }>(`${API}/media`, { params })
      .then(
        ({ data }) => current && setState({ data: data.data, loading: false, error: null, key }),
      )
      .catch(
        (error: unknown) =>
          current &&
          setState((prev) => ({ ...prev, loading: false, error: apiFailure(error).message })),
      );
    return () => {
      current = false;
    };
  }, [get, query.q, query.folder, query.page, query.pageSize, reloads]);

  /** Replaces the sale state of some images in place (optimistic update, rollback, bulk answer). */
  const patch = useCallback((states: Array<SaleState & { id: number }>) => {
    const byId = new Map(states.map((s) => [s.id, s]));
    setState((prev) => {
      if (!prev.data) return prev;
      const results = prev.data.results.map((item): MediaItem => {
        const next = byId.get(item.id);
        if (!next) return item;
        const { rule, forSale, reason } = next;
        return { ...item, rule, forSale, reason };
      });
      return { ...prev, data: { ...prev.data, results } };
    });
  }, []);

  const reload = useCallback(() => setReloads((n) => n + 1), []);

  /** Whether `data` answers this very query (and not the previous one, still shown while the next loads). */
  const fresh = state.key === keyOf(query);

  return { data: state.data, loading: state.loading, error: state.error, fresh, patch, reload };
}
