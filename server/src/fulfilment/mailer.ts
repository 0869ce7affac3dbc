import type { Core } from '@strapi/strapi';
import type { EffectiveSettings } from '../services/settings';
import type { MailContent, MailContext } from './emails';

export function mailContext(settings: EffectiveSettings): MailContext {
  return {
    siteName: settings.siteName ?? 'our site',
    supportEmail: settings.supportEmail,
    termsUrl: settings.termsUrl,
  };
}

/** Sends through Strapi's email plugin (whatever provider the site configured). */
export async function sendMail(
  strapi: Core.Strapi,
  settings: EffectiveSettings,
  to: string,
  content: MailContent,
): Promise<void> {
  const email = strapi.plugin('email')?.service('email') as
    { send(options: Record<string, unknown>): Promise<unknown> } | undefined;
  if (!email) throw new Error('The email plugin is not available');
  await email.send({
    to,
    ...(settings.senderEmail
      ? {
          from: settings.siteName
            ? `${settings.siteName} <${settings.senderEmail}>`
            : settings.senderEmail,
        }
      : {}),
    ...(settings.supportEmail ? { replyTo: settings.supportEmail } : {}),
    subject: content.subject,
    text: content.text,
    html: content.html,
  });
}
