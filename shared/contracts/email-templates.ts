/**
 * The customer e-mails and the languages they are sent in (README "Customer e-mails"). The buyer's
 * language is kept on the job (`locale`); each e-mail has a default text per language
 * that the owner may replace in the admin (settings `emailTemplates`).
 */

/** Languages customer e-mails (and the admin) are written in; others fall back to English. */
export const EMAIL_LANGUAGES = ['en', 'fr'] as const;
export type EmailLanguage = (typeof EMAIL_LANGUAGES)[number];

/**
 * The customer e-mails: `link` (the image is ready), `reminder` (the link expires soon),
 * `failure` (it could not be made; the payment is refunded), `order` (a cart order once every
 * line settled: each line's link or refund and the ZIP). Same names as `MAIL_KINDS`.
 */
export const CUSTOMER_EMAIL_KINDS = ['link', 'reminder', 'failure', 'order'] as const;
export type CustomerEmailKind = (typeof CUSTOMER_EMAIL_KINDS)[number];

/** The language of a visitor's `locale` (`fr-CA` → `fr`); English when not one of ours. */
export function emailLanguageOf(locale: string | null | undefined): EmailLanguage {
  const language = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return (EMAIL_LANGUAGES as readonly string[]).includes(language)
    ? (language as EmailLanguage)
    : 'en';
}
