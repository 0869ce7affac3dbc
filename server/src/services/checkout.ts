import { randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import Stripe from 'stripe';
import { PublicError } from '../utils/http-errors';
import type { CheckoutBody } from '../validation/public-api';
import type { EffectiveSettings, SettingsService } from './settings';
import type { Job, JobsService } from './jobs';
import type { Catalog } from './catalog';
import { decideSale, NOT_FOR_SALE_MESSAGES } from './sale-rules';
import { absoluteFileUrl, type MediaFile } from './files';
import { quote, type PriceOption } from './pricing';
import { allowedReturnOrigins, publicUrl } from './urls';
import { stripeClient } from './stripe-client';
import { emitJobEvent } from './events';
import type { LocalAiService } from './local-ai';
import { isUpscalerName, UPSCALER_LABELS } from '../upscalers';

/** How long a Checkout Session stays payable (Stripe allows 30 min to 24 h). */
export const CHECKOUT_SESSION_MINUTES = 60;
/** A repeat request (same file, resolution, e-mail) within this window reuses the open session. */
export const REUSE_WINDOW_MINUTES = 10;

/** A price option; local-ai adds the expected processing time on this machine once it is calibrated. */
type PricedOption = PriceOption & { expectedSeconds?: number };

export interface PricesAnswer {
  fileId: string;
  original: { width: number; height: number };
  currency: string;
  options: Array<
    Pick<
      PricedOption,
      | 'resolution'
      | 'scale'
      | 'width'
      | 'height'
      | 'megapixels'
      | 'amount'
      | 'formatted'
      | 'available'
      | 'reason'
      | 'expectedSeconds'
    >
  >;
  /** Who makes the copy, as people are told (additive to the DESIGN.md contract). */
  upscaler?: { name: string; label: string; model?: string };
}

export interface CheckoutAnswer {
  created: boolean;
  jobId: string;
  checkoutUrl: string;
}

interface Deps {
  settings: SettingsService;
  catalog: Catalog;
  jobs: JobsService;
  localAi?: LocalAiService;
}

/** `…?smi_job=<id>&smi_session={CHECKOUT_SESSION_ID}`: Stripe fills the placeholder, so it stays unencoded. */
function withParams(base: string, params: string): string {
  const url = new URL(base);
  url.hash = '';
  const text = url.toString();
  return `${text}${url.search ? '&' : '?'}${params}`;
}

export function createCheckoutService(
  strapi: Core.Strapi,
  { settings: settingsService, catalog, jobs, localAi }: Deps,
) {
  // Quotes depend only on the file and the settings: kept per settings snapshot.
  const quotes = new WeakMap<EffectiveSettings, Map<number, ReturnType<typeof quote>>>();
  function quoteFor(file: MediaFile, settings: EffectiveSettings): ReturnType<typeof quote> {
    let byFile = quotes.get(settings);
    if (!byFile) quotes.set(settings, (byFile = new Map()));
    let answer = byFile.get(file.id);
    if (!answer) {
      answer = quote(file.width as number, file.height as number, settings);
      if (byFile.size < 10_000) byFile.set(file.id, answer);
    }
    return answer;
  }

  /**
   * The quote plus, for local-ai, each option's expected time on this machine: an option
   * expected to outlast the processing timeout is not offered (it would end in a refund).
   */
  const priced = new WeakMap<
    EffectiveSettings,
    Map<number, { currency: string; options: PricedOption[] }>
  >();
  async function pricedFor(
    file: MediaFile,
    settings: EffectiveSettings,
  ): Promise<{ currency: string; options: PricedOption[] }> {
    const base = quoteFor(file, settings);
    if (settings.upscaler !== 'local-ai' || !localAi) return base;
    let byFile = priced.get(settings);
    if (!byFile) priced.set(settings, (byFile = new Map()));
    const known = byFile.get(file.id);
    if (known) return known;
    const limitSeconds = settings.processingTimeoutMinutes * 60;
    const options = await Promise.all(
      base.options.map(async (option): Promise<PricedOption> => {
        const seconds = await localAi.expectedSeconds(
          settings,
          file.width as number,
          file.height as number,
          option.scale,
        );
        if (seconds === null) return option;
        if (option.available && seconds > limitSeconds)
          return {
            ...option,
            expectedSeconds: seconds,
            available: false,
            reason: 'exceeds_processing_time',
          };
        return { ...option, expectedSeconds: seconds };
      }),
    );
    const answer = { currency: base.currency, options };
    if (byFile.size < 10_000) byFile.set(file.id, answer);
    return answer;
  }

  function upscalerView(settings: EffectiveSettings): PricesAnswer['upscaler'] {
    if (settings.upscaler === 'local-ai' && localAi) return localAi.describe(settings);
    return isUpscalerName(settings.upscaler)
      ? { name: settings.upscaler, label: UPSCALER_LABELS[settings.upscaler] }
      : undefined;
  }

  /** The file, if it exists and may be sold under the current settings (404 / 403 otherwise). */
  async function sellableFile(
    fileId: string,
  ): Promise<{ file: MediaFile; settings: EffectiveSettings }> {
    const [entry, settings] = await Promise.all([catalog.lookup(fileId), settingsService.get()]);
    if (!entry) throw new PublicError(404, 'NotFoundError', 'No image with this id');
    const { file, rule } = entry;
    const decision = decideSale(file, settings, rule);
    if (!decision.forSale) {
      throw new PublicError(403, 'ForbiddenError', NOT_FOR_SALE_MESSAGES[decision.reason], {
        reason: decision.reason,
      });
    }
    return { file, settings };
  }

  function returnTarget(body: CheckoutBody, settings: EffectiveSettings): string {
    const allowed = allowedReturnOrigins(strapi, settings.allowedReturnOrigins);
    if (body.returnUrl) {
      if (!allowed.has(new URL(body.returnUrl).origin)) {
        throw new PublicError(400, 'ValidationError', 'returnUrl is not on an allowed origin', {
          errors: [
            {
              path: ['returnUrl'],
              message: 'returnUrl is not on an allowed origin',
              name: 'ValidationError',
            },
          ],
        });
      }
      return body.returnUrl;
    }
    if (body.sourcePage) {
      try {
        if (allowed.has(new URL(body.sourcePage).origin)) return body.sourcePage;
      } catch {
        // a page reference that is not a URL: fall through to the site's own URL
      }
    }
    return `${publicUrl(strapi)}/`;
  }

  async function reusable(
    body: CheckoutBody,
    option: PriceOption,
    currency: string,
    fileId: number,
  ): Promise<CheckoutAnswer | null> {
    if (!body.email) return null; // without an e-mail two visitors could share one session
    const since = new Date(Date.now() - REUSE_WINDOW_MINUTES * 60_000);
    const job = await jobs.findOne({
      fileId,
      resolution: option.resolution,
      email: body.email,
      status: 'awaiting_payment',
      amount: option.amount,
      currency,
      createdAt: { $gt: since },
      stripeCheckoutSessionId: { $notNull: true },
    });
    if (!job?.stripeCheckoutSessionId) return null;
    const { stripeSecretKey } = await settingsService.get();
    try {
      const session = await stripeClient(stripeSecretKey as string).checkout.sessions.retrieve(
        job.stripeCheckoutSessionId,
      );
      if (session.status === 'open' && session.url)
        return { created: false, jobId: job.jobId, checkoutUrl: session.url };
    } catch (error) {
      strapi.log.warn(
        `[sell-my-images] could not reuse checkout session of job ${job.jobId}: ${(error as Error).message}`,
      );
    }
    return null;
  }

  return {
    sellableFile,

    /** `GET /prices`: computed on the server every time; the client never sends a price. */
    async prices(fileId: string): Promise<PricesAnswer> {
      const { file, settings } = await sellableFile(fileId);
      const { currency, options } = await pricedFor(file, settings);
      const upscaler = upscalerView(settings);
      return {
        fileId,
        original: { width: file.width as number, height: file.height as number },
        currency,
        options: options.map(
          ({
            resolution,
            scale,
            width,
            height,
            megapixels,
            amount,
            formatted,
            available,
            reason,
            expectedSeconds,
          }) => ({
            resolution,
            scale,
            width,
            height,
            megapixels,
            amount,
            formatted,
            available,
            ...(reason ? { reason } : {}),
            ...(expectedSeconds !== undefined ? { expectedSeconds } : {}),
          }),
        ),
        ...(upscaler ? { upscaler } : {}),
      };
    },

    /** `POST /checkout`: a job awaiting payment and its Stripe Checkout Session. */
    async checkout(
      body: CheckoutBody,
      visitor: { ipHash: string | null },
    ): Promise<CheckoutAnswer> {
      const { file, settings } = await sellableFile(body.fileId);
      const { currency, options } = await pricedFor(file, settings);
      const option = options.find((o) => o.resolution === body.resolution);
      if (!option) {
        throw new PublicError(
          400,
          'ValidationError',
          `Resolution ${body.resolution} is not offered`,
          {
            errors: [
              {
                path: ['resolution'],
                message: `Offered: ${options.map((o) => o.resolution).join(', ')}`,
                name: 'ValidationError',
              },
            ],
          },
        );
      }
      if (!option.available) {
        throw new PublicError(
          400,
          'ValidationError',
          `Resolution ${body.resolution} is not available for this image`,
          {
            reason: option.reason,
            errors: [
              {
                path: ['resolution'],
                message: 'This resolution is not available for this image',
                name: 'ValidationError',
              },
            ],
          },
        );
      }
      if (!settings.stripeSecretKey) {
        throw new PublicError(
          503,
          'ServiceUnavailableError',
          'Payments are not configured on this site yet',
        );
      }
      const target = returnTarget(body, settings);

      const reused = await reusable(body, option, currency, file.id);
      if (reused) return reused;

      const jobId = randomUUID();
      const job = await jobs.create(
        {
          jobId,
          fileId: file.id,
          fileDocumentId: file.documentId,
          fileName: file.name,
          sourceUrl: absoluteFileUrl(file, publicUrl(strapi)),
          sourcePage: body.sourcePage ?? null,
          returnUrl: target,
          resolution: option.resolution,
          scale: option.scale,
          originalWidth: file.width,
          originalHeight: file.height,
          outputWidth: option.width,
          outputHeight: option.height,
          email: body.email ?? null,
          status: 'awaiting_payment',
          paymentStatus: 'unpaid',
          amount: option.amount,
          currency,
          credits: option.credits,
          costAmount: option.cost,
          upscaler: settings.upscaler,
          ipHash: visitor.ipHash,
        } as Partial<Job> & { jobId: string },
        { reason: 'checkout started', actor: 'visitor' },
      );
      emitJobEvent(strapi, 'created', job);

      const metadata = { jobId, fileId: String(file.id), resolution: option.resolution };
      const nonAi =
        settings.upscaler === 'sharp'
          ? ' (non-AI Lanczos resize)'
          : settings.upscaler === 'local-ai' && localAi
            ? ` (${localAi.describe(settings).label}, ${localAi.describe(settings).model})`
            : '';
      try {
        const session = await stripeClient(settings.stripeSecretKey).checkout.sessions.create(
          {
            mode: 'payment',
            line_items: [
              {
                quantity: 1,
                price_data: {
                  currency,
                  unit_amount: option.amount,
                  product_data: {
                    name: `${file.name} — ${option.resolution} high-resolution copy`.slice(0, 250),
                    description: `${option.width} × ${option.height} px (${option.megapixels} MP)${nonAi}, delivered by e-mail as a download link valid ${settings.downloadExpiryHours} h.`,
                  },
                },
              },
            ],
            metadata,
            payment_intent_data: { metadata },
            client_reference_id: jobId,
            ...(body.email ? { customer_email: body.email } : {}),
            expires_at: Math.floor(Date.now() / 1000) + CHECKOUT_SESSION_MINUTES * 60,
            success_url: withParams(target, `smi_job=${jobId}&smi_session={CHECKOUT_SESSION_ID}`),
            cancel_url: withParams(target, `smi_job=${jobId}&smi_status=cancelled`),
          },
          { idempotencyKey: `checkout-${jobId}` },
        );
        await jobs.update(jobId, { stripeCheckoutSessionId: session.id });
        return { created: true, jobId, checkoutUrl: session.url as string };
      } catch (error) {
        const message =
          error instanceof Stripe.errors.StripeError
            ? `${error.type}: ${error.message}`
            : (error as Error).message;
        strapi.log.error(`[sell-my-images] Stripe checkout failed for job ${jobId}: ${message}`);
        await jobs.transition(jobId, 'abandoned', {
          reason: 'checkout_failed',
          actor: 'system',
          data: { errorCode: 'checkout_failed', errorMessage: message.slice(0, 1000) },
        });
        if (error instanceof Stripe.errors.StripeAuthenticationError) {
          throw new PublicError(
            503,
            'ServiceUnavailableError',
            'Payments are misconfigured on this site; please try again later',
          );
        }
        throw new PublicError(
          502,
          'PaymentProviderError',
          'The payment provider could not be reached; please try again',
        );
      }
    },
  };
}

export type CheckoutService = ReturnType<typeof createCheckoutService>;
