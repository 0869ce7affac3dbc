import type { OrderStatusAnswer } from '../../shared/contracts/cart';
import type { JobStatusAnswer } from '../../shared/contracts/jobs';
import { ShopError, type Api } from './api';
import { h, openDialog } from './dom';
import { failure, line, notes } from './receipt';
import type { Texts } from './texts';
import { promoCode, visitorLocale } from './visitor';

const MAX_WAIT_MS = 20 * 60_000;

/** `href` without the parameters `drop` names (unchanged when it has none). */
function without(href: string, drop: (key: string) => boolean): string {
  const url = new URL(href);
  const keys = [...url.searchParams.keys()].filter(drop);
  if (!keys.length) return href;
  for (const key of keys) url.searchParams.delete(key);
  return url.toString();
}

const returnParam = (key: string) => key.startsWith('smi_');

/** `href` without the `smi_*` parameters Stripe's return added (unchanged when it has none). */
export const withoutReturnParams = (href: string) => without(href, returnParam);

/**
 * This page as a purchase names it: no fragment, no return parameters of an earlier one,
 * and no `promo` (the purchase sends the code once, as `promo`; the address bar keeps it).
 */
export const currentPage = () =>
  without(location.href.split('#')[0], (key) => returnParam(key) || key === 'promo');

/**
 * What a checkout (one image's or the cart's) says of where it comes from: the e-mail if
 * given, this page, where Stripe returns to, the visitor's language and promotion code.
 */
export function checkoutContext(
  options: { returnUrl?: string; locale?: string; promo?: string },
  email: string,
) {
  const page = currentPage();
  const locale = visitorLocale(options.locale);
  const promo = promoCode(options.promo);
  email = email.trim();
  return {
    ...(email ? { email } : {}),
    sourcePage: page,
    returnUrl: options.returnUrl ? withoutReturnParams(options.returnUrl) : page,
    ...(locale ? { locale } : {}),
    ...(promo ? { promo } : {}),
  };
}

/** The price's tax note (" plus tax", " incl. tax") when the shop uses Stripe Tax. */
export const taxNote = (tax: { behavior: string } | null | undefined, texts: Texts) =>
  tax ? ` ${tax.behavior === 'inclusive' ? texts.inclTax : texts.plusTax}` : '';

/** An error's words: the shop's (a `ShopError`), else the generic ones. */
export const errorText = (e: unknown, texts: Texts) =>
  e instanceof ShopError ? e.message : texts.failed;

/**
 * Back from Stripe (`?smi_job=…&smi_session=…`, or a cart's `?smi_order=…&smi_session=…`):
 * shows what was bought and its progress, polling with backoff, then each download link
 * (and a cart's ZIP), the focus on the main one.
 */
export function followReturn(
  api: Api,
  texts: Texts,
  params: URLSearchParams,
  sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
): Promise<void> | null {
  const jobId = params.get('smi_job');
  const orderId = params.get('smi_order');
  const session = params.get('smi_session');
  if (!(jobId || orderId) || !session || params.get('smi_status') === 'cancelled') return null;
  let open = true;
  const ui = openDialog(orderId ? texts.orderTitle : texts.statusTitle, texts.close, () => {
    open = false;
  });
  const message = h('p', { role: 'status', 'aria-live': 'polite' }, texts.waiting);
  const list = h('ul', { class: 'smi-lines' });
  ui.body.append(message, list);
  let shown = '';

  /** Shows the lines; true once every one is settled (the focus then goes to the main link). */
  function show(lines: JobStatusAnswer[], { zipUrl, expiresAt }: Partial<OrderStatusAnswer> = {}) {
    // Redrawn only when something changed: the focus on a finished line's link stays.
    const key = JSON.stringify(lines);
    if (key !== shown) list.replaceChildren(...lines.map((job) => line(job, texts, !!orderId)));
    shown = key;
    const [first] = lines;
    // completed, failed and abandoned (the statuses ending in "d") are final.
    const done = lines.every((job) => /d$/.test(job.status));
    message.textContent = lines.some((job) => job.downloadUrl)
      ? texts.ready
      : !done
        ? first.paymentStatus === 'paid'
          ? texts.processing
          : texts.waiting
        : first.status === 'abandoned'
          ? texts.abandoned
          : orderId
            ? texts.jobFailed
            : failure(first, texts);
    if (!done) return;
    const zip = zipUrl ? h('a', { class: 'smi-btn', href: zipUrl, download: '' }, texts.zip) : '';
    // A cart's links live as long as its ZIP; each line counts its own downloads.
    ui.body.append(
      zip,
      ...notes(orderId ? { expiresAt, emailMasked: first.emailMasked } : first, texts),
    );
    (zip || list.querySelector('a'))?.focus();
    return true;
  }

  return (async () => {
    const started = Date.now();
    for (let delay = 1000; open; delay = Math.min(delay * 1.5, 10_000)) {
      try {
        if (orderId) {
          const order = await api.order(orderId, session);
          if (show(order.lines, order)) return;
        } else if (show([await api.job(jobId as string, session)])) return;
      } catch (e) {
        message.textContent = (e as Error).message;
      }
      if (Date.now() - started > MAX_WAIT_MS) return void (message.textContent = texts.slow);
      await sleep(delay);
    }
  })();
}
