import { useEffect, useState } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { API, apiFailure, type FieldErrors } from '../../utils/api';
import type { PricePreviewAnswer, WireSettings } from './types';

/** Long enough to wait for the end of a typed number, short enough to feel live. */
export const PREVIEW_DEBOUNCE_MS = 300;

export interface PricePreviewState {
  preview: PricePreviewAnswer | null;
  loading: boolean;
  /** Field errors the server found in the unsaved pricing values. */
  errors: FieldErrors;
  /** A failure that is not about a field (network, permissions). */
  failure: string | null;
}

/**
 * Prices the sample sizes with the pricing values the form holds, on the server (the
 * same `quote()` visitors get), a moment after the last change. `body` null (the form
 * holds values the browser already knows are wrong) keeps the last preview. Answers to
 * superseded requests are dropped.
 */
export function usePricePreview(body: Partial<WireSettings> | null): PricePreviewState {
  const { post } = useFetchClient();
  const [state, setState] = useState<PricePreviewState>({
    preview: null,
    loading: false,
    errors: {},
    failure: null,
  });
  const key = body === null ? null : JSON.stringify(body);

  useEffect(() => {
    if (key === null) return undefined;
    let current = true;
    const timer = setTimeout(() => {
      setState((previous) => ({ ...previous, loading: true }));
      post<{ data: PricePreviewAnswer }>(
        `${API}/settings/price-preview`,
        JSON.parse(key) as unknown,
      )
        .then(({ data }) => {
          if (current) setState({ preview: data.data, loading: false, errors: {}, failure: null });
        })
        .catch((error: unknown) => {
          if (!current) return;
          const failure = apiFailure(error);
          const hasFields = Object.keys(failure.fields).length > 0;
          setState((previous) => ({
            ...previous,
            loading: false,
            errors: failure.fields,
            failure: hasFields ? null : failure.message,
          }));
        });
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key, post]);

  return state;
}
