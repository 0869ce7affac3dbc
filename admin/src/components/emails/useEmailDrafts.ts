/**
 * The e-mails being edited on the page: the owner's saved templates (settings
 * `emailTemplates`), the drafts typed over them (kept while the owner switches between
 * e-mails, so nothing typed is lost), and the settings patch that saves or resets one.
 */
import { useEffect, useState } from 'react';
import type {
  CustomerEmailKind,
  EmailLanguage,
} from '../../../../shared/contracts/email-templates';
import type { EmailTemplates } from '../../../../shared/contracts/settings-commerce';
import type { EmailTemplateText } from '../../../../shared/email-rendering';
import { defaultEmailTemplate, emailTemplateFor } from '../../../../shared/email-texts';

export interface EmailChoice {
  language: EmailLanguage;
  kind: CustomerEmailKind;
}

const keyOf = ({ language, kind }: EmailChoice) => `${language}.${kind}`;
const same = (a: EmailTemplateText, b: EmailTemplateText) =>
  a.subject === b.subject && a.body === b.body;

/** The saved templates with `choice` set to `template` (or removed: null or the default text). */
export function withTemplate(
  saved: EmailTemplates,
  { language, kind }: EmailChoice,
  template: EmailTemplateText | null,
): EmailTemplates {
  const languageTemplates = { ...saved[language] };
  if (template && !same(template, defaultEmailTemplate(language, kind)))
    languageTemplates[kind] = template;
  else delete languageTemplates[kind];
  const next: EmailTemplates = { ...saved };
  if (Object.keys(languageTemplates).length) next[language] = languageTemplates;
  else delete next[language];
  return next;
}

export function useEmailDrafts(saved: EmailTemplates) {
  const [drafts, setDrafts] = useState<Record<string, EmailTemplateText>>({});
  const savedOf = (choice: EmailChoice) => emailTemplateFor(saved, choice.language, choice.kind);
  const current = (choice: EmailChoice) => drafts[keyOf(choice)] ?? savedOf(choice);
  const isDirty = (choice: EmailChoice) => {
    const draft = drafts[keyOf(choice)];
    return draft !== undefined && !same(draft, savedOf(choice));
  };
  const anyDirty = Object.entries(drafts).some(([key, draft]) => {
    const [language, kind] = key.split('.') as [EmailLanguage, CustomerEmailKind];
    return !same(draft, savedOf({ language, kind }));
  });

  // Leaving the page (closing the tab, reloading) with unsaved text asks first.
  useEffect(() => {
    if (!anyDirty) return undefined;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [anyDirty]);

  return {
    current,
    isDirty,
    anyDirty,
    /** Whether the owner replaced this e-mail's default (what "Reset to default" removes). */
    isCustom: (choice: EmailChoice) => Boolean(saved[choice.language]?.[choice.kind]),
    edit: (choice: EmailChoice, template: EmailTemplateText) =>
      setDrafts((all) => ({ ...all, [keyOf(choice)]: template })),
    forget: (choice: EmailChoice) =>
      setDrafts((all) => {
        const { [keyOf(choice)]: _, ...rest } = all;
        return rest;
      }),
  };
}
