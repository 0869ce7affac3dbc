/**
 * The cart (docs/architecture.md "Previews, cart and purchases"), its own entry so a site
 * without it loads none of it: `import { enableCart } from
 * 'strapi-plugin-sell-my-images/client/cart'`, or `data-cart` on the script tag. Adds "Add to
 * cart" beside Buy in the purchase dialog and a "Cart (n)" button (in the page's
 * `[data-smi-cart]` element, else fixed bottom-right) that opens the cart: lines priced by
 * the server, Remove, the quantity discount, the total, and one Stripe Checkout for all.
 */
import type { CartItem } from '../../shared/contracts/cart';
import { dialogActions } from './buy';
import { openCartDialog } from './cart-dialog';
import { lineKey, loadItems, MAX_ITEMS, saveItems } from './cart-store';
import { h } from './dom';
import { injectStyles, resolve, type Options } from './index';
import { currentPage } from './status';
import { CART_CSS } from './styles';

export type { CartItem };

/** What adding a line did: added, already there (not added twice), or the cart is full. */
export type AddResult = 'added' | 'duplicate' | 'full';

export interface Cart {
  /** The lines, in the order they were added (a new array after every change). */
  items(): CartItem[];
  add(item: CartItem): AddResult;
  /** Removes the line with this file, resolution and licence. */
  remove(item: CartItem): void;
  clear(): void;
  /** Opens the cart dialog (prices from `POST /cart/quote`). */
  open(): Promise<void>;
  /** Moves the "Cart (n)" button into `host` (none: fixed at the bottom right of the page). */
  mount(host?: Element | null): void;
  /** Calls `listener` with the lines after every change; answers the unsubscribe function. */
  subscribe(listener: (items: CartItem[]) => void): () => void;
}

let enabled: Cart | undefined;

/**
 * Turns the cart on (once; later calls answer the same cart). Call it before `init`: a
 * return from a paid cart checkout (`?smi_order=`) empties the cart, and `init` clears
 * those parameters from the address bar.
 */
export function enableCart(options: Options = {}): Cart {
  if (enabled) return enabled;
  const r = resolve(options);
  const { texts } = r;
  const key = `smi-cart:${new URL(options.apiUrl || '/', location.href).origin}`;
  const listeners = new Set<(items: CartItem[]) => void>();
  const params = new URLSearchParams(location.search);
  const paid = params.get('smi_order') && params.get('smi_status') !== 'cancelled';
  let items: CartItem[] = [];
  let host: Element | null = null;

  injectStyles();
  injectStyles(CART_CSS);
  const button = h('button', { type: 'button', class: 'smi-btn', 'aria-haspopup': 'dialog' });
  const live = h('span', { class: 'smi-sr', role: 'status' });
  const control = h('span', {}, button, live);
  const label = () => texts.cartButton.replace('{n}', String(items.length));

  function set(next: CartItem[], announce = true) {
    items = next;
    saveItems(key, items);
    button.textContent = label();
    button.hidden = !items.length && !host;
    if (announce) live.textContent = label();
    listeners.forEach((listener) => listener(items));
  }

  const cart: Cart = {
    items: () => items,
    add(item) {
      if (items.some((line) => lineKey(line) === lineKey(item))) return 'duplicate';
      if (items.length >= MAX_ITEMS) return 'full';
      set([...items, { ...item, fileId: String(item.fileId) }]);
      return 'added';
    },
    remove: (item) => set(items.filter((line) => lineKey(line) !== lineKey(item))),
    clear: () => set([]),
    open: () => openCartDialog(cart, r),
    mount(to) {
      host = to || null;
      control.className = host ? '' : 'smi-fixed';
      (host || document.body).append(control);
      set(items, false);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  button.onclick = cart.open;

  dialogActions.push((choice) => {
    const add = h('button', { type: 'button', class: 'smi-btn smi-alt' }, texts.addToCart);
    const said = h('p', { role: 'status' });
    add.onclick = () => {
      const item = choice();
      if (!item) return;
      const result = cart.add(item);
      if (result === 'added') r.api.click(`${item.fileId}`, currentPage(), 'cart_add');
      said.textContent =
        result === 'full'
          ? texts.cartFull
          : `${result === 'added' ? texts.added : texts.inCart} ${label()}`;
    };
    return h('div', {}, add, said);
  });
  items = paid ? [] : loadItems(key);
  cart.mount(document.querySelector('[data-smi-cart]'));
  return (enabled = cart);
}
