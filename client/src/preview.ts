/**
 * The live before/after preview of the purchase dialog (docs/architecture.md "Previews,
 * cart and purchases"): two stacked images and a keyboard-operable slider between them.
 * While the shop prepares it, a polite note says so and the dialog asks again (bounded);
 * the buy button never waits for it.
 */
import type { Api } from './api';
import { h } from './dom';
import type { Texts } from './texts';

/** Asks at most this often (backoff to 10 s: about four minutes), then shows no preview. */
const TRIES = 30;

export function createPreview(api: Api, fileId: string, texts: Texts, onShown: () => void) {
  const img = (alt: string) => h('img', { alt });
  const before = img(texts.before);
  const after = img(texts.after);
  const handle = h('div', {
    role: 'slider',
    tabindex: '0',
    class: 'smi-pv-h',
    'aria-label': texts.compare,
    'aria-valuemin': '0',
    'aria-valuemax': '100',
  });
  const stage = h(
    'div',
    { class: 'smi-pv' },
    before,
    h('div', { class: 'smi-pv-a' }, after),
    handle,
    h('span', { class: 'smi-pv-l' }, texts.before),
    h('span', { class: 'smi-pv-l smi-pv-r' }, texts.after),
  );
  // Says "Preparing…", then who made "after".
  const note = h('small', { 'aria-live': 'polite' });
  const root = h('div', {}, stage, note);
  let token = 0;

  function set(value: number) {
    const v = Math.max(0, Math.min(100, Math.round(value)));
    stage.style.setProperty('--smi-pv', `${v}%`);
    handle.setAttribute('aria-valuenow', String(v));
  }
  handle.addEventListener('keydown', (event) => {
    const key = event.key;
    const step = /Right|Up/.test(key) ? 5 : /Left|Down/.test(key) ? -5 : 0;
    if (!step && key !== 'Home' && key !== 'End') return;
    event.preventDefault();
    const now = Number(handle.getAttribute('aria-valuenow'));
    set(key === 'Home' ? 0 : key === 'End' ? 100 : now + step);
  });
  const drag = (event: PointerEvent) => {
    if (event.type === 'pointermove' && !event.buttons) return;
    const box = stage.getBoundingClientRect();
    set(((event.clientX - box.left) * 100) / box.width);
  };
  stage.addEventListener('pointerdown', drag);
  stage.addEventListener('pointermove', drag);

  /** Shows the preview of `resolution` (a newer call replaces an older one). */
  async function show(resolution: string) {
    const mine = ++token;
    root.hidden = false;
    stage.hidden = true;
    note.textContent = texts.preparing;
    for (let tries = 0, wait = 1; tries < TRIES; tries++, wait = Math.min(wait * 1.5, 10)) {
      const answer = await api.preview(fileId, resolution).catch(() => null);
      if (mine !== token || !root.isConnected) return;
      if (answer?.state === 'ready') {
        before.src = answer.beforeUrl as string;
        after.src = answer.afterUrl as string;
        note.textContent = `${texts.after}: ${answer.madeWith?.label}`;
        set(50);
        stage.hidden = false;
        onShown();
        return;
      }
      if (answer?.state !== 'preparing') break;
      await new Promise((done) =>
        setTimeout(done, Math.max(answer.retryAfterSeconds ?? 1, wait) * 1e3),
      );
      if (mine !== token) return;
    }
    root.hidden = true;
  }

  stage.hidden = root.hidden = true;
  return { root, show };
}
