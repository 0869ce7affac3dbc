/**
 * What Stripe took for a paid Checkout Session (docs/architecture.md "Money rules"): the
 * total, the tax and the discount in the settlement currency, the amount in the buyer's
 * currency when Adaptive Pricing showed another one, and the invoice Stripe created.
 */
import type { Core } from '@strapi/strapi';
import type Stripe from 'stripe';
import type { Job, JobPatch } from '../jobs/repository';
import type { SettingsService } from '../settings/settings';
import { idOf } from './stripe-event-jobs';
import { stripeClient } from './stripe-client';

export function createSessionAmounts(strapi: Core.Strapi, settings: SettingsService) {
  /** The hosted invoice page; a failed look-up is logged and leaves the link empty. */
  async function invoiceUrl(jobId: string, invoiceId: string): Promise<string | null> {
    try {
      const { stripeSecretKey } = await settings.get();
      if (!stripeSecretKey) return null;
      const invoice = await stripeClient(stripeSecretKey).invoices.retrieve(invoiceId);
      return invoice.hosted_invoice_url ?? null;
    } catch (error) {
      const message = (error as Error).message;
      strapi.log.warn(
        `[sell-my-images] invoice ${invoiceId} of job ${jobId} could not be read: ${message}`,
      );
      return null;
    }
  }

  /** The fields to record on the job; never throws (the payment goes on regardless). */
  async function paidAmounts(job: Job, session: Stripe.Checkout.Session): Promise<JobPatch> {
    const patch: JobPatch = {};
    if (session.amount_total !== null) patch.amountTotal = session.amount_total;
    patch.amountTax = session.total_details?.amount_tax ?? 0;
    patch.amountDiscount = session.total_details?.amount_discount ?? 0;
    const presentment = session.presentment_details;
    if (
      presentment &&
      presentment.presentment_currency.toLowerCase() !== session.currency?.toLowerCase()
    ) {
      patch.presentmentCurrency = presentment.presentment_currency.toLowerCase();
      patch.presentmentAmount = presentment.presentment_amount;
    }
    const invoiceId = idOf(session.invoice);
    if (invoiceId) {
      patch.stripeInvoiceId = invoiceId;
      const known = job.stripeInvoiceId === invoiceId ? job.invoiceUrl : null;
      patch.invoiceUrl = known ?? (await invoiceUrl(job.jobId, invoiceId));
    }
    return patch;
  }

  return { paidAmounts };
}
