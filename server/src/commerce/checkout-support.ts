/**
 * What `POST /checkout` and `POST /cart/checkout` share (docs/architecture.md "Money
 * rules"): the return page after Stripe, the owner's log lines for refusals, and the
 * answer when Stripe refuses or cannot be reached (the jobs are abandoned).
 */
import type { Core } from '@strapi/strapi';
import Stripe from 'stripe';
import type { Licence } from '../../../shared/contracts/settings-commerce';
import { emailLanguageOf } from '../../../shared/contracts/email-templates';
import type { JobPatch, JobsService } from '../jobs/repository';
import { absoluteFileUrl } from '../media/files';
import type { EffectiveSettings } from '../settings/settings';
import { allowedReturnOrigins, publicUrl } from '../settings/urls';
import { errors, httpError } from '../utils/errors';
import { createOwnerNotices } from './owner-notices';
import type { PricedOption, SellableFile } from './quotes';
import { createRefusedOrigins } from './refused-origins';

/** A 400 naming one field (`details.errors[0].path`). */
export const invalid = (
  field: string | Array<string | number>,
  message: string,
  fieldMessage = message,
  details = {},
) =>
  new errors.ValidationError(message, {
    ...details,
    errors: [
      {
        path: Array.isArray(field) ? field.map(String) : [field],
        message: fieldMessage,
        name: 'ValidationError',
      },
    ],
  });

/** What a sale's job records at checkout, a single purchase or a cart's line. */
export interface SaleInput {
  jobId: string;
  file: SellableFile;
  option: PricedOption;
  licence: Licence | null;
  currency: string;
  settings: EffectiveSettings;
  body: { sourcePage?: string; email?: string; locale?: string };
  target: string;
  ipHash: string | null;
}

/** The job of a sale awaiting payment: what is sold, at what price, under which licence. */
export function saleJobFields(
  strapi: Core.Strapi,
  { jobId, file, option, licence, currency, settings, body, target, ipHash }: SaleInput,
): JobPatch & { jobId: string } {
  return {
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
    // The licence sold, as it reads today (docs/architecture.md "Money rules").
    licenceId: licence?.id ?? null,
    licenceName: licence?.name ?? null,
    licenceText: licence?.text ?? null,
    licenceMultiplierPercent: licence?.multiplierPercent ?? null,
    priceRule: option.rule,
    locale: body.locale ? emailLanguageOf(body.locale) : null,
    taxBehavior: settings.tax === 'stripe_tax' ? settings.taxBehavior : null,
    credits: option.credits,
    costAmount: option.cost,
    upscaler: settings.upscaler,
    ipHash,
  };
}

export function createCheckoutSupport(strapi: Core.Strapi, { jobs }: { jobs: JobsService }) {
  // The log names the owner's fix for a refusal the buyer only sees as an error.
  const refusedOrigins = createRefusedOrigins(strapi);
  const notices = createOwnerNotices(strapi, {
    onRefusedOrigin: (origin) => refusedOrigins.record(origin),
  });

  /** The allowed page the buyer returns to after Stripe. */
  function returnTarget(
    body: { returnUrl?: string; sourcePage?: string },
    settings: EffectiveSettings,
  ): string {
    const allowed = allowedReturnOrigins(strapi, settings.allowedReturnOrigins);
    if (body.returnUrl) {
      const origin = new URL(body.returnUrl).origin;
      if (allowed.has(origin)) return body.returnUrl;
      notices.refusedReturnOrigin(origin);
      throw invalid('returnUrl', 'returnUrl is not on an allowed origin');
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

  /** Stripe refused or could not be reached: the jobs are abandoned, the buyer told plainly. */
  async function sessionFailed(
    subject: string,
    jobIds: readonly string[],
    error: unknown,
  ): Promise<never> {
    const message =
      error instanceof Stripe.errors.StripeError
        ? `${error.type}: ${error.message}`
        : (error as Error).message;
    strapi.log.error(`[sell-my-images] Stripe checkout failed for ${subject}: ${message}`);
    for (const jobId of jobIds)
      await jobs.transition(jobId, 'abandoned', {
        reason: 'checkout_failed',
        actor: 'system',
        data: { errorCode: 'checkout_failed', errorMessage: message.slice(0, 1000) },
      });
    if (error instanceof Stripe.errors.StripeAuthenticationError) {
      throw httpError(503, 'Payments are misconfigured on this site; please try again later');
    }
    const retry = 'The payment provider could not be reached; please try again';
    throw httpError(502, retry, {}, 'PaymentProviderError');
  }

  return { notices, returnTarget, sessionFailed };
}

export type CheckoutSupport = ReturnType<typeof createCheckoutSupport>;
