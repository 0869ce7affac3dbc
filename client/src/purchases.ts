/**
 * "My purchases" (README "My purchases"): `openPurchases()` opens a dialog asking for the
 * e-mail address a buyer paid with; the shop e-mails a link to the list of their purchases
 * (valid 30 minutes). The answer is the same whether the address bought or not.
 * A separate entry (`strapi-plugin-sell-my-images/client/purchases`): a page with only buy
 * buttons does not load it.
 */
import type { PurchasesLookupRequest } from '../../shared/contracts/purchases';
import { h, openDialog } from './dom';
import { injectStyles, resolve, type Options } from './index';
import { errorText } from './status';
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
  const { api, texts } = resolve(options);
  const t = { ...purchasesTextsFor(locale), ...options.purchasesTexts };
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
    try {
      // Always 202 (the same answer whether the address bought or not).
      await api.send('/purchases/lookup', body);
      status.className = '';
      form.replaceChildren(status);
      dialog.dialog.querySelector<HTMLElement>('.smi-close')?.focus();
      status.textContent = t.sent;
    } catch (e) {
      status.textContent = errorText(e, texts);
    }
    send.disabled = false;
  });
  dialog.body.append(form);
  dialog.focusFirst();
}
