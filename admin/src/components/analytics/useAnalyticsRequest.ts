import { useCallback, useEffect, useState } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { API, apiFailure } from '../../utils/api';

export interface RequestState<T> {
  data: T | null;
  loading: boolean;
  error: string | null;
  reload: () => void;
}

/**
 * GET `${API}/analytics/<path>` with `params`, again whenever they change; an answer that
 * arrives after a newer request started is dropped (quick period changes never flash old data).
 * `params === null` means "not ready" (e.g. an invalid custom range): nothing is fetched.
 */
export function useAnalyticsRequest<T>(
  path: string,
  params: Record<string, string | number | undefined> | null,
): RequestState<T> {
  const { get } = useFetchClient();
  const [state, setState] = useState<{ data: T | null; loading: boolean; error: string | null }>({
    data: null,
    loading: params !== null,
    error: null,
  });
  const [attempt, setAttempt] = useState(0);
  const key = params === null ? null : JSON.stringify(params);

  useEffect(() => {
    if (key === null) return;
    let current = true;
    const query = JSON.parse(key) as Record<string, string | number | undefined>;
    const defined = Object.fromEntries(
      Object.entries(query).filter(([, value]) => value !== undefined && value !== ''),
    );
    setState((previous) => ({ ...previous, loading: true, error: null }));
    get<{ data: T }>(`${API}/analytics/${path}`, { params: defined })
      .then(({ data }) => current && setState({ data: data.data, loading: false, error: null }))
      .catch(
        (error: unknown) =>
          current &&
          setState((previous) => ({
            ...previous,
            loading: false,
            error: apiFailure(error).message,
          })),
      );
    return () => {
      current = false;
    };
  }, [get, path, key, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, reload };
}
