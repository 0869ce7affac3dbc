/**
 * `POST /checkout`: a job awaiting payment and its Stripe Checkout Session
 * (docs/architecture.md "Money rules"). The price is the server's quote; the session
 * carries the job id in its metadata and the payment intent's, so every later event and
 * refund finds the job.
 */
import { randomUUID } from 'node:crypto';
import type { Licence } from '../../../shared/contracts/settings-commerce';
import type { Core } from '@strapi/strapi';
import { emitJobEvent } from '../jobs/events';
import type { JobsService } from '../jobs/repository';
import type { SettingsService } from '../settings/settings';
import type { LocalAiService } from '../upscalers/local-ai/service';
import { httpError } from '../utils/errors';
import { errorOutcome, type Metrics } from '../utils/metrics';
import type { CheckoutBody } from '../validation/public';
import { createCheckoutSupport, invalid, saleJobFields } from './checkout-support';
import type { Priced, PricedOption, Quotes } from './quotes';
import { createSessionOpener, sameRequest } from './checkout-session';
import { stripeClient } from './stripe-client';

export { CHECKOUT_SESSION_MINUTES } from './checkout-session';
/** A repeat request of the same visitor within this window reuses its open session. */
const REUSE_WINDOW_MINUTES = 10;

export interface CheckoutResult {
  /** False when the visitor's own open session was reused (answered 201 all the same). */
  created: boolean;
  jobId: string;
  checkoutUrl: string;
}

interface Deps {
  settings: SettingsService;
  quotes: Quotes;
  jobs: JobsService;
  localAi?: LocalAiService;
  metrics: Metrics;
}

export function createCheckoutService(strapi: Core.Strapi, deps: Deps) {
  const { jobs } = deps;
  const opener = createSessionOpener(strapi, deps);
  const { notices, returnTarget, sessionFailed: failed } = createCheckoutSupport(strapi, deps);

  /**
   * The licence asked for (none sent: the first one) and the option asked for, if offered
   * and available: 400 otherwise (an unknown licence, a licence when the shop has none, beyond
   * the upscaler's limits, the maximum output, Stripe's maximum or the processing time), 503
   * while the chosen upscaler is not configured (nothing can be made: the site is not ready).
   */
  function chosen(
    priced: Priced,
    { resolution, licence: licenceId }: CheckoutBody,
    upscaler: string,
  ): { option: PricedOption; licence: Licence | null } {
    const { licences } = priced;
    if (licenceId !== undefined && !licences)
      throw invalid('licence', 'This shop offers no licence choice', 'No licence is offered');
    const tier = licences
      ? (licences.find((l) => l.licence.id === (licenceId ?? licences[0].licence.id)) ?? null)
      : null;
    if (licences && !tier) {
      const offered = `Offered: ${licences.map((l) => l.licence.id).join(', ')}`;
      throw invalid('licence', `Licence ${licenceId ?? ''} is not offered`, offered);
    }
    const options = tier?.options ?? priced.options;
    const option = options.find((o) => o.resolution === resolution);
    if (!option) {
      const offered = `Offered: ${options.map((o) => o.resolution).join(', ')}`;
      throw invalid('resolution', `Resolution ${resolution} is not offered`, offered);
    }
    if (option.reason === 'upscaler_not_configured') {
      notices.refusedForMissingSetting('upscaler', upscaler);
      throw httpError(503, 'Upscaling is not configured on this site yet');
    }
    if (!option.available) {
      throw invalid(
        'resolution',
        `Resolution ${resolution} is not available for this image`,
        'This resolution is not available for this image',
        { reason: option.reason },
      );
    }
    return { option, licence: tier?.licence ?? null };
  }

  /**
   * The visitor's own open session of the same file, resolution, e-mail and price from the
   * last minutes (a double click, a second try). Only the same visitor: the job's `ipHash`
   * (the salted hash of address and user agent) must match, so knowing a buyer's e-mail,
   * file and resolution never yields their job id or Checkout Session. Without an e-mail
   * or a visitor hash nothing is reused (docs/architecture.md "Security model").
   */
  async function reusable(
    body: CheckoutBody,
    option: PricedOption,
    licence: Licence | null,
    currency: string,
    fileId: number,
    secretKey: string,
    ipHash: string | null,
  ): Promise<CheckoutResult | null> {
    if (!body.email || !ipHash) return null;
    const job = await jobs.findOne({
      fileId,
      resolution: option.resolution,
      email: body.email,
      ipHash,
      status: 'awaiting_payment',
      amount: option.amount,
      currency,
      licenceId: licence ? licence.id : { $null: true },
      createdAt: { $gt: new Date(Date.now() - REUSE_WINDOW_MINUTES * 60_000) },
      stripeCheckoutSessionId: { $notNull: true },
    });
    if (!job?.stripeCheckoutSessionId) return null;
    try {
      const sessions = stripeClient(secretKey).checkout.sessions;
      const session = await sessions.retrieve(job.stripeCheckoutSessionId);
      if (session.status === 'open' && session.url && sameRequest(session, body)) {
        return { created: false, jobId: job.jobId, checkoutUrl: session.url };
      }
    } catch (error) {
      const message = (error as Error).message;
      strapi.log.warn(
        `[sell-my-images] could not reuse checkout session of job ${job.jobId}: ${message}`,
      );
    }
    return null;
  }

  /** Stripe refused or could not be reached: the job is abandoned, the buyer told plainly. */
  const sessionFailed = (jobId: string, error: unknown) => failed(`job ${jobId}`, [jobId], error);

  async function checkout(
    body: CheckoutBody,
    visitor: { ipHash: string | null },
  ): Promise<CheckoutResult> {
    const { file, settings } = await deps.quotes.sellableFile(body.fileId);
    const priced = await deps.quotes.priced(file, settings);
    const { currency } = priced;
    const { option, licence } = chosen(priced, body, settings.upscaler);
    const secretKey = settings.stripeSecretKey;
    if (!secretKey) {
      notices.refusedForMissingSetting('stripe_key');
      throw httpError(503, 'Payments are not configured on this site yet');
    }
    const target = returnTarget(body, settings);
    const reused = await reusable(
      body,
      option,
      licence,
      currency,
      file.id,
      secretKey,
      visitor.ipHash,
    );
    if (reused) return reused;

    const jobId = randomUUID();
    const job = await jobs.create(
      saleJobFields(strapi, {
        jobId,
        file,
        option,
        licence,
        currency,
        settings,
        body,
        target,
        ipHash: visitor.ipHash,
      }),
      { reason: 'checkout started', actor: 'visitor' },
    );
    emitJobEvent(strapi, 'created', job);
    const context = { body, settings, currency, target, secretKey };
    try {
      return {
        created: true,
        jobId,
        checkoutUrl: await opener.openSession(job, file, option, context),
      };
    } catch (error) {
      return sessionFailed(jobId, error);
    }
  }

  return {
    /** Counted by outcome (README "Monitoring"). */
    async checkout(body: CheckoutBody, visitor: { ipHash: string | null }) {
      const result = await checkout(body, visitor).catch((error: unknown) => {
        deps.metrics.checkout(errorOutcome(error));
        throw error;
      });
      deps.metrics.checkout(result.created ? 'created' : 'reused');
      return result;
    },
  };
}

export type CheckoutService = ReturnType<typeof createCheckoutService>;
