import { useCallback, useEffect, useRef } from 'react';
import { useNotification } from '@strapi/strapi/admin';
import type { UseQueryResult } from 'react-query';
import type {
  LocalAiTimesAnswer,
  PricePreviewAnswer,
} from '../../../../shared/contracts/settings-routes';
import { apiFailure, useLastDefined, type FieldErrors } from '../../api/client';
import {
  useCalibrate,
  useLocalAiTimes,
  usePricePreview,
  type PreviewBody,
} from '../../api/settings';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { useT } from '../../utils/useT';

/** Long enough to wait for the end of a typed number, short enough to feel live. */
const PREVIEW_DEBOUNCE_MS = 300;
/** Like the price preview: waits for the end of a typed number. */
const LOCAL_AI_TIMES_DEBOUNCE_MS = 400;

/** What the server answered for the unsaved values the form holds. */
export interface LiveAnswer<T> {
  /** The last answer: it stays while new values load, or when the server rejects them. */
  data: T | undefined;
  loading: boolean;
  /** Field errors the server found in the unsaved values. */
  errors: FieldErrors;
  /** A failure that is not about a field (network, permissions). */
  failure: string | null;
}

export interface LocalAiTimesState extends LiveAnswer<LocalAiTimesAnswer> {
  /** The measure request is being sent. */
  starting: boolean;
  /** Asks the server to measure this machine (settings.update); the times follow by polling. */
  calibrate: () => Promise<void>;
}

const NO_ERRORS: FieldErrors = {};

function useLiveAnswer<T>(query: UseQueryResult<T>): LiveAnswer<T> {
  const data = useLastDefined(query.data);
  const failure = query.isError ? apiFailure(query.error) : null;
  const hasFields = failure !== null && Object.keys(failure.fields).length > 0;
  return {
    data,
    loading: query.isFetching,
    errors: failure?.fields ?? NO_ERRORS,
    failure: failure && !hasFields ? failure.message : null,
  };
}

/**
 * The values a request is made for, a moment after the last change: `null` (values the
 * browser already rejects) keeps the last ones, so the last answer stays on screen.
 */
function useSettledBody(body: PreviewBody | null, delayMs: number): PreviewBody | null {
  return useDebouncedValue(useLastDefined(body ?? undefined) ?? null, delayMs);
}

/** Prices of the sample sizes with the pricing values the form holds (see usePricePreview). */
export function usePreviewState(body: PreviewBody | null): LiveAnswer<PricePreviewAnswer> {
  return useLiveAnswer(usePricePreview(useSettledBody(body, PREVIEW_DEBOUNCE_MS)));
}

/**
 * Expected local-ai times on this server for the values the form holds, while `enabled`
 * (the local-ai upscaler is selected). The end of a measurement seen running is announced.
 */
export function useLocalAiTimesState(
  body: PreviewBody | null,
  enabled: boolean,
): LocalAiTimesState {
  const t = useT();
  const { toggleNotification } = useNotification();
  const settled = useSettledBody(body, LOCAL_AI_TIMES_DEBOUNCE_MS);
  const key = enabled ? settled : null;
  const live = useLiveAnswer(useLocalAiTimes(key));
  const { mutateAsync, isLoading: starting } = useCalibrate(key);

  const times = live.data;
  const wasCalibrating = useRef(false);
  useEffect(() => {
    if (!times) return;
    if (wasCalibrating.current && !times.calibrating) {
      toggleNotification(
        times.calibrated
          ? { type: 'success', message: t('settings.localAi.measure.done') }
          : { type: 'warning', message: t('settings.localAi.measure.noResult') },
      );
    }
    wasCalibrating.current = times.calibrating;
  }, [times, toggleNotification, t]);

  const calibrate = useCallback(async () => {
    try {
      await mutateAsync();
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: t('settings.localAi.measure.failed', { message: apiFailure(error).message }),
      });
    }
  }, [mutateAsync, toggleNotification, t]);

  return { ...live, starting, calibrate };
}
