/**
 * The Overview checklist's "Send test e-mail" (README "Setup checklist"): a short message
 * sent the way customer e-mails go, so the owner sees the provider, sender and reply-to
 * at work before a buyer does.
 */
import type { MailContent } from '../delivery/emails';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export function testEmailContent(siteName: string | null): MailContent {
  const site = siteName ?? 'your site';
  const text = `This is a test e-mail from Sell My Images on ${site}.\n\nIt was sent the way download links are sent to buyers: if you read this, buyers will receive their links.`;
  return {
    subject: `Test e-mail from Sell My Images (${site})`,
    text,
    html: text
      .split('\n\n')
      .map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`)
      .join(''),
  };
}
