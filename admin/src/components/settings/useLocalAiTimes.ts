import { useCallback, useEffect, useRef, useState } from 'react';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { API, apiFailure, type FieldErrors } from '../../utils/api';
import { useT } from '../../utils/useT';
import type { LocalAiTimesAnswer, WireSettings } from './types';

/** Like the price preview: waits for the end of a typed number. */
export const LOCAL_AI_TIMES_DEBOUNCE_MS = 400;
/** How often a running measurement is checked on. */
export const CALIBRATION_POLL_MS = 3000;

export interface LocalAiTimesState {
  times: LocalAiTimesAnswer | null;
  loading: boolean;
  /** Field errors the server found in the unsaved local-ai values. */
  errors: FieldErrors;
  /** A failure that is not about a field (network, permissions). */
  failure: string | null;
  /** The measure request is being sent. */
  starting: boolean;
  /** Asks the server to measure this machine (settings.update); the times follow by polling. */
  calibrate: () => Promise<void>;
}

/**
 * Expected local-ai processing times on this server for the values the form holds, a
 * moment after the last change, while `enabled` (the local-ai upscaler is selected).
 * `body` null (values the browser already rejects) keeps the last answer. While the
 * server measures the machine the route is asked again every few seconds; the end of a
 * measurement is announced.
 */
export function useLocalAiTimes(
  body: Partial<WireSettings> | null,
  enabled: boolean,
): LocalAiTimesState {
  const t = useT();
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [state, setState] = useState<Omit<LocalAiTimesState, 'calibrate' | 'starting'>>({
    times: null,
    loading: false,
    errors: {},
    failure: null,
  });
  const [starting, setStarting] = useState(false);
  // Bumped to ask again with the same values (polling a measurement).
  const [poll, setPoll] = useState(0);
  const key = enabled && body !== null ? JSON.stringify(body) : null;
  const lastKey = useRef<string | null>(null);

  useEffect(() => {
    if (key === null) return undefined;
    // A change of values waits for the typing to end; a poll asks at once.
    const delay = key === lastKey.current ? 0 : LOCAL_AI_TIMES_DEBOUNCE_MS;
    lastKey.current = key;
    let current = true;
    const timer = setTimeout(() => {
      setState((previous) => ({ ...previous, loading: true }));
      post<{ data: LocalAiTimesAnswer }>(
        `${API}/settings/local-ai/expected-times`,
        JSON.parse(key) as unknown,
      )
        .then(({ data }) => {
          if (current) setState({ times: data.data, loading: false, errors: {}, failure: null });
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
    }, delay);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key, poll, post]);

  // While the server measures, ask again every few seconds (not after unmount or once local-ai is deselected).
  const { times } = state;
  useEffect(() => {
    if (key === null || !times?.calibrating) return undefined;
    const timer = setTimeout(() => setPoll((value) => value + 1), CALIBRATION_POLL_MS);
    return () => clearTimeout(timer);
  }, [key, times]);

  // The end of a measurement seen running here is announced.
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
    setStarting(true);
    try {
      await post(`${API}/settings/local-ai/calibrate`, {});
      // The server measures in the background: show it as running, then poll.
      setState((previous) =>
        previous.times
          ? { ...previous, times: { ...previous.times, calibrating: true } }
          : previous,
      );
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: t('settings.localAi.measure.failed', { message: apiFailure(error).message }),
      });
    } finally {
      setStarting(false);
    }
  }, [post, toggleNotification, t]);

  return { ...state, starting, calibrate };
}
