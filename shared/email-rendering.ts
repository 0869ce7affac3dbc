/**
 * Renders a customer e-mail from its template (shared/email-placeholders.ts describes the
 * syntax) into a subject, a plain-text part and an HTML part, every value escaped in the
 * HTML (docs/architecture.md "Customer e-mails"). The server sends what this returns and
 * the admin's live preview shows it with sample values.
 */
import type { EmailLanguage } from './contracts/email-templates';
import {
  LINK_PLACEHOLDERS,
  parseTemplate,
  TOKEN,
  type EmailListItem,
  type EmailPlaceholder,
  type EmailValue,
  type EmailValues,
  type TemplatePart,
} from './email-placeholders';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface EmailTemplateText {
  subject: string;
  body: string;
}

export const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string,
  );

const BUTTON_STYLE =
  'display:inline-block;background:#4945ff;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:600';
const LINK_STYLE = 'color:#4945ff;word-break:break-all';

const LOCALES: Record<EmailLanguage, string> = { en: 'en-GB', fr: 'fr-FR' };

/** The language's locale for dates and amounts (`en-GB`, `fr-FR`). */
export const emailLocale = (language: EmailLanguage) => LOCALES[language];

/** One formatter per language, made on first use (building one costs far more than using it). */
const DATE_FORMATS = new Map<EmailLanguage, Intl.DateTimeFormat>();

/** A date as the e-mails write it, in the buyer's language and UTC. */
export function formatEmailDate(date: Date, language: EmailLanguage): string {
  let format = DATE_FORMATS.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[language], {
      dateStyle: 'full',
      timeStyle: 'short',
      timeZone: 'UTC',
    });
    DATE_FORMATS.set(language, format);
  }
  return `${format.format(date)} UTC`;
}

const present = (value: EmailValue | undefined): value is NonNullable<EmailValue> =>
  value !== null && value !== undefined && value !== '' && !(isList(value) && !value.length);

function isList(value: EmailValue | undefined): value is readonly EmailListItem[] {
  return Array.isArray(value);
}

const isWebAddress = (value: string) => /^https?:\/\/\S+$/i.test(value);

/** A list item as plain text: `- text: address` (an address only when it is http(s)). */
const itemText = (item: EmailListItem) =>
  `- ${item.text}${item.url && isWebAddress(item.url) ? `: ${item.url}` : ''}`;

/** A list item in HTML: its text escaped, then its link when it has an http(s) one. */
const itemHtml = (item: EmailListItem) =>
  escapeHtml(item.text) +
  (item.url && isWebAddress(item.url)
    ? ` — <a href="${escapeHtml(item.url)}" style="${LINK_STYLE}">${escapeHtml(item.label ?? item.url)}</a>`
    : '');

const listOf = (values: EmailValues, name: string): readonly EmailListItem[] | null => {
  const value = values[name as EmailPlaceholder];
  return isList(value) && value.length ? value : null;
};

const valueOf = (values: EmailValues, name: string): string => {
  const value = values[name as EmailPlaceholder];
  if (isList(value)) return value.map(itemText).join('\n');
  return present(value) ? String(value) : '';
};

/** The template with its blocks resolved: text with `{{name}}` tokens only. */
function resolveBlocks(parts: TemplatePart[], values: EmailValues): string {
  return parts
    .map((part) =>
      part.kind === 'text'
        ? part.text
        : present(values[part.name as EmailPlaceholder])
          ? resolveBlocks(part.parts, values)
          : '',
    )
    .join('');
}

/** `[label](target)` with a placeholder or an http(s) address as the target, or `{{name}}`. */
const INLINE = new RegExp(
  String.raw`\[([^\]\n]+)\]\(\s*(?:\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}|(https?:\/\/[^\s)]+))\s*\)|` +
    TOKEN.source,
  'g',
);

interface Inline {
  text: string;
  html: string;
}

/** One paragraph's text and HTML; a `[label](url)` alone in it is a button. */
function renderInline(source: string, values: EmailValues): Inline & { button: boolean } {
  let text = '';
  let html = '';
  let last = 0;
  const button = /^\s*\[[^\]\n]+\]\([^)]*\)\s*$/.test(source);
  for (const match of source.matchAll(INLINE)) {
    const index = match.index ?? 0;
    const before = source.slice(last, index);
    text += before;
    html += escapeHtml(before);
    last = index + match[0].length;
    const [, label, target, literal, , name] = match;
    if (label !== undefined) {
      const url = literal ?? valueOf(values, target ?? '');
      if (isWebAddress(url)) {
        text += `${label}: ${url}`;
        html += `<a href="${escapeHtml(url)}" style="${button ? BUTTON_STYLE : LINK_STYLE}">${escapeHtml(label)}</a>`;
      } else {
        text += label;
        html += escapeHtml(label);
      }
      continue;
    }
    const value = valueOf(values, name ?? '');
    text += value;
    const list = listOf(values, name ?? '');
    if (list) html += list.map(itemHtml).join('\n');
    else if (LINK_PLACEHOLDERS.has(name as EmailPlaceholder) && isWebAddress(value))
      html += `<a href="${escapeHtml(value)}" style="${LINK_STYLE}">${escapeHtml(value)}</a>`;
    else if (name === 'supportEmail' && value)
      html += `<a href="mailto:${escapeHtml(value)}" style="${LINK_STYLE}">${escapeHtml(value)}</a>`;
    else html += escapeHtml(value);
  }
  const rest = source.slice(last);
  text += rest;
  html += escapeHtml(rest);
  return { text, html: html.replace(/\r?\n/g, '<br>'), button };
}

function layout(language: EmailLanguage, siteName: string, blocks: string): string {
  return `<!doctype html><html lang="${language}"><body style="margin:0;background:#f4f4f7;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2430">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:32px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;padding:32px">
<tr><td><p style="margin:0 0 8px;font-size:13px;color:#6b7080">${escapeHtml(siteName)}</p>
${blocks}
</td></tr></table></td></tr></table></body></html>`;
}

/** The subject: its blocks and placeholders resolved, on one line. */
function renderSubject(source: string, values: EmailValues): string {
  return resolveBlocks(parseTemplate(source), values)
    .replace(
      TOKEN,
      (_, _sign: string, name: string) =>
        listOf(values, name)
          ?.map((item) => item.text)
          .join(', ') ?? valueOf(values, name),
    )
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The e-mail as sent. The template must be valid (`templateProblems` empty): the defaults
 * are, and the settings refuse an owner's template that is not.
 */
export function renderEmail(
  template: EmailTemplateText,
  values: EmailValues,
  language: EmailLanguage,
): RenderedEmail {
  const body = resolveBlocks(parseTemplate(template.body.replace(/\r\n?/g, '\n')), values);
  const paragraphs = body
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '');
  const texts: string[] = [];
  const blocks: string[] = [];
  for (const paragraph of paragraphs) {
    // A list placeholder alone in its paragraph: a list, one line per item in the text part.
    const alone = /^\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}$/.exec(paragraph);
    const list = alone ? listOf(values, alone[1] as string) : null;
    if (list) {
      texts.push(list.map(itemText).join('\n'));
      const items = list.map((item) => `<li style="margin:0 0 8px">${itemHtml(item)}</li>`);
      blocks.push(
        `<ul style="margin:0 0 16px;padding-left:20px;line-height:1.5">${items.join('')}</ul>`,
      );
      continue;
    }
    const heading = /^#\s+/.exec(paragraph);
    const inline = renderInline(heading ? paragraph.slice(heading[0].length) : paragraph, values);
    texts.push(inline.text);
    if (heading) blocks.push(`<h1 style="margin:0 0 16px;font-size:22px">${inline.html}</h1>`);
    else if (inline.button) blocks.push(`<p style="margin:0 0 24px">${inline.html}</p>`);
    else blocks.push(`<p style="margin:0 0 16px;line-height:1.5">${inline.html}</p>`);
  }
  return {
    subject: renderSubject(template.subject, values),
    text: `${texts.join('\n\n')}\n`,
    html: layout(language, valueOf(values, 'siteName'), blocks.join('\n')),
  };
}
