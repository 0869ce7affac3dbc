/**
 * Sends the customer e-mails (delivery/emails renders them) through Strapi's email plugin,
 * whatever provider the site configured, with the sender and reply-to from the settings.
 */
import type { Core } from '@strapi/strapi';
import { formatMoney } from '../../../shared/currency';
import type { Job } from '../jobs/repository';
import type { EffectiveSettings } from '../settings/settings';
import { isUpscalerName, UPSCALER_IS_AI, UPSCALER_LABELS } from '../upscalers';
import { downloadUrl } from './download-tokens';
import {
  completionMail,
  failureMail,
  reminderMail,
  type MailContent,
  type MailContext,
} from './emails';

function mailContext(settings: EffectiveSettings): MailContext {
  return {
    siteName: settings.siteName ?? 'our site',
    supportEmail: settings.supportEmail,
    termsUrl: settings.termsUrl,
  };
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
  const sender = settings.siteName
    ? `${settings.siteName} <${settings.senderEmail}>`
    : settings.senderEmail;
  await email.send({
    to,
    ...(settings.senderEmail ? { from: sender } : {}),
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

/** The download link of a finished job, valid until `expiresAt` (completion, resend, new link). */
export async function sendLinkMail(
  strapi: Core.Strapi,
  settings: EffectiveSettings,
  job: Job & { email: string },
  expiresAt: Date,
): Promise<void> {
  const content = completionMail(
    mailContext(settings),
    {
      fileName: job.fileName ?? 'Your image',
      resolution: job.resolution,
      width: job.outputWidth ?? 0,
      height: job.outputHeight ?? 0,
      ...method(job),
    },
    {
      url: downloadUrl(strapi, job.jobId, expiresAt),
      expiresAt,
      maxDownloads: settings.maxDownloads,
    },
  );
  await sendMail(strapi, settings, job.email, content);
}

/** The link expires soon and was not used yet. */
export async function sendReminderMail(
  strapi: Core.Strapi,
  settings: EffectiveSettings,
  job: Job & { email: string },
  expiresAt: Date,
): Promise<void> {
  const content = reminderMail(
    mailContext(settings),
    { fileName: job.fileName ?? 'your image', resolution: job.resolution },
    { url: downloadUrl(strapi, job.jobId, expiresAt), expiresAt },
  );
  await sendMail(strapi, settings, job.email, content);
}

/** The copy could not be made; the payment was refunded. */
export async function sendFailureMail(
  strapi: Core.Strapi,
  settings: EffectiveSettings,
  job: Job & { email: string },
): Promise<void> {
  const content = failureMail(mailContext(settings), {
    fileName: job.fileName ?? 'your image',
    resolution: job.resolution,
    amount: formatMoney(job.amount ?? 0, job.currency ?? 'usd'),
    refunded: true,
  });
  await sendMail(strapi, settings, job.email, content);
}
