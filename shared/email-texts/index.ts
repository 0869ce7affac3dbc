/**
 * The default customer e-mails per language (docs/architecture.md "Customer e-mails"), and
 * the template an e-mail is sent with: the owner's for that language and kind, else the default.
 */
import type { CustomerEmailKind, EmailLanguage } from '../contracts/email-templates';
import type { EmailTemplates } from '../contracts/settings-commerce';
import type { EmailTemplateText } from '../email-rendering';
import { EN } from './en';
import { FR } from './fr';
import type { EmailTexts } from './types';

export type { EmailTexts } from './types';

export const EMAIL_TEXTS: Readonly<Record<EmailLanguage, EmailTexts>> = { en: EN, fr: FR };

export const defaultEmailTemplate = (
  language: EmailLanguage,
  kind: CustomerEmailKind,
): EmailTemplateText => EMAIL_TEXTS[language].templates[kind];

/** The owner's template for this language and e-mail when there is one, else the default. */
export function emailTemplateFor(
  templates: EmailTemplates | null | undefined,
  language: EmailLanguage,
  kind: CustomerEmailKind,
): EmailTemplateText {
  return templates?.[language]?.[kind] ?? defaultEmailTemplate(language, kind);
}
