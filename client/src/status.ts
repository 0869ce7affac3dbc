import type { Api } from './api';
import { h, openDialog } from './dom';
import type { Texts } from './texts';

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
 * Back from Stripe (`?smi_job=…&smi_session=…`): shows the job's progress, polling with
 * backoff, and the download link when it is ready.
 */
export function followReturn(
  api: Api,
  texts: Texts,
  params: URLSearchParams,
  sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
): Promise<void> | null {
  const jobId = params.get('smi_job');
  const session = params.get('smi_session');
  if (!jobId || !session || params.get('smi_status') === 'cancelled') return null;
  let open = true;
  const ui = openDialog(texts.statusTitle, texts.close, () => (open = false));
  const message = h('p', { role: 'status', 'aria-live': 'polite' }, texts.waiting);
  // Filled while a local AI upscale reports its parts done.
  const bar = h('progress', { 'aria-label': texts.processing });
  ui.body.append(message);
  return (async () => {
    const started = Date.now();
    for (let delay = 1000; open; delay = Math.min(delay * 1.5, 10_000)) {
      try {
        const job = await api.job(jobId, session);
        if (job.status === 'completed' && job.downloadUrl) {
          bar.remove();
          message.textContent = texts.ready;
          const link = h(
            'a',
            { class: 'smi-btn', href: job.downloadUrl, download: '' },
            texts.download,
          );
          ui.body.append(link);
          link.focus();
          return;
        }
        if (job.status === 'failed') return void (message.textContent = texts.jobFailed);
        if (job.status === 'abandoned') return void (message.textContent = texts.abandoned);
        message.textContent = job.paymentStatus === 'paid' ? texts.processing : texts.waiting;
        if (job.progress && job.progress.total > 0) {
          bar.max = job.progress.total;
          bar.value = job.progress.done;
          if (!bar.isConnected) message.after(bar);
        }
      } catch (e) {
        message.textContent = (e as Error).message;
      }
      if (Date.now() - started > MAX_WAIT_MS) return void (message.textContent = texts.slow);
      await sleep(delay);
    }
  })();
}
