import type { CartItem } from '../../shared/contracts/cart';
import type { PriceOption } from '../../shared/contracts/prices';
import type { Api } from './api';
import { h, openDialog } from './dom';
import { createPreview } from './preview';
import { checkoutContext, currentPage, errorText, taxNote } from './status';
import type { Texts } from './texts';

interface BuyOptions {
  texts: Texts;
  termsUrl?: string;
  returnUrl?: string;
  /** The visitor's language as the site gives it (else the page's, else the browser's). */
  locale?: string;
  /** A promotion code as the site gives it (else the page's `?promo=`). */
  promo?: string;
}

/** One labelled radio button of a group (`smi-resolution`, `smi-licence`). */
function radio(group: string, fileId: string, value: string) {
  const id = `smi-${group}-${fileId}-${value}`;
  const input = h('input', { type: 'radio', name: `smi-${group}`, id, value });
  const label = h('label', { for: id });
  return { input, label, row: h('div', { class: 'smi-opt' }, input, label) };
}

/**
 * A control another part adds beside Buy, given the dialog's current choice (null: none
 * available): the cart's "Add to cart" (client/src/cart.ts), registered by `enableCart`,
 * so the ES module without the cart carries none of it.
 */
export type DialogAction = (choice: () => CartItem | null) => Node;
export const dialogActions: DialogAction[] = [];

type Radio = ReturnType<typeof radio>;
const picked = (radios: Radio[]) => radios.find((r) => r.input.checked);

/**
 * The purchase dialog: live prices, resolution and licence choice (when the shop defines
 * licences; each priced by the server), optional e-mail, then Stripe.
 */
export async function openBuyDialog(api: Api, fileId: string, options: BuyOptions): Promise<void> {
  const { texts } = options;
  const ui = openDialog(texts.title, texts.close);
  const error = h('p', { class: 'smi-error', role: 'alert' });
  ui.body.append(h('p', { 'aria-live': 'polite' }, texts.loading), error);
  let prices;
  try {
    prices = await api.prices(fileId);
  } catch (e) {
    ui.body.firstChild?.remove();
    error.textContent = errorText(e, texts);
    return;
  }
  const { options: base, licences = [], tax } = prices;
  // With Stripe Tax, the price is said with or without tax as the shop's setting is.
  const suffix = taxNote(tax, texts);
  const priced = (option: PriceOption) => `${option.formatted}${suffix}`;
  const resolutions = base.map((option) => radio('resolution', fileId, option.resolution));
  const licenceRadios = licences.map((licence) => radio('licence', fileId, licence.id));
  if (licenceRadios[0]) licenceRadios[0].input.checked = true;
  // The chosen licence's terms, as text: the owner's words are never read as HTML.
  const terms = h('p', { class: 'smi-terms' });
  const disclosure = h('details', {}, h('summary', {}, texts.licenceTerms), terms);
  const email = h('input', {
    type: 'email',
    id: `smi-email-${fileId}`,
    autocomplete: 'email',
    'aria-describedby': `smi-email-hint-${fileId}`,
  });
  const submit = h('button', { type: 'submit', class: 'smi-btn' }, texts.buy);
  // Counted once per dialog, and told to checkout (docs/architecture.md "Previews, cart and purchases").
  let previewed = false;
  let previewing: string | undefined;
  const preview = createPreview(api, fileId, texts, () => {
    if (!previewed) api.click(fileId, currentPage(), 'preview');
    previewed = true;
  });

  /** Prices and availability follow the chosen licence, the licences' prices the resolution. */
  function update() {
    const licence = licences.find((l) => l.id === picked(licenceRadios)?.input.value);
    resolutions.forEach(({ input, label }, index) => {
      const option = licence?.options.find((o) => o.resolution === input.value) ?? base[index];
      const time = option.expectedSeconds
        ? `, ${texts.aboutMinutes.replace('{n}', String(Math.ceil(option.expectedSeconds / 60)))}`
        : '';
      const detail = `${option.width} × ${option.height} px${time}`;
      input.disabled = !option.available;
      if (input.disabled) input.checked = false;
      label.replaceChildren(
        `${option.resolution} — ${priced(option)} `,
        h('small', {}, option.available ? detail : `${detail}, ${texts.unavailable}`),
      );
    });
    const available = resolutions.find((r) => !r.input.disabled);
    if (!picked(resolutions) && available) available.input.checked = true;
    const resolution = picked(resolutions)?.input.value;
    licenceRadios.forEach(({ label }, index) => {
      const option = licences[index].options.find((o) => o.resolution === resolution);
      label.textContent = `${licences[index].name}${option ? ` — ${priced(option)}` : ''}`;
    });
    terms.textContent = licence?.text ?? '';
    disclosure.hidden = !licence?.text;
    submit.disabled = !available;
    if (resolution && resolution !== previewing) void preview.show((previewing = resolution));
  }

  const form = h(
    'form',
    {},
    h('fieldset', {}, h('legend', {}, texts.resolution), ...resolutions.map((r) => r.row)),
    preview.root,
    ...(licences.length
      ? [
          h('fieldset', {}, h('legend', {}, texts.licence), ...licenceRadios.map((r) => r.row)),
          disclosure,
        ]
      : []),
    // How the copy is made, as the shop labels it (e.g. AI on its own server, or a non-AI resize).
    ...(prices.upscaler
      ? [
          h(
            'p',
            { class: 'smi-method' },
            h(
              'small',
              {},
              `${texts.upscaledWith}: ${prices.upscaler.label}${prices.upscaler.model ? ` — ${prices.upscaler.model}` : ''}`,
            ),
          ),
        ]
      : []),
    h('label', { class: 'smi-field', for: email.id }, texts.email),
    email,
    h('p', { id: `smi-email-hint-${fileId}` }, h('small', {}, texts.emailHint)),
    ...(options.termsUrl
      ? [
          h(
            'p',
            {},
            h('a', { href: options.termsUrl, target: '_blank', rel: 'noopener' }, texts.terms),
          ),
        ]
      : []),
    error,
    submit,
    ...dialogActions.map((action) =>
      action(() => {
        const resolution = picked(resolutions)?.input.value;
        const licence = picked(licenceRadios)?.input.value;
        return resolution ? { fileId, resolution, ...(licence ? { licence } : {}) } : null;
      }),
    ),
  );
  update();
  form.addEventListener('change', update);
  ui.body.replaceChildren(form);
  ui.focusFirst();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = picked(resolutions);
    if (!chosen) return;
    const licence = picked(licenceRadios)?.input.value;
    submit.disabled = true;
    error.textContent = '';
    try {
      const { checkoutUrl } = await api.checkout({
        fileId,
        resolution: chosen.input.value,
        ...(licence ? { licence } : {}),
        ...checkoutContext(options, email.value),
        ...(previewed ? { previewed } : {}),
      });
      location.assign(checkoutUrl);
    } catch (e) {
      error.textContent = errorText(e, texts);
      submit.disabled = false;
    }
  });
}
