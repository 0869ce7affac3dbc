import { ShopError, type Api } from './api';
import { h, openDialog } from './dom';
import { currentPage, withoutReturnParams } from './status';
import type { Texts } from './texts';

interface BuyOptions {
  texts: Texts;
  termsUrl?: string;
  returnUrl?: string;
}

/** The purchase dialog: live prices, resolution choice, optional e-mail, then Stripe. */
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
    error.textContent = e instanceof ShopError ? e.message : texts.failed;
    return;
  }
  const choices = prices.options.map((option, index) => {
    const id = `smi-res-${fileId}-${option.resolution}`;
    const time = option.expectedSeconds
      ? `, ${texts.aboutMinutes.replace('{n}', String(Math.ceil(option.expectedSeconds / 60)))}`
      : '';
    const detail = `${option.width} × ${option.height} px${time}`;
    return h(
      'div',
      { class: 'smi-opt' },
      h('input', {
        type: 'radio',
        name: 'smi-resolution',
        id,
        value: option.resolution,
        disabled: !option.available,
        checked: index === prices.options.findIndex((o) => o.available),
      }),
      h(
        'label',
        { for: id },
        `${option.resolution} — ${option.formatted} `,
        h('small', {}, option.available ? detail : `${detail}, ${texts.unavailable}`),
      ),
    );
  });
  const email = h('input', {
    type: 'email',
    id: `smi-email-${fileId}`,
    autocomplete: 'email',
    'aria-describedby': `smi-email-hint-${fileId}`,
  });
  const submit = h('button', { type: 'submit', class: 'smi-btn' }, texts.buy);
  const form = h(
    'form',
    {},
    h('fieldset', {}, h('legend', {}, texts.resolution), ...choices),
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
  );
  ui.body.replaceChildren(form);
  ui.focusFirst();
  if (!choices.some((c) => !(c.querySelector('input') as HTMLInputElement).disabled))
    submit.disabled = true;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = form.querySelector<HTMLInputElement>('input[name=smi-resolution]:checked');
    if (!chosen) return;
    submit.disabled = true;
    error.textContent = '';
    try {
      const page = currentPage();
      const { checkoutUrl } = await api.checkout({
        fileId,
        resolution: chosen.value,
        ...(email.value.trim() ? { email: email.value.trim() } : {}),
        sourcePage: page,
        returnUrl: options.returnUrl ? withoutReturnParams(options.returnUrl) : page,
      });
      location.assign(checkoutUrl);
    } catch (e) {
      error.textContent = e instanceof ShopError ? e.message : texts.failed;
      submit.disabled = false;
    }
  });
}
