/**
 * The placeholders of the customer e-mails and the tiny template syntax the owner writes
 * (docs/architecture.md "Customer e-mails"):
 *
 * - `{{name}}` is replaced by a value (escaped in the HTML part);
 * - `{{#name}}…{{/name}}` is kept only when `name` has a value (blocks may nest);
 * - a blank line starts a new paragraph, a line break stays a line break;
 * - a paragraph starting with `# ` is the heading;
 * - `[label]({{downloadUrl}})` is a link (a button when alone in its paragraph); a link
 *   placeholder alone is written as a clickable address;
 * - a list placeholder (`{{items}}` of the order e-mail) alone in its paragraph is a list,
 *   one line per item in the plain text.
 *
 * Shared by the settings schema (an unknown placeholder is refused when saving), the server
 * (sending) and the admin (its live preview), so the preview is exactly what is sent.
 */
import type { CustomerEmailKind } from './contracts/email-templates';

/** Every placeholder, in the order the admin lists them. */
export const EMAIL_PLACEHOLDERS = [
  'siteName',
  'imageName',
  'resolution',
  'width',
  'height',
  'method',
  'downloadUrl',
  'expiresAt',
  'maxDownloads',
  'licence',
  'licenceUrl',
  'invoiceUrl',
  'orderId',
  'amount',
  'refundAmount',
  'supportEmail',
  'termsUrl',
  'items',
  'zipUrl',
] as const;
export type EmailPlaceholder = (typeof EMAIL_PLACEHOLDERS)[number];

/** One item of a list placeholder: its text and, when it has one, its link (http(s) only). */
export interface EmailListItem {
  text: string;
  url?: string | null;
  /** The link's label (the address itself when none). */
  label?: string;
}

/** A value; null, '' or an empty list means "none" (its `{{#name}}` blocks are left out). */
export type EmailValue = string | number | null | readonly EmailListItem[];

/** Values of one e-mail. */
export type EmailValues = Partial<Record<EmailPlaceholder, EmailValue>>;

const COMMON: readonly EmailPlaceholder[] = [
  'siteName',
  'imageName',
  'resolution',
  'orderId',
  'amount',
  'supportEmail',
  'termsUrl',
];

/** The placeholders each e-mail knows (the others are refused in its template). */
export const PLACEHOLDERS_BY_KIND: Readonly<
  Record<CustomerEmailKind, readonly EmailPlaceholder[]>
> = {
  link: [
    ...COMMON,
    'width',
    'height',
    'method',
    'downloadUrl',
    'expiresAt',
    'maxDownloads',
    'licence',
    'licenceUrl',
    'invoiceUrl',
  ],
  reminder: [
    ...COMMON,
    'width',
    'height',
    'downloadUrl',
    'expiresAt',
    'maxDownloads',
    'licence',
    'licenceUrl',
    'invoiceUrl',
  ],
  failure: [...COMMON, 'refundAmount'],
  order: [
    'siteName',
    'orderId',
    'amount',
    'items',
    'zipUrl',
    'expiresAt',
    'maxDownloads',
    'refundAmount',
    'supportEmail',
    'termsUrl',
  ],
};

/** Placeholders whose value is an address: written as a link in the HTML part. */
export const LINK_PLACEHOLDERS: ReadonlySet<EmailPlaceholder> = new Set<EmailPlaceholder>([
  'downloadUrl',
  'licenceUrl',
  'invoiceUrl',
  'termsUrl',
  'zipUrl',
]);

/** `{{name}}`, `{{#name}}` or `{{/name}}` (spaces allowed inside the braces). */
export const TOKEN = /\{\{\s*([#/]?)\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

export type TemplatePart =
  { kind: 'text'; text: string } | { kind: 'block'; name: string; parts: TemplatePart[] };

/** Thrown by `parseTemplate` for a block that is not closed or closed twice. */
export class TemplateSyntaxError extends Error {}

/**
 * The template as text (with its `{{name}}` tokens left in place) and conditional blocks.
 * Unknown names are not checked here (see `templateProblems`).
 */
export function parseTemplate(source: string): TemplatePart[] {
  const root: TemplatePart[] = [];
  const stack: Array<{ name: string; parts: TemplatePart[] }> = [];
  const current = () => stack[stack.length - 1]?.parts ?? root;
  let last = 0;
  for (const match of source.matchAll(TOKEN)) {
    const [token, sign = '', name = ''] = match;
    const index = match.index ?? 0;
    if (!sign) continue;
    if (index > last) current().push({ kind: 'text', text: source.slice(last, index) });
    last = index + token.length;
    if (sign === '#') {
      const block = { kind: 'block' as const, name, parts: [] as TemplatePart[] };
      current().push(block);
      stack.push(block);
    } else {
      const open = stack.pop();
      if (!open || open.name !== name)
        throw new TemplateSyntaxError(`{{/${name}}} closes no {{#${name}}} block`);
    }
  }
  if (stack.length)
    throw new TemplateSyntaxError(`{{#${stack[stack.length - 1]?.name}}} is not closed`);
  if (last < source.length) current().push({ kind: 'text', text: source.slice(last) });
  return root;
}

/**
 * What is wrong with a template the owner wrote for `kind`: unknown placeholders (or ones
 * this e-mail does not have) and unbalanced blocks, one message each; empty when none.
 */
export function templateProblems(source: string, kind: CustomerEmailKind): string[] {
  const known = new Set<string>(PLACEHOLDERS_BY_KIND[kind]);
  const problems = new Set<string>();
  for (const match of source.matchAll(TOKEN)) {
    const name = match[2] as string;
    if (known.has(name)) continue;
    problems.add(
      (EMAIL_PLACEHOLDERS as readonly string[]).includes(name)
        ? `The placeholder {{${name}}} is not available in this e-mail`
        : `Unknown placeholder {{${name}}}`,
    );
  }
  try {
    parseTemplate(source);
  } catch (error) {
    if (!(error instanceof TemplateSyntaxError)) throw error;
    problems.add(error.message);
  }
  return [...problems];
}
