import { useCallback, useEffect, useRef, useState } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { API, apiFailure, type ApiFailure } from '../../utils/api';
import type { JobDetailAnswer, JobListAnswer } from './types';

/** While a reload runs, `previous` keeps what was shown, so the page does not flash a loader. */
export type Loadable<T> =
  | { state: 'loading'; previous?: T }
  | { state: 'error'; failure: ApiFailure }
  | { state: 'ready'; data: T };

/**
 * GETs `url` whenever it changes (or `reload` is called); an answer that arrives after a
 * newer request started is dropped, so fast filter changes never end on stale rows.
 * `keepAcrossUrls`: show the last answer while another URL loads (the list does; a job's
 * detail must not show the previous job's fields).
 */
function useAdminGet<T>(
  url: string | null,
  keepAcrossUrls: boolean,
): { result: Loadable<T>; reload: () => void } {
  const { get } = useFetchClient();
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  const shownUrl = useRef<string | null>(null);

  useEffect(() => {
    if (url === null) return undefined;
    let current = true;
    const keep = keepAcrossUrls || shownUrl.current === url;
    setResult((last) => ({
      state: 'loading',
      previous: !keep
        ? undefined
        : last.state === 'ready'
          ? last.data
          : last.state === 'loading'
            ? last.previous
            : undefined,
    }));
    get<{ data: T }>(url)
      .then(({ data }) => {
        if (!current) return;
        shownUrl.current = url;
        setResult({ state: 'ready', data: data.data });
      })
      .catch(
        (error: unknown) => current && setResult({ state: 'error', failure: apiFailure(error) }),
      );
    return () => {
      current = false;
    };
  }, [get, url, generation, keepAcrossUrls]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { result, reload };
}

/** What to show now: the answer, or the previous one while a reload runs. */
export const shown = <T>(result: Loadable<T>): T | undefined =>
  result.state === 'ready' ? result.data : result.state === 'loading' ? result.previous : undefined;

/** The jobs list for an API query string (see listState.toApiQuery); null pauses loading. */
export const useJobList = (query: string | null) =>
  useAdminGet<JobListAnswer>(query === null ? null : `${API}/jobs?${query}`, true);

export const useJobDetail = (jobId: string) =>
  useAdminGet<JobDetailAnswer>(`${API}/jobs/${encodeURIComponent(jobId)}`, false);
