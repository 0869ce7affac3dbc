/**
 * The "My purchases" page (`GET /purchases?token=`, docs/architecture.md "Previews, cart
 * and purchases"): self-contained HTML like the licence page (inline style allowed by its
 * hash, no script, not indexed, never cached), in the buyer's language, with one form per
 * purchase posting to `/purchases/link`. Every refusal is one page: 404 for a link that
 * does not work, 410 for an expired link or a file no longer stored.
 */
import { createHash } from 'node:crypto';
import type { PurchasesAnswer } from '../../../shared/contracts/purchases';
import { escapeHtml } from '../../../shared/email-rendering';
import type { Job } from '../jobs/repository';

type Language = 'en' | 'fr';

const STRINGS = {
  en: {
    title: 'Your purchases',
    intro: (email: string, site: string) => `Images bought with ${email} at ${site}.`,
    until: (when: string) => `This page works until ${when}.`,
    none: 'No purchase of this address can be downloaded again now.',
    resolution: 'Resolution',
    size: 'File size',
    licence: 'Licence',
    date: 'Bought on',
    amount: 'Amount',
    redownload: 'New links until',
    fresh: 'Get a fresh link',
    stored: 'This file is no longer stored.',
    again: 'To see this list later, ask again with “My purchases” on the site.',
    invalidTitle: 'This link does not work',
    invalid: 'Check that you copied the whole link from the e-mail, or ask for a new one.',
    expiredTitle: 'This link has expired',
    expired:
      'Links to your purchases work for 30 minutes. Ask for a new one with “My purchases” on the site: it is e-mailed at once.',
    goneTitle: 'This file is no longer stored',
    gone: 'No new link can be made for it. Please contact the site if you need it.',
  },
  fr: {
    title: 'Vos achats',
    intro: (email: string, site: string) => `Images achetées avec ${email} sur ${site}.`,
    until: (when: string) => `Cette page fonctionne jusqu’au ${when}.`,
    none: 'Aucun achat de cette adresse ne peut être téléchargé à nouveau pour le moment.',
    resolution: 'Résolution',
    size: 'Taille du fichier',
    licence: 'Licence',
    date: 'Acheté le',
    amount: 'Montant',
    redownload: 'Nouveaux liens jusqu’au',
    fresh: 'Obtenir un nouveau lien',
    stored: 'Ce fichier n’est plus conservé.',
    again: 'Pour revoir cette liste plus tard, redemandez-la avec « Mes achats » sur le site.',
    invalidTitle: 'Ce lien ne fonctionne pas',
    invalid: 'Vérifiez que vous avez copié tout le lien de l’e-mail, ou demandez-en un nouveau.',
    expiredTitle: 'Ce lien a expiré',
    expired:
      'Les liens vers vos achats fonctionnent 30 minutes. Demandez-en un nouveau avec « Mes achats » sur le site : il est envoyé aussitôt.',
    goneTitle: 'Ce fichier n’est plus conservé',
    gone: 'Aucun nouveau lien ne peut être créé. Contactez le site si vous en avez besoin.',
  },
};

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;color:#1f1f1f;background:#f6f6f9;margin:0}' +
  'main{max-width:46rem;margin:1rem auto;background:#fff;padding:1.25rem;border-radius:8px}' +
  'h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:0 0 .5rem;overflow-wrap:anywhere}' +
  'ul{list-style:none;padding:0;margin:1rem 0}li{display:flex;gap:1rem;padding:1rem 0;' +
  'border-top:1px solid #ddd;flex-wrap:wrap}img{width:96px;height:96px;object-fit:cover;' +
  'border-radius:4px;background:#eee}li>div{flex:1 1 16rem}dl{display:grid;' +
  'grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0 0 .75rem}dt{font-weight:600}' +
  'dd{margin:0}button{font:inherit;background:#4945ff;color:#fff;border:0;border-radius:6px;' +
  'padding:.5rem 1rem;cursor:pointer}button:focus-visible{outline:3px solid #ffb400;' +
  'outline-offset:2px}.sr{position:absolute;width:1px;height:1px;overflow:hidden;' +
  'clip:rect(0 0 0 0);white-space:nowrap}.muted{color:#595959}';

/** The page's headers: its style by hash, images from `imageOrigins`, forms to `formOrigin`. */
export function purchasesPageHeaders(
  imageOrigins: readonly string[],
  formOrigin: string,
): Record<string, string> {
  const images = ["'self'", ...new Set(imageOrigins)].join(' ');
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy':
      "default-src 'none'; " +
      `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; ` +
      `img-src ${images}; form-action 'self' ${formOrigin}; ` +
      "base-uri 'none'; frame-ancestors 'none'",
    'Cache-Control': 'private, no-store',
    'X-Robots-Tag': 'noindex, nofollow',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
  };
}

const e = escapeHtml;

function layout(language: Language, title: string, site: string, body: string[]): string {
  return [
    '<!doctype html>',
    `<html lang="${language}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    '<meta name="robots" content="noindex,nofollow">',
    `<title>${e(`${title} — ${site}`)}</title>`,
    `<style>${STYLE}</style></head><body><main>`,
    ...body,
    '</main></body></html>',
  ].join('\n');
}

const dateIn = (language: Language, iso: string, withTime = false) =>
  new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'long',
    ...(withTime ? { timeStyle: 'short' } : {}),
    timeZone: 'UTC',
  }).format(new Date(iso)) + (withTime ? ' UTC' : '');

const bytesIn = (language: Language, bytes: number) =>
  `${new Intl.NumberFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    maximumFractionDigits: 1,
  }).format(bytes / 1_048_576)} MB`;

/** The page listing `answer`'s purchases, each with its "Get a fresh link" form. */
export function renderPurchasesPage(
  page: { answer: PurchasesAnswer; language: Language; site: string; rows: Job[] },
  token: string,
  linkAction: string,
): string {
  const { answer, language, site } = page;
  const t = STRINGS[language];
  const rows = new Map(page.rows.map((job) => [job.jobId, job]));
  const items = answer.purchases.map((purchase) => {
    const job = rows.get(purchase.jobId);
    const bytes = Number(job?.storedFileBytes ?? 0);
    const size =
      purchase.width && purchase.height
        ? `${purchase.resolution} — ${purchase.width} × ${purchase.height} px`
        : purchase.resolution;
    const facts: Array<[string, string]> = [
      [t.resolution, size],
      ...(bytes > 0 ? [[t.size, bytesIn(language, bytes)] as [string, string]] : []),
      ...(purchase.licenceName ? [[t.licence, purchase.licenceName] as [string, string]] : []),
      [t.date, dateIn(language, purchase.paidAt)],
      [t.amount, purchase.formatted],
      [t.redownload, dateIn(language, purchase.redownloadUntil)],
    ];
    const action = job?.fileExpiredAt
      ? `<p class="muted">${e(t.stored)}</p>`
      : `<form method="post" action="${e(linkAction)}">` +
        `<input type="hidden" name="token" value="${e(token)}">` +
        `<input type="hidden" name="jobId" value="${e(purchase.jobId)}">` +
        `<button type="submit">${e(t.fresh)}<span class="sr"> — ${e(purchase.title)}</span></button></form>`;
    return [
      '<li>',
      purchase.thumbnailUrl ? `<img src="${e(purchase.thumbnailUrl)}" alt="">` : '',
      `<div><h2>${e(purchase.title)}</h2><dl>`,
      ...facts.map(([label, value]) => `<dt>${e(label)}</dt><dd>${e(value)}</dd>`),
      `</dl>${action}</div></li>`,
    ].join('');
  });
  return layout(language, t.title, site, [
    `<h1>${e(t.title)}</h1>`,
    `<p>${e(t.intro(answer.email, site))} ${e(t.until(dateIn(language, answer.expiresAt, true)))}</p>`,
    items.length ? `<ul>${items.join('\n')}</ul>` : `<p>${e(t.none)}</p>`,
    `<p class="muted">${e(t.again)}</p>`,
  ]);
}

/** The one refusal page: 404 for a link that does not work, 410 expired or file gone. */
export function renderRefusalPage(
  reason: 'invalid' | 'expired' | 'gone',
  language: Language,
  site: string,
): { status: 404 | 410; html: string } {
  const t = STRINGS[language];
  const [title, text] =
    reason === 'expired'
      ? [t.expiredTitle, t.expired]
      : reason === 'gone'
        ? [t.goneTitle, t.gone]
        : [t.invalidTitle, t.invalid];
  const html = layout(language, title, site, [`<h1>${e(title)}</h1>`, `<p>${e(text)}</p>`]);
  return { status: reason === 'invalid' ? 404 : 410, html };
}
