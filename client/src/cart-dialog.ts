/**
 * The cart dialog (docs/architecture.md "Previews, cart and purchases"): every price from
 * `POST /cart/quote`, asked again when it opens and after each change; a line the shop can
 * no longer sell is shown so and keeps Checkout disabled until removed; Checkout is one
 * `POST /cart/checkout`, then Stripe.
 */
import type { CartCheckoutAnswer, CartQuote } from '../../shared/contracts/cart';
import type { Cart } from './cart';
import { h, openDialog } from './dom';
import type { Resolved } from './index';
import { checkoutContext, errorText, taxNote } from './status';

export async function openCartDialog(cart: Cart, { api, texts, options }: Resolved) {
  const ui = openDialog(texts.cartTitle, texts.close);
  const list = h('ul');
  const summary = h('div', { 'aria-live': 'polite' });
  const error = h('p', { class: 'smi-error', role: 'alert' });
  const email = h('input', { type: 'email', id: 'smi-cart-email', autocomplete: 'email' });
  const submit = h('button', { class: 'smi-btn' }, texts.checkout);
  const form = h(
    'form',
    {},
    list,
    summary,
    h('label', { class: 'smi-field', for: email.id }, texts.email),
    email,
    error,
    submit,
  );
  const say = (e: unknown) => (error.textContent = errorText(e, texts));
  let asked = 0;

  /** Prices the lines and shows them; `focus`: the index of the Remove button to focus after. */
  async function show(focus?: number) {
    const items = cart.items();
    const mine = ++asked;
    submit.disabled = true;
    if (!items.length) {
      ui.body.replaceChildren(texts.cartEmpty);
      return ui.focusFirst();
    }
    let quote: CartQuote;
    try {
      quote = await api.send<CartQuote>('/cart/quote', { items });
    } catch (e) {
      if (mine === asked && !form.isConnected) ui.body.replaceChildren(error);
      return say(e);
    }
    if (mine !== asked) return;
    list.replaceChildren(
      ...quote.lines.map((line, index) => {
        const remove = h(
          'button',
          { type: 'button', 'aria-label': `${texts.remove}: ${line.title} ${line.resolution}` },
          texts.remove,
        );
        remove.onclick = () => {
          error.textContent = '';
          cart.remove(items[index]);
          void show(index);
        };
        const about = [line.resolution, line.licenceName, !line.available && texts.unavailable];
        return h(
          'li',
          {},
          line.thumbnailUrl ? h('img', { src: line.thumbnailUrl, alt: '' }) : '',
          h('div', {}, h('strong', {}, line.title), h('br'), about.filter(Boolean).join(' · ')),
          line.available ? line.formatted : '',
          remove,
        );
      }),
    );
    const { discount, tax } = quote;
    summary.replaceChildren(
      discount
        ? h(
            'p',
            {},
            `${texts.discount.replace('{n}', `${discount.percentOff}`)}: −${discount.formatted}`,
          )
        : '',
      h('p', {}, h('strong', {}, `${texts.total}: ${quote.formattedTotal}`, taxNote(tax, texts))),
    );
    submit.disabled = quote.lines.some((line) => !line.available);
    if (!form.isConnected) {
      ui.body.replaceChildren(form);
      ui.focusFirst();
    }
    const removes = list.querySelectorAll('button');
    if (focus !== undefined) removes[Math.min(focus, removes.length - 1)].focus();
  }

  form.onsubmit = async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.textContent = '';
    try {
      const { checkoutUrl } = await api.send<CartCheckoutAnswer>('/cart/checkout', {
        items: cart.items(),
        ...checkoutContext(options, email.value),
      });
      location.assign(checkoutUrl);
    } catch (e) {
      say(e);
      // A line may have become unavailable since the quote: the cart as it is now.
      await show();
      if (!ui.dialog.contains(document.activeElement)) ui.focusFirst();
    }
  };
  await show();
}
