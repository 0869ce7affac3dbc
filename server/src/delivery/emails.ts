/**
 * The customer e-mails (docs/architecture.md "Customer e-mails"): each is rendered in the
 * buyer's language (the job's `locale`) from the owner's template for that language and
 * kind, or the default text, by the renderer the admin's preview uses. Every value is
 * escaped in the HTML part; the sender and site name come from the settings.
 */
import { emailLanguageOf, type CustomerEmailKind } from '../../../shared/contracts/email-templates';
import type { EmailTemplates } from '../../../shared/contracts/settings-commerce';
import { formatMoney } from '../../../shared/currency';
import type { EmailValues } from '../../../shared/email-placeholders';
import {
  emailLocale,
  formatEmailDate,
  renderEmail,
  type RenderedEmail,
} from '../../../shared/email-rendering';
import { EMAIL_TEXTS, emailTemplateFor } from '../../../shared/email-texts';

export type MailContent = RenderedEmail;

export interface MailContext {
  siteName: string | null;
  supportEmail: string | null;
  termsUrl: string | null;
  maxDownloads: number | null;
  emailTemplates: EmailTemplates | null | undefined;
}

/** What the e-mail says about the job (the job's fields, as the repository reads them). */
export interface MailJob {
  jobId: string;
  locale: string | null;
  fileName: string | null;
  resolution: string;
  outputWidth: number | null;
  outputHeight: number | null;
  amount: number | null;
  amountTotal: number | null;
  amountRefunded: number | null;
  currency: string | null;
  licenceName: string | null;
  invoiceUrl: string | null;
  /** How it was made: `isAi` false says non-AI; `method` names the AI when the provider says. */
  isAi: boolean;
  method?: string;
}

/** The addresses built for this mail: the download link (link, reminder) and the licence page. */
export interface MailLinks {
  downloadUrl: string | null;
  expiresAt: Date | null;
  licenceUrl: string | null;
}

const webAddress = (value: string | null) => (value && /^https?:\/\//i.test(value) ? value : null);

/** The placeholders' values of one e-mail, formatted in the buyer's language. */
export function mailValues(
  ctx: MailContext,
  job: MailJob,
  links: MailLinks,
  kind: CustomerEmailKind,
): EmailValues {
  const language = emailLanguageOf(job.locale);
  const { words } = EMAIL_TEXTS[language];
  const currency = job.currency ?? 'usd';
  const money = (minor: number) => formatMoney(minor, currency, emailLocale(language));
  const paid = job.amountTotal ?? job.amount ?? 0;
  return {
    siteName: ctx.siteName ?? words.ourSite,
    imageName: job.fileName ?? words.yourImage,
    resolution: job.resolution,
    width: job.outputWidth ?? 0,
    height: job.outputHeight ?? 0,
    method: !job.isAi ? words.nonAi : job.method ? words.upscaledWith(job.method) : null,
    downloadUrl: kind === 'failure' ? null : links.downloadUrl,
    expiresAt:
      links.expiresAt && kind !== 'failure' ? formatEmailDate(links.expiresAt, language) : null,
    maxDownloads: ctx.maxDownloads,
    licence: job.licenceName,
    licenceUrl: links.licenceUrl,
    invoiceUrl: webAddress(job.invoiceUrl),
    orderId: job.jobId,
    amount: money(paid),
    refundAmount: kind === 'failure' ? money(job.amountRefunded || paid) : null,
    supportEmail: ctx.supportEmail,
    termsUrl: webAddress(ctx.termsUrl),
  };
}

/** One customer e-mail about `job`, in its buyer's language, as it is sent. */
export function customerMail(
  ctx: MailContext,
  job: MailJob,
  links: MailLinks,
  kind: CustomerEmailKind,
): MailContent {
  const language = emailLanguageOf(job.locale);
  const template = emailTemplateFor(ctx.emailTemplates, language, kind);
  return renderEmail(template, mailValues(ctx, job, links, kind), language);
}
