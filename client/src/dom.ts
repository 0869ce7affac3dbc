/** Tiny DOM builder: `h('p', { class: 'x' }, 'text', child)`. Text is always text, never HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === true) el.setAttribute(name, '');
    else if (typeof value === 'string') el.setAttribute(name, value);
  }
  el.append(...children);
  return el;
}

const FOCUSABLE =
  'a[href],button:not([disabled]),input:not([disabled]),[tabindex]:not([tabindex="-1"])';

let uid = 0;

/**
 * An accessible modal dialog: role="dialog", aria-modal, labelled by its title; focus
 * moves in, Tab stays inside, Esc and the close button close it, and focus returns to
 * whatever opened it.
 */
export function openDialog(title: string, closeLabel: string, onClose?: () => void) {
  const opener = document.activeElement as HTMLElement | null;
  const titleId = `smi-title-${++uid}`;
  const body = h('div');
  const close = h('button', { type: 'button', class: 'smi-close', 'aria-label': closeLabel }, '×');
  const dialog = h(
    'div',
    { class: 'smi-dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId },
    h('h2', { id: titleId }, title),
    close,
    body,
  );
  const backdrop = h('div', { class: 'smi-backdrop' }, dialog);

  function dismiss() {
    backdrop.remove();
    document.removeEventListener('keydown', onKey, true);
    opener?.focus?.();
    onClose?.();
  }
  function onKey(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      dismiss();
    } else if (event.key === 'Tab') {
      const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)];
      const first = items[0];
      const last = items[items.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  }
  close.addEventListener('click', dismiss);
  backdrop.addEventListener('click', (event) => event.target === backdrop && dismiss());
  document.addEventListener('keydown', onKey, true);
  document.body.append(backdrop);
  close.focus();
  return {
    dialog,
    body,
    close: dismiss,
    focusFirst: () =>
      (dialog.querySelector<HTMLElement>('input,button:not(.smi-close)') ?? close).focus(),
  };
}
