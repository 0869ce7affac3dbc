/**
 * A cart order's one e-mail (docs/architecture.md "Customer e-mails", "Previews, cart and
 * purchases"): sent once every line has settled (delivered, or failed for good and refunded),
 * it lists each delivered line with its download link, each refunded line with its amount,
 * and links the ZIP of every delivered file. Like every customer e-mail it is an outbox row
 * first (delivery/outbox, kind `order`, one per order) and rendered when it is sent, in the
 * lines' language, from the owner's template or the default text.
 */
import type { Core } from '@strapi/strapi';
import { emailLanguageOf } from '../../../shared/contracts/email-templates';
import { formatMoney } from '../../../shared/currency';
import type { EmailListItem, EmailValues } from '../../../shared/email-placeholders';
import { emailLocale, formatEmailDate, renderEmail } from '../../../shared/email-rendering';
import { EMAIL_TEXTS, emailTemplateFor } from '../../../shared/email-texts';
import type { Job } from '../jobs/repository';
import { deliveryRevoked } from '../jobs/states';
import { JOB_UID } from '../plugin-id';
import type { EffectiveSettings } from '../settings/settings';
import { downloadUrl } from './download-tokens';
import type { MailContent } from './emails';
import { orderZipUrl } from './order-links';

/** The lines of an order, in their order (`orderLine`). */
export async function orderLinesOf(strapi: Core.Strapi, orderId: string): Promise<Job[]> {
  return (await strapi.db.query(JOB_UID).findMany({
    where: { orderId },
    orderBy: [{ orderLine: 'asc' }, { id: 'asc' }],
  })) as Job[];
}

/** A line's link while it works: completed, delivery standing, link and file not expired. */
export function deliveredUntil(job: Job, now = Date.now()): Date | null {
  if (job.status !== 'completed' || deliveryRevoked(job) || job.fileExpiredAt) return null;
  if (!job.downloadExpiresAt || !job.downloadTokenHash) return null;
  const expiresAt = new Date(job.downloadExpiresAt);
  return expiresAt.getTime() > now ? expiresAt : null;
}

/**
 * A line whose own cost went back (its line refund, or the whole charge's). A share of a
 * Dashboard refund leaves it `partially_refunded`: a failed line waits for its own refund.
 */
export const refundedLine = (job: Job): boolean => job.paymentStatus === 'refunded';

/** Every line is there and settled: completed, or failed for good and refunded. */
export function orderSettled(lines: Job[]): boolean {
  const size = lines[0]?.orderSize ?? 0;
  if (!lines.length || lines.length < size) return false;
  return lines.every(
    (line) => line.status === 'completed' || (line.status === 'failed' && refundedLine(line)),
  );
}

/** The latest expiry of the delivered lines: the ZIP's link lives as long as one of them. */
export function orderZipExpiry(expiries: Array<Date | null>): Date | null {
  const times = expiries.flatMap((date) => (date ? [date.getTime()] : []));
  return times.length ? new Date(Math.max(...times)) : null;
}

interface OrderMailContext {
  siteName: string | null;
  supportEmail: string | null;
  termsUrl: string | null;
  maxDownloads: number | null;
}

const webAddress = (value: string | null) => (value && /^https?:\/\//i.test(value) ? value : null);

/** The order e-mail's values; null when it has nothing to say (no line delivered or refunded). */
export function orderMailValues(
  strapi: Core.Strapi,
  ctx: OrderMailContext,
  lines: Job[],
  now = Date.now(),
): EmailValues | null {
  const first = lines[0];
  if (!first?.orderId) return null;
  const language = emailLanguageOf(first.locale);
  const { words } = EMAIL_TEXTS[language];
  const money = (minor: number) =>
    formatMoney(minor, first.currency ?? 'usd', emailLocale(language));
  const items: EmailListItem[] = [];
  const expiries: Date[] = [];
  let paid = 0;
  let refunded = 0;
  for (const line of lines) {
    const name = line.fileName ?? words.yourImage;
    const cost = line.amountTotal ?? line.amount ?? 0;
    paid += cost;
    const expiresAt = deliveredUntil(line, now);
    if (expiresAt) {
      expiries.push(expiresAt);
      const text = words.orderItem(
        name,
        line.resolution,
        line.outputWidth ?? 0,
        line.outputHeight ?? 0,
      );
      items.push({ text, url: downloadUrl(strapi, line, expiresAt), label: words.download });
    } else if (refundedLine(line)) {
      const amount = line.amountRefunded || cost;
      refunded += amount;
      items.push({ text: words.orderItemRefunded(name, line.resolution, money(amount)) });
    }
  }
  if (!items.length) return null;
  const zipExpiry = orderZipExpiry(expiries);
  const firstExpiry = expiries.length ? new Date(Math.min(...expiries.map(Number))) : null;
  return {
    siteName: ctx.siteName ?? words.ourSite,
    orderId: first.orderId,
    amount: money(paid),
    items,
    zipUrl: zipExpiry ? orderZipUrl(strapi, first.orderId, zipExpiry) : null,
    expiresAt: firstExpiry ? formatEmailDate(firstExpiry, language) : null,
    maxDownloads: ctx.maxDownloads,
    refundAmount: refunded > 0 ? money(refunded) : null,
    supportEmail: ctx.supportEmail,
    termsUrl: webAddress(ctx.termsUrl),
  };
}

/** The order e-mail as sent, or null when it has nothing to say. */
export function orderMail(
  strapi: Core.Strapi,
  settings: EffectiveSettings,
  lines: Job[],
): MailContent | null {
  const values = orderMailValues(strapi, settings, lines);
  if (!values) return null;
  const language = emailLanguageOf(lines[0]?.locale);
  const template = emailTemplateFor(settings.emailTemplates, language, 'order');
  return renderEmail(template, values, language);
}
