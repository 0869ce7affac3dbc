/**
 * The admin settings API: the settings (secrets masked), saving a change, the live price
 * preview and the local-ai expected times of unsaved values, measuring this machine, the
 * connection tests and the Stripe webhook set-up.
 */
import { useFetchClient } from '@strapi/strapi/admin';
import { useMutation, useQuery, useQueryClient } from 'react-query';
import type {
  CalibrateAnswer,
  ConnectionTestAnswer,
  LocalAiTimesAnswer,
  PricePreviewAnswer,
  SettingsAnswer,
} from '../../../shared/contracts/settings-routes';
import type { SettingsUpdate } from '../../../shared/contracts/settings';
import type { PricePreviewRequest } from '../../../shared/contracts/settings-requests';
import type {
  StripeWebhookSetupAnswer,
  StripeWebhookStatus,
} from '../../../shared/contracts/stripe-webhook';
import { setupKeys } from './setup';
import { API, QUERY_OPTIONS, ROOT_KEY, type Answer } from './client';
import { mediaKeys } from './media';

/** How often a running measurement is checked on. */
const CALIBRATION_POLL_MS = 3000;

/** Unsaved values sent to a preview, a time estimate or a connection test. */
/** A body of the settings tools: a part of the settings (and, for the price preview, licence multipliers). */
export type PreviewBody = SettingsUpdate & Pick<PricePreviewRequest, 'licenceMultipliers'>;

export const settingsKeys = {
  all: [...ROOT_KEY, 'settings'] as const,
  current: () => [...settingsKeys.all, 'current'] as const,
  previews: () => [...settingsKeys.all, 'price-preview'] as const,
  preview: (body: PreviewBody | null) => [...settingsKeys.previews(), body] as const,
  localAiTimes: () => [...settingsKeys.all, 'local-ai-times'] as const,
  localAiTime: (body: PreviewBody | null) => [...settingsKeys.localAiTimes(), body] as const,
  stripeWebhook: () => [...settingsKeys.all, 'stripe-webhook'] as const,
};

/**
 * The settings, read afresh each time the page opens (the form is seeded from them, so no
 * older copy is shown first, and no background read replaces what the admin types).
 */
export function useSettings() {
  const { get } = useFetchClient();
  return useQuery(
    settingsKeys.current(),
    async () => (await get<Answer<SettingsAnswer>>(`${API}/settings`)).data.data,
    { ...QUERY_OPTIONS, cacheTime: 0, refetchOnReconnect: false },
  );
}

/**
 * Saves a partial update. The server's answer is the new state of the page; what depends
 * on the settings (the media pages' sale mode, previews, expected times) is read again.
 */
export function useSaveSettings() {
  const { put } = useFetchClient();
  const queryClient = useQueryClient();
  return useMutation(
    // A save is finished even when the admin leaves the page meanwhile: useFetchClient
    // aborts its requests on unmount, which would report a save the server made as failed.
    async (patch: SettingsUpdate) =>
      (
        await put<Answer<SettingsAnswer>>(`${API}/settings`, patch, {
          signal: new AbortController().signal,
        })
      ).data.data,
    {
      onSuccess: (answer) => {
        queryClient.setQueryData(settingsKeys.current(), answer);
        void queryClient.invalidateQueries(settingsKeys.previews());
        void queryClient.invalidateQueries(settingsKeys.localAiTimes());
        void queryClient.invalidateQueries(mediaKeys.all);
      },
    },
  );
}

/**
 * Prices the sample sizes with unsaved pricing values on the server (the same `quote()`
 * visitors get); `null` asks nothing. The last prices stay while new ones load.
 */
export function usePricePreview(body: PreviewBody | null) {
  const { post } = useFetchClient();
  return useQuery(
    settingsKeys.preview(body),
    async () =>
      (await post<Answer<PricePreviewAnswer>>(`${API}/settings/price-preview`, body)).data.data,
    { ...QUERY_OPTIONS, enabled: body !== null, keepPreviousData: true },
  );
}

/**
 * Expected local-ai processing times on this server for unsaved values; `null` asks nothing.
 * While the server measures the machine the answer is asked again every few seconds.
 */
export function useLocalAiTimes(body: PreviewBody | null) {
  const { post } = useFetchClient();
  return useQuery(
    settingsKeys.localAiTime(body),
    async () =>
      (await post<Answer<LocalAiTimesAnswer>>(`${API}/settings/local-ai/expected-times`, body)).data
        .data,
    {
      ...QUERY_OPTIONS,
      enabled: body !== null,
      keepPreviousData: true,
      refetchInterval: (times) => (times?.calibrating ? CALIBRATION_POLL_MS : false),
      refetchIntervalInBackground: true,
    },
  );
}

/**
 * Asks the server to measure this machine (in the background). The times on screen show the
 * measurement running (so they are polled); the ones cached for other values are out of date.
 */
export function useCalibrate(body: PreviewBody | null) {
  const { post } = useFetchClient();
  const queryClient = useQueryClient();
  return useMutation(
    async () => post<Answer<CalibrateAnswer>>(`${API}/settings/local-ai/calibrate`, {}),
    {
      onSuccess: () => {
        const key = settingsKeys.localAiTime(body);
        const times = queryClient.getQueryData<LocalAiTimesAnswer>(key);
        if (times) queryClient.setQueryData(key, { ...times, calibrating: true });
        void queryClient.invalidateQueries(settingsKeys.localAiTimes(), { refetchActive: false });
      },
    },
  );
}

/** "Test connection": one harmless call to Stripe or the upscaler with the key in the form. */
export function useConnectionTest(target: 'stripe' | 'upscaler') {
  const { post } = useFetchClient();
  return useMutation(
    async (body: PreviewBody) =>
      (await post<Answer<ConnectionTestAnswer>>(`${API}/settings/test/${target}`, body)).data.data,
  );
}

/** The webhook endpoint as Stripe has it and the last verified event (with a saved key only). */
export function useStripeWebhookStatus(enabled: boolean) {
  const { get } = useFetchClient();
  return useQuery(
    settingsKeys.stripeWebhook(),
    async () =>
      (await get<Answer<StripeWebhookStatus>>(`${API}/settings/stripe-webhook`)).data.data,
    { ...QUERY_OPTIONS, enabled },
  );
}

/**
 * "Set up webhook": creates or updates the Stripe endpoint at the public URL and saves its
 * signing secret; the endpoint's status is read again (the form is not, so nothing the
 * admin typed is replaced).
 */
export function useStripeWebhookSetup() {
  const { post } = useFetchClient();
  const queryClient = useQueryClient();
  return useMutation(
    async () =>
      (await post<Answer<StripeWebhookSetupAnswer>>(`${API}/settings/stripe-webhook`, {})).data
        .data,
    {
      // The webhook's status line and the Overview checklist both show the endpoint.
      onSuccess: () => {
        void queryClient.invalidateQueries(settingsKeys.stripeWebhook());
        void queryClient.invalidateQueries(setupKeys.checklist());
      },
    },
  );
}
