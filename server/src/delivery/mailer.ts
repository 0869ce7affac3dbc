/**
 * Sends the customer e-mails (delivery/emails renders them in the buyer's language) through Strapi's email plugin,
 * whatever provider the site configured, with the sender and reply-to from the settings.
 */
import type { Core } from '@strapi/strapi';
import type { Job } from '../jobs/repository';
import type { EffectiveSettings } from '../settings/settings';
import { isUpscalerName, UPSCALER_IS_AI, UPSCALER_LABELS } from '../upscalers';
import { downloadUrl } from './download-tokens';
import { customerMail, type MailContent, type MailContext } from './emails';
import { licencePageUrl } from './licence-links';

function mailContext(settings: EffectiveSettings): MailContext {
  return {
    siteName: settings.siteName,
    supportEmail: settings.supportEmail,
    termsUrl: settings.termsUrl,
    maxDownloads: settings.maxDownloads,
    emailTemplates: settings.emailTemplates,
  };
}

/**
 * `"Site, Inc" <shop@example.com>`: the display name as an RFC 5322 quoted-string (a
 * comma, `<`, `@` or `;` in a bare name would make mail software read other addresses),
 * with `"` and `\` escaped and line breaks removed (no header injection).
 */
export function mailbox(name: string, address: string): string {
  const quoted = name.replace(/[\r\n]+/g, ' ').replace(/["\\]/g, '\\$&');
  return `"${quoted}" <${address}>`;
}

export async function sendMail(
  strapi: Core.Strapi,
  settings: EffectiveSettings,
  to: string,
  content: MailContent,
): Promise<void> {
  const email = strapi.plugin('email')?.service('email') as
    { send(options: Record<string, unknown>): Promise<unknown> } | undefined;
  if (!email) throw new Error('The email plugin is not available');
  const { siteName, senderEmail } = settings;
  await email.send({
    to,
    ...(senderEmail ? { from: siteName ? mailbox(siteName, senderEmail) : senderEmail } : {}),
    ...(settings.supportEmail ? { replyTo: settings.supportEmail } : {}),
    subject: content.subject,
    text: content.text,
    html: content.html,
  });
}

/** How the copy was made, as the e-mail says it (local AI: the label and its model). */
function method(job: Job): { isAi: boolean; method?: string } {
  const name = job.upscaler ?? 'sharp';
  const isAi = isUpscalerName(name) ? UPSCALER_IS_AI[name] : false;
  const detail =
    job.upscalerDetail && isUpscalerName(name)
      ? `${UPSCALER_LABELS[name]}, ${job.upscalerDetail}`
      : null;
  return { isAi, ...(detail ? { method: detail } : {}) };
}

/**
 * Which customer e-mail: the link (completion, resend, new link), its reminder, the refund,
 * or a cart order's one e-mail (delivery/order-mail, sent by the outbox itself).
 */
export type CustomerMail =
  | { kind: 'link'; expiresAt: Date }
  | { kind: 'reminder'; expiresAt: Date }
  | { kind: 'failure' }
  | { kind: 'order'; orderId: string };

type JobMail = Exclude<CustomerMail, { kind: 'order' }>;

function render(
  strapi: Core.Strapi,
  settings: EffectiveSettings,
  job: Job,
  mail: JobMail,
): MailContent {
  const links = {
    downloadUrl: mail.kind === 'failure' ? null : downloadUrl(strapi, job, mail.expiresAt),
    expiresAt: mail.kind === 'failure' ? null : mail.expiresAt,
    // The licence page is linked from the e-mails that deliver (not from the refund).
    licenceUrl: mail.kind === 'failure' ? null : licencePageUrl(strapi, job),
  };
  return customerMail(mailContext(settings), { ...job, ...method(job) }, links, mail.kind);
}

/** Sends one customer e-mail about `job` to its buyer. */
export async function sendCustomerMail(
  strapi: Core.Strapi,
  settings: EffectiveSettings,
  job: Job & { email: string },
  mail: JobMail,
): Promise<void> {
  await sendMail(strapi, settings, job.email, render(strapi, settings, job, mail));
}
