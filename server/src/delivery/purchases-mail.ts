/**
 * The "My purchases" e-mail (docs/architecture.md "Previews, cart and purchases"): a fixed
 * security e-mail like a sign-in link, in English or French, not an owner template. It is
 * tied to no job, so it does not go through the outbox (whose rows are a job's mails): it is
 * sent off the request path through the same mailer, tried again a few times within the
 * link's 30 minutes, and its failures are logged without the address or the link.
 */
import type { Core } from '@strapi/strapi';
import { PURCHASES_LINK_MINUTES } from '../../../shared/contracts/purchases';
import { escapeHtml } from '../../../shared/email-rendering';
import type { EffectiveSettings } from '../settings/settings';
import { redactSecrets } from '../utils/redact';
import { mailErrorText } from './mail-schedule';
import { sendMail } from './mailer';
import type { MailContent } from './emails';

/** Waits before the 2nd, 3rd and 4th tries (the link lasts 30 minutes). */
export const PURCHASES_MAIL_RETRY_MS: readonly number[] = [10_000, 60_000, 300_000];

const TEXTS = {
  en: {
    subject: (site: string) => `Your purchases at ${site}`,
    hello: (site: string) =>
      `Someone, hopefully you, asked for the purchases made with this e-mail address at ${site}.`,
    open: 'See my purchases',
    valid: (minutes: number) =>
      `This link works for ${minutes} minutes. On that page you can get a fresh download link for each image.`,
    ignore: 'If you did not ask, you can ignore this e-mail: nothing changes.',
  },
  fr: {
    subject: (site: string) => `Vos achats sur ${site}`,
    hello: (site: string) =>
      `Quelqu’un, sans doute vous, a demandé les achats faits avec cette adresse e-mail sur ${site}.`,
    open: 'Voir mes achats',
    valid: (minutes: number) =>
      `Ce lien fonctionne pendant ${minutes} minutes. Sur cette page, vous pouvez obtenir un nouveau lien de téléchargement pour chaque image.`,
    ignore: 'Si vous n’avez rien demandé, ignorez cet e-mail : rien ne change.',
  },
};

/** The e-mail with its link to the purchases page, in `language`. */
export function purchasesMail(language: 'en' | 'fr', site: string, url: string): MailContent {
  const t = TEXTS[language];
  const paragraphs = [t.hello(site), t.valid(PURCHASES_LINK_MINUTES), t.ignore];
  const text = [paragraphs[0], `${t.open}: ${url}`, ...paragraphs.slice(1)].join('\n\n');
  const p = (value: string) => `<p>${escapeHtml(value)}</p>`;
  const html = [
    `<!doctype html><html lang="${language}"><body style="font-family:system-ui,sans-serif">`,
    p(paragraphs[0] as string),
    `<p><a href="${escapeHtml(url)}">${escapeHtml(t.open)}</a></p>`,
    ...paragraphs.slice(1).map((value) => p(value)),
    '</body></html>',
  ].join('\n');
  return { subject: t.subject(site), text, html };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref?.());

/**
 * Sends `content` to `to`, trying again after each of `delays`; never throws. The
 * address and the link never reach the log.
 */
export async function sendPurchasesMail(
  strapi: Core.Strapi,
  settings: EffectiveSettings,
  to: string,
  content: MailContent,
  delays: readonly number[] = PURCHASES_MAIL_RETRY_MS,
): Promise<boolean> {
  for (let attempt = 0; attempt <= delays.length; attempt++) {
    try {
      await sendMail(strapi, settings, to, content);
      return true;
    } catch (error) {
      const reason = mailErrorText(error, redactSecrets);
      const next = delays[attempt];
      if (next === undefined) {
        strapi.log.error(`[sell-my-images] purchases e-mail failed for good: ${reason}`);
        return false;
      }
      strapi.log.warn(`[sell-my-images] purchases e-mail not sent, tried again later: ${reason}`);
      await wait(next);
    }
  }
  return false;
}
