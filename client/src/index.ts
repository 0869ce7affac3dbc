/**
 * Sell My Images — the frontend helper. No dependencies. Renders a buy button for
 * `<img data-smi-file-id="…">` elements (and ones added later) or for a Strapi media
 * object, opens an accessible purchase dialog with live prices, sends the visitor to
 * Stripe Checkout, and after the return shows the download link.
 */
import { createApi, type Api } from './api';
import { openBuyDialog } from './buy';
import { currentPage, followReturn, withoutReturnParams } from './status';
import { CSS } from './styles';
import { TEXTS, TEXTS_FR, textsFor, type Texts } from './texts';
import { visitorLocale } from './visitor';

export { TEXTS, TEXTS_FR, type Texts };

export interface Media {
  id?: number | string;
  documentId?: string;
  width?: number | null;
  height?: number | null;
}

export interface Options {
  /** Where Strapi answers (e.g. https://cms.example.com); default: this page's origin. */
  apiUrl?: string;
  /** Strapi's REST API prefix (`api.rest.prefix` in its config/api); default `/api`. */
  apiPrefix?: string;
  /** Where Stripe sends the visitor back; default: this page (its origin must be allowed in the settings). */
  returnUrl?: string;
  termsUrl?: string;
  /** Images smaller than this (shorter side, px) get no button; the server decides anyway. */
  minImageSize?: number;
  /**
   * The visitor's language (`fr`, `fr-CA`): the dialog's texts (English, French) and
   * Stripe Checkout's and the e-mails' language. Default: `<html lang>`, else the browser's.
   */
  locale?: string;
  /** A promotion code to pre-apply at Checkout; default: the page's `?promo=CODE`. */
  promo?: string;
  texts?: Partial<Texts>;
}

export interface Resolved {
  api: Api;
  texts: Texts;
  options: Options;
}

/** The API, texts and options an `Options` stands for (also used by the cart, client/src/cart.ts). */
export function resolve(options: Options = {}): Resolved {
  const texts = { ...textsFor(visitorLocale(options.locale)), ...options.texts };
  const base = (options.apiUrl ?? '').replace(/\/$/, '');
  const prefix = (options.apiPrefix ?? '/api').replace(/\/$/, '');
  return { api: createApi(base, texts, prefix), texts, options };
}

const styled = new Set<string>();

/**
 * The helper's styles (or the cart's, `css`), once: a constructed stylesheet
 * (`adoptedStyleSheets`), which a Content-Security-Policy without `style-src 'unsafe-inline'`
 * allows; a `<style>` element only in browsers without constructed stylesheets.
 */
export function injectStyles(css = CSS): void {
  if (styled.has(css) || typeof document === 'undefined') return;
  styled.add(css);
  if ('adoptedStyleSheets' in document && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    return;
  }
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
}

function makeButton(fileId: string, r: Resolved): HTMLButtonElement {
  injectStyles();
  const btn = document.createElement('button');
  btn.type = 'button';
  btn.className = 'smi-btn';
  btn.textContent = r.texts.button;
  btn.setAttribute('aria-haspopup', 'dialog');
  btn.dataset.smiFor = fileId;
  btn.addEventListener('click', () => {
    r.api.click(fileId, currentPage());
    void openBuyDialog(r.api, fileId, {
      texts: r.texts,
      termsUrl: r.options.termsUrl,
      returnUrl: r.options.returnUrl,
      locale: r.options.locale,
      promo: r.options.promo,
    });
  });
  return btn;
}

/** A buy button for a Strapi media object (`{ id, documentId, width, height }`), or null when too small. */
export function button(media: Media, options: Options = {}): HTMLButtonElement | null {
  const min = options.minImageSize ?? 0;
  if (media.width && media.height && Math.min(media.width, media.height) < min) return null;
  const fileId = String(media.documentId ?? media.id ?? '');
  return fileId ? makeButton(fileId, resolve(options)) : null;
}

/** Adds a button after every `img[data-smi-file-id]` under `root` that has none yet. */
export function scan(
  root: ParentNode = document,
  options: Options = {},
  r = resolve(options),
): number {
  let added = 0;
  root
    .querySelectorAll<HTMLImageElement>('img[data-smi-file-id]:not([data-smi-ready])')
    .forEach((img) => {
      img.dataset.smiReady = '1';
      const width = Number(img.dataset.smiWidth ?? img.naturalWidth ?? 0);
      const height = Number(img.dataset.smiHeight ?? img.naturalHeight ?? 0);
      const min = options.minImageSize ?? 0;
      if (width && height && Math.min(width, height) < min) return;
      img.insertAdjacentElement('afterend', makeButton(img.dataset.smiFileId as string, r));
      added++;
    });
  return added;
}

/** Scans the page, watches for images added later, and handles the return from Stripe. */
export function init(options: Options = {}) {
  const r = resolve(options);
  injectStyles();
  scan(document, options, r);
  const observer = new MutationObserver(() => scan(document, options, r));
  observer.observe(document.body, { childList: true, subtree: true });
  const returned = followReturn(r.api, r.texts, new URLSearchParams(location.search));
  // The return parameters (the Checkout Session id among them) were read: they leave the
  // address bar, so they are not bookmarked, shared, sent as a Referer or reused.
  const page = withoutReturnParams(location.href);
  if (page !== location.href) history.replaceState(history.state, '', page);
  return { stop: () => observer.disconnect(), returned };
}
