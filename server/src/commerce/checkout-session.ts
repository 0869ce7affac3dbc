/**
 * The Stripe Checkout Session of a job (docs/architecture.md "Money rules"): the server's
 * price as the line item, the job id in the session's, payment intent's and invoice's
 * metadata, and the selling settings as Stripe parameters (tax, promotion codes, local
 * currency, invoice, terms consent, licence text, the buyer's language).
 */
import type { Core } from '@strapi/strapi';
import type Stripe from 'stripe';
import type { Job, JobsService } from '../jobs/repository';
import type { EffectiveSettings } from '../settings/settings';
import type { LocalAiService } from '../upscalers/local-ai/service';
import type { CheckoutBody } from '../validation/public';
import type { PricedOption, SellableFile } from './quotes';
import { stripeClient } from './stripe-client';

/** How long a Checkout Session stays payable (Stripe allows 30 min to 24 h). */
export const CHECKOUT_SESSION_MINUTES = 60;

/** The languages Stripe Checkout is shown in (`locale` of a Checkout Session). */
export const CHECKOUT_LOCALES = [
  'bg', 'cs', 'da', 'de', 'el', 'en', 'en-GB', 'es', 'es-419', 'et', 'fi', 'fil', 'fr',
  'fr-CA', 'hi-IN', 'hr', 'hu', 'id', 'it', 'ja', 'ko', 'lt', 'lv', 'ms', 'mt', 'nb', 'nl',
  'pl', 'pt', 'pt-BR', 'ro', 'ru', 'sk', 'sl', 'sv', 'th', 'tr', 'vi', 'zh', 'zh-HK', 'zh-TW',
] as const; // prettier-ignore
export type CheckoutLocale = (typeof CHECKOUT_LOCALES)[number] | 'auto';

/**
 * The visitor's language tag (`fr-CA`, `de_AT`, `zh-Hant-TW`) as a Checkout locale: the
 * tag itself, else language and region, else the language, else the language's only
 * regional variant (`hi` → `hi-IN`), else `auto` (Stripe follows the browser).
 */
export function checkoutLocale(tag: string | null | undefined): CheckoutLocale {
  if (!tag) return 'auto';
  const parts = tag.trim().replace(/_/g, '-').split('-');
  const language = (parts[0] ?? '').toLowerCase();
  const region = parts.length > 1 ? (parts[parts.length - 1] ?? '').toUpperCase() : '';
  const find = (candidate: string) =>
    CHECKOUT_LOCALES.find((locale) => locale.toLowerCase() === candidate.toLowerCase());
  const regional = CHECKOUT_LOCALES.filter((locale) => locale.startsWith(`${language}-`));
  return (
    find(parts.join('-')) ??
    (region ? find(`${language}-${region}`) : undefined) ??
    find(language) ??
    (regional.length === 1 ? regional[0] : undefined) ??
    'auto'
  );
}

/**
 * Whether an open session answers this request too (a double click, a second try): same
 * Checkout language, and a `promo` is reused only by a session that has a discount.
 */
export function sameRequest(session: Stripe.Checkout.Session, body: CheckoutBody): boolean {
  const language = (session.locale ?? 'auto') === checkoutLocale(body.locale);
  return language && (!body.promo || (session.discounts?.length ?? 0) > 0);
}

/** When a session opened now stops being payable (`expires_at`). */
export const sessionExpiry = (): number =>
  Math.floor(Date.now() / 1000) + CHECKOUT_SESSION_MINUTES * 60;

/** `…?smi_job=<id>&smi_session={CHECKOUT_SESSION_ID}`: Stripe fills the placeholder, so it stays unencoded. */
export function withParams(base: string, params: string): string {
  const url = new URL(base);
  url.hash = '';
  return `${url.toString()}${url.search ? '&' : '?'}${params}`;
}

export interface SessionContext {
  body: CheckoutBody;
  settings: EffectiveSettings;
  currency: string;
  target: string;
  secretKey: string;
}

type SessionParams = Stripe.Checkout.SessionCreateParams;

/** What the selling parameters name: the metadata of the invoice, the licences sold. */
export interface SellingSubject {
  metadata: Record<string, string>;
  licenceNames: ReadonlyArray<string | null>;
}

/** Tax, invoice, consent and licence parameters, all read from settings and the job. */
export function sellingParams(
  job: Pick<Job, 'jobId' | 'licenceName'>,
  settings: EffectiveSettings,
): Partial<SessionParams> {
  return subjectSellingParams(
    { metadata: { jobId: job.jobId }, licenceNames: [job.licenceName] },
    settings,
  );
}

/** The consent text of the licences sold (one purchase: its licence; a cart: each once). */
function licenceMessage(names: ReadonlyArray<string | null>, several: boolean): string | null {
  const distinct = [...new Set(names.filter((name): name is string => Boolean(name)))];
  if (!distinct.length) return null;
  if (!several)
    return `Licence: ${distinct[0]}. Its terms are linked in the e-mail with your download.`;
  return distinct.length === 1
    ? `Licence: ${distinct[0]}. Its terms are linked in the e-mails with your downloads.`
    : `Licences: ${distinct.join(', ')}. Their terms are linked in the e-mails with your downloads.`;
}

/** `sellingParams` of a purchase or an order (the invoice carries the order id). */
export function subjectSellingParams(
  { metadata, licenceNames }: SellingSubject,
  settings: EffectiveSettings,
): Partial<SessionParams> {
  const params: Partial<SessionParams> = {
    adaptive_pricing: { enabled: settings.adaptivePricing },
  };
  if (settings.tax === 'stripe_tax') {
    params.automatic_tax = { enabled: true };
    // Stripe Tax needs the buyer's address to tax a digital good where it is used.
    params.billing_address_collection = 'required';
  }
  if (settings.taxIdCollection) params.tax_id_collection = { enabled: true };
  if (settings.invoiceCreation) {
    params.invoice_creation = {
      enabled: true,
      invoice_data: {
        metadata,
        ...(settings.invoiceFooter ? { footer: settings.invoiceFooter } : {}),
      },
    };
  }
  if (settings.requireTermsConsent) params.consent_collection = { terms_of_service: 'required' };
  const message = licenceMessage(licenceNames, licenceNames.length > 1);
  if (message) params.custom_text = { submit: { message: message.slice(0, 1200) } };
  return params;
}

/** The line item of one image: the server's price, named by file, resolution and licence. */
export function imageLineItem(
  sold: { fileName: string; licenceName: string | null; option: PricedOption; currency: string },
  settings: EffectiveSettings,
  description: string,
  metadata?: Record<string, string>,
): Stripe.Checkout.SessionCreateParams.LineItem {
  const { option } = sold;
  const stripeTax = settings.tax === 'stripe_tax';
  const name = [sold.fileName, `${option.resolution} high-resolution copy`, sold.licenceName]
    .filter(Boolean)
    .join(' — ');
  return {
    quantity: 1,
    price_data: {
      currency: sold.currency,
      unit_amount: option.amount,
      ...(stripeTax ? { tax_behavior: settings.taxBehavior } : {}),
      product_data: {
        name: name.slice(0, 250),
        description,
        ...(stripeTax ? { tax_code: settings.taxCode } : {}),
        ...(metadata ? { metadata } : {}),
      },
    },
  };
}

interface Deps {
  jobs: JobsService;
  localAi?: LocalAiService;
}

export function createSessionOpener(strapi: Core.Strapi, { jobs, localAi }: Deps) {
  /** What the line item says the buyer gets (the non-AI resize says so). */
  function lineItemDescription(option: PricedOption, settings: EffectiveSettings): string {
    const made =
      settings.upscaler === 'sharp'
        ? ' (non-AI Lanczos resize)'
        : settings.upscaler === 'local-ai' && localAi
          ? ` (${localAi.describe(settings).label}, ${localAi.describe(settings).model})`
          : '';
    return `${option.width} × ${option.height} px (${option.megapixels} MP)${made}, delivered by e-mail as a download link valid ${settings.downloadExpiryHours} h.`;
  }

  /**
   * `discounts` with the promotion code of a `?promo=` link, or the code field. Stripe
   * refuses both together; an unknown or inactive code (or a failed look-up) leaves the
   * field for the buyer to type one, never an error. Off in settings: the promo is ignored.
   */
  async function promotionParams(
    stripe: Stripe,
    subject: string,
    settings: EffectiveSettings,
    promo: string | undefined,
  ): Promise<Partial<SessionParams>> {
    if (!settings.allowPromotionCodes) return {};
    if (promo) {
      try {
        const found = await stripe.promotionCodes.list({ code: promo, active: true, limit: 1 });
        const code = found.data[0];
        if (code) return { discounts: [{ promotion_code: code.id }] };
        strapi.log.info(`[sell-my-images] ${subject}: promotion code ${promo} is not active`);
      } catch (error) {
        const message = (error as Error).message;
        strapi.log.warn(`[sell-my-images] ${subject}: promotion code look-up failed: ${message}`);
      }
    }
    return { allow_promotion_codes: true };
  }

  /** Creates the job's session (idempotent per job) and records its id on the job. */
  async function openSession(
    job: Job,
    file: SellableFile,
    option: PricedOption,
    { body, settings, currency, target, secretKey }: SessionContext,
  ): Promise<string> {
    const { jobId } = job;
    const stripe = stripeClient(secretKey);
    const metadata = { jobId, fileId: String(file.id), resolution: option.resolution };
    const session = await stripe.checkout.sessions.create(
      {
        mode: 'payment',
        line_items: [
          imageLineItem(
            { fileName: file.name, licenceName: job.licenceName, option, currency },
            settings,
            lineItemDescription(option, settings),
          ),
        ],
        metadata,
        payment_intent_data: { metadata },
        client_reference_id: jobId,
        ...(body.email ? { customer_email: body.email } : {}),
        locale: checkoutLocale(body.locale ?? job.locale),
        ...sellingParams(job, settings),
        ...(await promotionParams(stripe, `job ${jobId}`, settings, body.promo)),
        expires_at: sessionExpiry(),
        success_url: withParams(target, `smi_job=${jobId}&smi_session={CHECKOUT_SESSION_ID}`),
        cancel_url: withParams(target, `smi_job=${jobId}&smi_status=cancelled`),
      },
      { idempotencyKey: `checkout-${jobId}` },
    );
    await jobs.update(jobId, { stripeCheckoutSessionId: session.id });
    return session.url ?? '';
  }

  return { openSession, lineItemDescription, promotionParams };
}
