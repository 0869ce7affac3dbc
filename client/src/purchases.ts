/**
 * "My purchases" (README "My purchases"): `openPurchases()` opens a dialog asking for the
 * e-mail address a buyer paid with; the shop e-mails a link to the list of their purchases
 * (valid 30 minutes). The answer is the same whether the address bought or not.
 * A separate entry (`strapi-plugin-sell-my-images/client/purchases`): a page with only buy
 * buttons does not load it.
 */
import type { PurchasesLookupRequest } from '../../shared/contracts/purchases';
import { h, openDialog } from './dom';
import { injectStyles, type Options } from './index';
import { TEXTS_FR, textsFor } from './texts';
import { visitorLocale } from './visitor';

export const PURCHASES_TEXTS = {
  title: 'My purchases',
  email: 'Your e-mail address',
  send: 'Send me the link',
  sent: 'If this address bought here, a link is on its way (valid 30 minutes).',
};
export type PurchasesTexts = typeof PURCHASES_TEXTS;

export const PURCHASES_TEXTS_FR: PurchasesTexts = {
  title: 'Mes achats',
  email: 'Votre adresse e-mail',
  send: 'Recevoir le lien',
  sent: 'Si cette adresse a acheté ici, un lien est en route (valable 30 minutes).',
};

/** The built-in texts for a language tag (`fr…` → French, else English). */
export const purchasesTextsFor = (locale?: string): PurchasesTexts =>
  textsFor(locale) === TEXTS_FR ? PURCHASES_TEXTS_FR : PURCHASES_TEXTS;

export type PurchasesOptions = Options & { purchasesTexts?: Partial<PurchasesTexts> };

/** Opens the "My purchases" dialog: an e-mail field, then the shop's answer. */
export function openPurchases(options: PurchasesOptions = {}): void {
  injectStyles();
  const locale = visitorLocale(options.locale);
  const texts = { ...textsFor(locale), ...options.texts };
  const t = { ...purchasesTextsFor(locale), ...options.purchasesTexts };
  const base = (options.apiUrl ?? '').replace(/\/$/, '');
  const prefix = (options.apiPrefix ?? '/api').replace(/\/$/, '');
  const dialog = openDialog(t.title, texts.close);
  const input = h('input', {
    type: 'email',
    id: 'smi-pe',
    required: true,
    autocomplete: 'email',
  });
  const status = h('p', { class: 'smi-error', role: 'status' });
  const send = h('button', { type: 'submit', class: 'smi-btn' }, t.send);
  const form = h(
    'form',
    {},
    h('label', { class: 'smi-field', for: input.id }, t.email),
    input,
    status,
    send,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    send.disabled = true;
    // JSON leaves out an undefined locale
    const body: PurchasesLookupRequest = { email: input.value, locale };
    let message = texts.network;
    try {
      const res = await fetch(`${base}${prefix}/sell-my-images/purchases/lookup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      message = res.status === 202 ? t.sent : res.status === 429 ? texts.rateLimited : texts.failed;
      if (res.status === 202) {
        status.className = '';
        form.replaceChildren(status);
        dialog.dialog.querySelector<HTMLElement>('.smi-close')?.focus();
      }
    } catch {
      // network: the message says so
    }
    status.textContent = message;
    send.disabled = false;
  });
  dialog.body.append(form);
  dialog.focusFirst();
}
