/**
 * The licence page of an order (`GET /api/sell-my-images/licence?order=&sig=`,
 * docs/architecture.md "Rights metadata and licence page"): a self-contained HTML page
 * showing the licence snapshot kept on the job (never the current settings), in the
 * buyer's language. A bad signature, an unknown order, an unpaid one and one without a
 * licence all get the same 404, so the page reveals nothing about which orders exist.
 */
import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Job, JobsService } from '../jobs/repository';
import type { SettingsService } from '../settings/settings';
import { errors } from '../utils/errors';
import { verifyLicenceSignature } from './licence-links';
import { siteNameOf } from './rights-metadata';
import { escapeHtml } from '../../../shared/email-rendering';

type Language = 'en' | 'fr';

const STRINGS: Record<Language, Record<string, string>> = {
  en: {
    title: 'Licence',
    intro: 'The licence under which this image was sold.',
    order: 'Order',
    date: 'Date of purchase',
    image: 'Image',
    size: 'Resolution and dimensions',
    licence: 'Licence',
    terms: 'Licence terms',
    noTerms: 'No terms were given with this licence.',
    refunded: 'This order was refunded or disputed: the licence no longer applies.',
    utc: 'UTC',
  },
  fr: {
    title: 'Licence',
    intro: 'La licence sous laquelle cette image a été vendue.',
    order: 'Commande',
    date: 'Date d’achat',
    image: 'Image',
    size: 'Résolution et dimensions',
    licence: 'Licence',
    terms: 'Conditions de la licence',
    noTerms: 'Aucune condition n’accompagne cette licence.',
    refunded: 'Cette commande a été remboursée ou contestée : la licence ne s’applique plus.',
    utc: 'UTC',
  },
};

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;color:#1f1f1f;background:#f6f6f9;margin:0}' +
  'main{max-width:42rem;margin:2rem auto;background:#fff;padding:2rem;border-radius:8px}' +
  'h1{font-size:1.5rem;margin:0 0 .25rem}dl{display:grid;grid-template-columns:max-content 1fr;' +
  'gap:.4rem 1rem}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}' +
  '.terms{white-space:pre-wrap;border-top:1px solid #ddd;padding-top:1rem}' +
  '.notice{background:#fdecea;padding:.75rem;border-radius:4px}';

/** The page's headers: no external asset may load, no framing, not indexed, not shared caches. */
export const LICENCE_PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy':
    "default-src 'none'; " +
    `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; ` +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'Cache-Control': 'private, no-cache',
  'X-Robots-Tag': 'noindex, nofollow',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
});

export const languageOf = (locale: string | null | undefined): Language =>
  locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';

type PageJob = Pick<
  Job,
  | 'jobId'
  | 'fileName'
  | 'resolution'
  | 'outputWidth'
  | 'outputHeight'
  | 'paidAt'
  | 'createdAt'
  | 'paymentStatus'
  | 'licenceName'
  | 'licenceText'
  | 'locale'
>;

/** The page of a job (its licence snapshot) for the site `site`. */
export function renderLicencePage(job: PageJob, site: string): string {
  const language = languageOf(job.locale);
  const t = STRINGS[language];
  const purchased = new Date(job.paidAt ?? job.createdAt);
  const date = new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(purchased);
  const size =
    job.outputWidth && job.outputHeight
      ? `${job.resolution} — ${job.outputWidth} × ${job.outputHeight} px`
      : job.resolution;
  const rows: Array<[string, string]> = [
    [t.order as string, job.jobId],
    [t.date as string, `${date} ${t.utc}`],
    [t.image as string, job.fileName ?? '—'],
    [t.size as string, size],
    [t.licence as string, job.licenceName ?? ''],
  ];
  const terms = job.licenceText?.trim();
  const revoked = job.paymentStatus === 'refunded' || job.paymentStatus === 'disputed';
  return [
    '<!doctype html>',
    `<html lang="${language}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    '<meta name="robots" content="noindex,nofollow">',
    `<title>${escapeHtml(`${t.title} — ${job.licenceName ?? ''} — ${site}`)}</title>`,
    `<style>${STYLE}</style></head><body><main>`,
    `<h1>${escapeHtml(site)}</h1><p>${escapeHtml(t.intro as string)}</p>`,
    revoked ? `<p class="notice">${escapeHtml(t.refunded as string)}</p>` : '',
    '<dl>',
    ...rows.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`),
    '</dl>',
    `<h2>${escapeHtml(t.terms as string)}</h2>`,
    `<div class="terms">${escapeHtml(terms || (t.noTerms as string))}</div>`,
    '</main></body></html>',
  ].join('\n');
}

/** One answer for every refusal, so the page reveals nothing about which orders exist. */
const notFound = () => new errors.NotFoundError('No licence page here');

/** The licence page of `jobId` when `signature` opens it and the paid job has a licence. */
export async function openLicencePage(
  strapi: Core.Strapi,
  deps: { jobs: JobsService; settings: SettingsService },
  jobId: string,
  signature: string,
): Promise<string> {
  if (!verifyLicenceSignature(strapi, jobId, signature)) throw notFound();
  const job = await deps.jobs.findByJobId(jobId);
  if (!job || !job.paidAt || !job.licenceId || !job.licenceName) throw notFound();
  return renderLicencePage(job, siteNameOf(strapi, await deps.settings.get()));
}
