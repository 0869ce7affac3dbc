/**
 * The settings page's tools, which change nothing saved: the live price preview under
 * unsaved pricing values, the connection tests of Stripe and the upscaler (with a key
 * typed but not saved, or the saved one), the local-AI expected times and calibration,
 * and the Stripe webhook set-up (which does save: the endpoint id and signing secret).
 */
import type { Core } from '@strapi/strapi';
import type { SettingsUpdate } from '../../../shared/contracts/settings';
import type { PricePreviewRequest } from '../../../shared/contracts/settings-requests';
import type {
  CalibrateAnswer,
  LocalAiTimesAnswer,
  PricePreviewAnswer,
  StripeTestResult,
  UpscalerTestResult,
} from '../../../shared/contracts/settings-routes';
import type { SettingsService } from '../settings/settings';
import type { LocalAiService } from '../upscalers/local-ai/service';
import { httpError } from '../utils/errors';
import { testStripeConnection, testUpscalerConnection } from './connection-tests';
import { pricePreview } from './price-preview';
import { createStripeWebhookSetup } from './stripe-webhook-setup';

export function createSettingsTools(
  strapi: Core.Strapi,
  { settings, localAi }: { settings: SettingsService; localAi: LocalAiService },
) {
  const stripeWebhook = createStripeWebhookSetup(strapi, { settings });
  return {
    /** "Set up webhook": creates or updates the Stripe endpoint and stores its signing secret. */
    setupStripeWebhook: (actor: string) => stripeWebhook.setup(actor),
    /** The endpoint as Stripe has it, the events it misses and the last verified event. */
    stripeWebhookStatus: () => stripeWebhook.status(),

    /** Prices of sample sizes with `overrides` laid over the saved pricing settings. */
    async pricePreview(request: PricePreviewRequest): Promise<PricePreviewAnswer> {
      const { licenceMultipliers, ...overrides } = request;
      return pricePreview(await settings.get(), overrides, licenceMultipliers);
    },

    async testStripe(key: string | null | undefined, actor: string): Promise<StripeTestResult> {
      const saved = await settings.get({ fresh: true });
      const result = await testStripeConnection(key ?? saved.stripeSecretKey, { tax: saved.tax });
      strapi.log.info(
        `[sell-my-images] Stripe connection test by ${actor}: ${result.ok ? 'ok' : result.code}`,
      );
      return result;
    },

    async testUpscaler(
      typed: Pick<SettingsUpdate, 'upscaler' | 'upsamplerApiKey' | 'localAiEngine'>,
      actor: string,
    ): Promise<UpscalerTestResult> {
      const saved = await settings.get({ fresh: true });
      const result = await testUpscalerConnection(
        typed.upscaler ?? saved.upscaler,
        typed.upsamplerApiKey ?? saved.upsamplerApiKey,
        typed.localAiEngine ?? saved.localAiEngine,
      );
      strapi.log.info(
        `[sell-my-images] ${result.upscaler} connection test by ${actor}: ${result.ok ? 'ok' : result.code}`,
      );
      return result;
    },

    /**
     * Whether local-ai can run here, and the expected times of sample sizes under unsaved
     * local-ai values, from this machine's calibration. Never waits for a calibration:
     * without one the times are null and `calibrating` says whether one runs.
     */
    async localAiTimes(overrides: SettingsUpdate): Promise<LocalAiTimesAnswer> {
      const engine = overrides.localAiEngine ?? (await settings.get()).localAiEngine;
      const availability = localAi.availability(engine);
      const times = await localAi.expectedTimes({ calibrate: 'never', overrides });
      return { availability, ...times };
    },

    /** Measures this machine again in the background; 409 when local-ai cannot run here. */
    async calibrate(actor: string): Promise<CalibrateAnswer> {
      const availability = localAi.availability((await settings.get()).localAiEngine);
      if (!availability.available) {
        throw httpError(409, availability.message, { missing: availability.missing });
      }
      if (!localAi.isCalibrating()) {
        strapi.log.info(`[sell-my-images] local AI calibration started by ${actor}`);
        localAi.calibrate().catch((error: Error) => {
          strapi.log.warn(`[sell-my-images] local AI calibration failed: ${error.message}`);
        });
      }
      return { calibrating: true };
    },
  };
}

export type SettingsTools = ReturnType<typeof createSettingsTools>;
