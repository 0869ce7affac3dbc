/**
 * @jest-environment jsdom
 */
import type * as ReactModule from 'react';
import type * as ReactDomClient from 'react-dom/client';
import type * as CartModule from '../../client/src/cart';
import type * as CartReactModule from '../../client/src/cart-react';
import type * as HelperModule from '../../client/src/index';
import { CART_MAX_ITEMS, type CartItem, type CartQuote } from '../../shared/contracts/cart';
import type { PricesAnswer } from '../../shared/contracts/prices';
import { loadItems, saveItems } from '../../client/src/cart-store';
import { TEXTS, TEXTS_FR } from '../../client/src/texts';

/**
 * The cart in the frontend helper (jsdom, fetch stubbed): "Add to cart" in the buy dialog,
 * the Cart (n) button and dialog priced by the server, Remove, the discount and tax, the
 * checkout, storage in localStorage, and the ES module without the cart.
 */
type Helper = typeof HelperModule;
type Cart = typeof CartModule;
type Reply = { status: number; body?: unknown };

const KEY = 'smi-cart:http://localhost';
let replies: Record<string, Reply | ((body: { items: CartItem[] }) => Reply)>;
let calls: Array<{ path: string; body: unknown }>;

const option = (resolution: string, amount: number, available = true) => ({
  resolution,
  scale: Number.parseInt(resolution, 10),
  width: 800,
  height: 600,
  megapixels: 0.48,
  amount,
  formatted: `€${(amount / 100).toFixed(2)}`,
  available,
});

const PRICES: PricesAnswer = {
  fileId: '42',
  original: { width: 200, height: 150 },
  currency: 'eur',
  priceRule: 'default',
  options: [option('4x', 400), option('8x', 1200)],
};

/** The quote the fake server makes: each item a line, `unavailable` ones marked so. */
function quoteOf(items: CartItem[], unavailable = new Set<string>()): CartQuote {
  const lines = items.map((item) => {
    const amount = item.resolution === '8x' ? 1200 : 400;
    return {
      fileId: String(item.fileId),
      resolution: item.resolution,
      ...(item.licence ? { licence: item.licence, licenceName: 'Commercial' } : {}),
      title: `Photo ${item.fileId}`,
      thumbnailUrl: `http://localhost/thumb-${item.fileId}.jpg`,
      width: 800,
      height: 600,
      amount,
      formatted: `€${(amount / 100).toFixed(2)}`,
      available: !unavailable.has(String(item.fileId)),
    };
  });
  const subtotal = lines.filter((l) => l.available).reduce((sum, l) => sum + l.amount, 0);
  return {
    currency: 'eur',
    lines,
    subtotal,
    discount: null,
    total: subtotal,
    formattedSubtotal: `€${(subtotal / 100).toFixed(2)}`,
    formattedTotal: `€${(subtotal / 100).toFixed(2)}`,
  };
}

beforeEach(() => {
  jest.resetModules();
  document.body.innerHTML = '';
  document.documentElement.lang = '';
  localStorage.clear();
  history.replaceState(null, '', '/gallery');
  calls = [];
  replies = {
    '/prices': { status: 200, body: PRICES },
    '/clicks': { status: 204 },
    '/cart/quote': (body) => ({ status: 200, body: quoteOf(body.items) }),
    '/cart/checkout': {
      status: 201,
      body: { orderId: 'o1', jobIds: ['j1'], checkoutUrl: 'https://checkout.example/pay' },
    },
  };
  global.fetch = jest.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    const path = new URL(String(url), 'http://localhost').pathname.replace(
      /^.*?\/sell-my-images/,
      '',
    );
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ path, body });
    const found = Object.entries(replies).find(([prefix]) => path === prefix)?.[1];
    const reply = typeof found === 'function' ? found(body) : (found ?? { status: 404 });
    return {
      ok: reply.status < 300,
      status: reply.status,
      json: async () => reply.body ?? {},
    } as Response;
  }) as typeof fetch;
});

const flush = async (times = 4) => {
  for (let i = 0; i < times; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
};
const dialog = () => document.querySelector<HTMLElement>('[role="dialog"]')!;
const cartButton = () =>
  [...document.querySelectorAll<HTMLButtonElement>('button.smi-btn')].find((b) =>
    /^Cart \(/.test(b.textContent ?? ''),
  )!;
const byText = (root: ParentNode, text: string) =>
  [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === text);

/** The helper and the cart as one page loads them (fresh modules: the cart is enabled once). */
function load(): { helper: Helper; cart: Cart } {
  const cart = jest.requireActual<Cart>('../../client/src/cart');
  return { helper: jest.requireActual<Helper>('../../client/src/index'), cart };
}

/** Opens the buy dialog of file `fileId` on a page with that image. */
async function openBuy(helper: Helper, fileId = '42') {
  document.body.insertAdjacentHTML('beforeend', `<img data-smi-file-id="${fileId}" src="a.jpg">`);
  helper.scan(document, {});
  document.querySelector<HTMLButtonElement>(`button[data-smi-for="${fileId}"]`)!.click();
  await flush();
  return dialog();
}

describe('cart storage', () => {
  it('keeps valid lines once, at most CART_MAX_ITEMS, and ignores malformed data', () => {
    localStorage.setItem(KEY, 'not json');
    expect(loadItems(KEY)).toEqual([]);
    localStorage.setItem(KEY, '{"a":1}');
    expect(loadItems(KEY)).toEqual([]);
    localStorage.setItem(
      KEY,
      JSON.stringify([
        '42|4x|',
        '42|4x|',
        'a b|4x|',
        '7|huge|',
        '7|8x|commercial',
        7,
        null,
        '7|8x|BAD',
      ]),
    );
    expect(loadItems(KEY)).toEqual([
      { fileId: '42', resolution: '4x' },
      { fileId: '7', resolution: '8x', licence: 'commercial' },
    ]);
    saveItems(
      KEY,
      Array.from({ length: 30 }, (_, i) => ({ fileId: i, resolution: '4x' })),
    );
    expect(loadItems(KEY)).toHaveLength(CART_MAX_ITEMS);
  });
});

describe('Add to cart in the buy dialog', () => {
  it('is absent when the cart is not enabled (the ES module alone)', async () => {
    const { helper } = load();
    const d = await openBuy(helper);
    expect(byText(d, TEXTS.addToCart)).toBeUndefined();
    expect(document.body.textContent).not.toContain('Cart (');
  });

  it('adds the current choice once, says so, counts it and remembers it across reloads', async () => {
    const { helper, cart } = load();
    const enabled = cart.enableCart();
    expect(cartButton().hidden).toBe(true); // empty: the fixed button waits
    const d = await openBuy(helper);
    d.querySelector<HTMLInputElement>('input[value="8x"]')!.click();
    const add = byText(d, TEXTS.addToCart)!;
    add.click();
    const said = add.nextElementSibling!;
    expect(said.getAttribute('role')).toBe('status');
    expect(said.textContent).toBe(`${TEXTS.added} Cart (1)`);
    expect(enabled.items()).toEqual([{ fileId: '42', resolution: '8x' }]);
    expect(cartButton().hidden).toBe(false);
    expect(cartButton().textContent).toBe('Cart (1)');
    expect(cartButton().closest('.smi-fixed')).not.toBeNull();
    // announced outside the dialog too
    expect(document.querySelector('.smi-sr[role=status]')?.textContent).toBe('Cart (1)');
    expect(calls.filter((c) => c.path === '/clicks').map((c) => c.body)).toEqual([
      { fileId: '42', sourcePage: 'http://localhost/gallery' },
      { fileId: '42', sourcePage: 'http://localhost/gallery', kind: 'cart_add' },
    ]);

    add.click();
    expect(said.textContent).toBe(`${TEXTS.inCart} Cart (1)`);
    expect(enabled.items()).toHaveLength(1);
    expect(calls.filter((c) => c.path === '/clicks')).toHaveLength(2);

    d.querySelector<HTMLInputElement>('input[value="4x"]')!.click();
    add.click();
    expect(enabled.items()).toHaveLength(2);
    expect(JSON.parse(localStorage.getItem(KEY)!)).toEqual(['42|8x|', '42|4x|']);

    jest.resetModules();
    document.body.innerHTML = '';
    expect(load().cart.enableCart().items()).toEqual([
      { fileId: '42', resolution: '8x' },
      { fileId: '42', resolution: '4x' },
    ]);
    expect(cartButton().textContent).toBe('Cart (2)');
  });

  it('sends the chosen licence with the line and says when the cart is full', async () => {
    replies['/prices'] = {
      status: 200,
      body: {
        ...PRICES,
        licences: [
          {
            id: 'personal',
            name: 'Personal',
            multiplierPercent: 100,
            text: '',
            options: PRICES.options,
          },
          {
            id: 'commercial',
            name: 'Commercial',
            multiplierPercent: 300,
            text: '',
            options: PRICES.options,
          },
        ],
      },
    };
    saveItems(
      KEY,
      Array.from({ length: CART_MAX_ITEMS - 1 }, (_, i) => ({ fileId: i + 100, resolution: '4x' })),
    );
    const { helper, cart } = load();
    const enabled = cart.enableCart();
    const d = await openBuy(helper);
    d.querySelector<HTMLInputElement>('input[value="commercial"]')!.click();
    byText(d, TEXTS.addToCart)!.click();
    expect(enabled.items().at(-1)).toEqual({
      fileId: '42',
      resolution: '4x',
      licence: 'commercial',
    });
    d.querySelector<HTMLInputElement>('input[value="8x"]')!.click();
    byText(d, TEXTS.addToCart)!.click();
    expect(d.textContent).toContain(TEXTS.cartFull);
    expect(enabled.items()).toHaveLength(CART_MAX_ITEMS);
  });

  it('speaks French with the page', async () => {
    document.documentElement.lang = 'fr';
    const { helper, cart } = load();
    cart.enableCart().add({ fileId: 1, resolution: '4x' });
    expect(
      [...document.querySelectorAll('button')].some((b) => b.textContent === 'Panier (1)'),
    ).toBe(true);
    const d = await openBuy(helper);
    expect(byText(d, TEXTS_FR.addToCart)).toBeDefined();
  });
});

describe('the cart button', () => {
  it('goes in the page’s [data-smi-cart] element, shown even when empty', () => {
    document.body.innerHTML = '<header><span data-smi-cart></span></header>';
    const { cart } = load();
    cart.enableCart();
    const button = document.querySelector<HTMLButtonElement>('[data-smi-cart] button')!;
    expect(button.textContent).toBe('Cart (0)');
    expect(button.hidden).toBe(false);
    expect(button.getAttribute('aria-haspopup')).toBe('dialog');
    expect(document.querySelector('.smi-fixed')).toBeNull();
  });

  it('is one cart however often it is enabled', () => {
    const { cart } = load();
    expect(cart.enableCart()).toBe(cart.enableCart({ apiUrl: 'http://other.example' }));
    expect(document.querySelectorAll('.smi-sr')).toHaveLength(1);
  });

  it('is emptied by the return from a paid cart checkout, not a cancelled one', () => {
    saveItems(KEY, [{ fileId: 1, resolution: '4x' }]);
    history.replaceState(null, '', '/gallery?smi_order=o1&smi_status=cancelled');
    expect(load().cart.enableCart().items()).toHaveLength(1);
    jest.resetModules();
    history.replaceState(null, '', '/gallery?smi_order=o1&smi_session=cs_1');
    expect(load().cart.enableCart().items()).toEqual([]);
    expect(loadItems(KEY)).toEqual([]);
  });
});

describe('the cart dialog', () => {
  const THREE: CartItem[] = [
    { fileId: '1', resolution: '4x' },
    { fileId: '2', resolution: '8x', licence: 'commercial' },
    { fileId: '3', resolution: '4x' },
  ];
  const quotes = () => calls.filter((c) => c.path === '/cart/quote').map((c) => c.body);
  const removes = () => [...dialog().querySelectorAll<HTMLButtonElement>('li button')];

  async function openCart(items = THREE) {
    saveItems(KEY, items);
    const { cart } = load();
    const enabled = cart.enableCart({ returnUrl: 'https://shop.example/back?smi_job=old' });
    cartButton().focus();
    cartButton().click();
    await flush();
    return enabled;
  }

  it('lists the lines as the server priced them, with the total and the tax said', async () => {
    replies['/cart/quote'] = (body) => ({
      status: 200,
      body: {
        ...quoteOf(body.items),
        discount: { percentOff: 10, minItems: 3, amount: 200, formatted: '€2.00' },
        total: 1800,
        formattedTotal: '€18.00',
        tax: { behavior: 'exclusive' },
      },
    });
    await openCart();
    const d = dialog();
    expect(d.getAttribute('aria-modal')).toBe('true');
    expect(document.getElementById(d.getAttribute('aria-labelledby')!)?.textContent).toBe(
      TEXTS.cartTitle,
    );
    expect(quotes()).toEqual([{ items: THREE }]);
    const lines = [...d.querySelectorAll('li')];
    expect(lines.map((li) => li.textContent)).toEqual([
      `Photo 14x€4.00${TEXTS.remove}`,
      `Photo 28x · Commercial€12.00${TEXTS.remove}`,
      `Photo 34x€4.00${TEXTS.remove}`,
    ]);
    expect(lines[0].querySelector('img')?.getAttribute('src')).toBe('http://localhost/thumb-1.jpg');
    expect(lines[0].querySelector('img')?.getAttribute('alt')).toBe('');
    expect(removes()[1].getAttribute('aria-label')).toBe(`${TEXTS.remove}: Photo 2 8x`);
    expect(d.textContent).toContain('Quantity discount (10% off): −€2.00');
    expect(d.textContent).toContain(`Total: €18.00 ${TEXTS.plusTax}`);
    expect(byText(d, TEXTS.checkout)!.disabled).toBe(false);
    expect(d.querySelector('label[for="smi-cart-email"]')?.textContent).toBe(TEXTS.email);
    // the focus is in the dialog, and goes back to the cart button on Escape
    expect(d.contains(document.activeElement)).toBe(true);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(document.activeElement).toBe(cartButton());
  });

  it('removes a line, asks the server again and keeps the focus on the next Remove', async () => {
    const enabled = await openCart();
    removes()[0].focus();
    removes()[0].click();
    await flush();
    expect(enabled.items()).toEqual(THREE.slice(1));
    expect(quotes()).toEqual([{ items: THREE }, { items: THREE.slice(1) }]);
    expect(removes()).toHaveLength(2);
    expect(document.activeElement).toBe(removes()[0]);
    expect(cartButton().textContent).toBe('Cart (2)');
    removes()[1].click();
    await flush();
    removes()[0].click();
    await flush();
    expect(dialog().textContent).toContain(TEXTS.cartEmpty);
    expect(document.activeElement?.className).toBe('smi-close');
    expect(quotes()).toHaveLength(3); // an empty cart is not quoted
  });

  it('shows a line that can no longer be bought and keeps Checkout disabled until it is removed', async () => {
    replies['/cart/quote'] = (body) => ({
      status: 200,
      body: quoteOf(body.items, new Set(['2'])),
    });
    await openCart();
    const line = dialog().querySelectorAll('li')[1];
    expect(line.textContent).toContain(TEXTS.unavailable);
    expect(line.textContent).not.toContain('€12.00');
    expect(byText(dialog(), TEXTS.checkout)!.disabled).toBe(true);
    removes()[1].click();
    await flush();
    expect(byText(dialog(), TEXTS.checkout)!.disabled).toBe(false);
  });

  it('checks out every line in one request with the e-mail, the page and the return address', async () => {
    document.documentElement.lang = 'en-GB';
    await openCart();
    const email = dialog().querySelector<HTMLInputElement>('input[type=email]')!;
    email.value = ' buyer@example.test ';
    dialog()
      .querySelector('form')!
      .dispatchEvent(new Event('submit', { cancelable: true }));
    await flush();
    expect(calls.find((c) => c.path === '/cart/checkout')?.body).toEqual({
      items: THREE,
      email: 'buyer@example.test',
      sourcePage: 'http://localhost/gallery',
      returnUrl: 'https://shop.example/back',
      locale: 'en-GB',
    });
  });

  it('says why a checkout failed and shows the cart as the server now prices it', async () => {
    await openCart();
    replies['/cart/checkout'] = {
      status: 400,
      body: { error: { message: 'items.1 is no longer for sale' } },
    };
    replies['/cart/quote'] = (body) => ({ status: 200, body: quoteOf(body.items, new Set(['2'])) });
    dialog()
      .querySelector('form')!
      .dispatchEvent(new Event('submit', { cancelable: true }));
    await flush();
    expect(dialog().querySelector('[role=alert]')?.textContent).toBe(
      'items.1 is no longer for sale',
    );
    expect(dialog().querySelectorAll('li')[1].textContent).toContain(TEXTS.unavailable);
    expect(dialog().contains(document.activeElement)).toBe(true);
  });

  it('says so when the prices cannot be had', async () => {
    replies['/cart/quote'] = { status: 429 };
    await openCart();
    expect(dialog().querySelector('[role=alert]')?.textContent).toBe(TEXTS.rateLimited);
    expect(dialog().querySelector('li')).toBeNull();
  });
});

describe('the script tag and React', () => {
  it('data-cart on the script tag enables the cart (SellMyImages.cart) before the return is tidied', async () => {
    saveItems(KEY, [{ fileId: 1, resolution: '4x' }]);
    history.replaceState(null, '', '/gallery?smi_order=o1&smi_session=cs_1');
    const script = document.createElement('script');
    script.src = 'http://localhost/api/sell-my-images/client.js';
    script.dataset.cart = '';
    Object.defineProperty(document, 'currentScript', { value: script, configurable: true });
    const Original = window.MutationObserver;
    const started: MutationObserver[] = [];
    window.MutationObserver = class extends Original {
      constructor(callback: MutationCallback) {
        super(callback);
        started.push(this);
      }
    };
    await jest.isolateModulesAsync(async () => void (await import('../../client/src/auto')));
    window.MutationObserver = Original;
    started.forEach((observer) => observer.disconnect());
    const tag = window.SellMyImages!;
    expect(tag.cart?.items()).toEqual([]);
    expect(location.search).toBe('');
    tag.cart!.add({ fileId: 'doc9', resolution: '8x' });
    expect(cartButton().textContent).toBe('Cart (1)');
    Reflect.deleteProperty(document, 'currentScript');
    Reflect.deleteProperty(window, 'SellMyImages');
  });

  it('<Cart /> places the button where it is rendered; useCart follows the lines', () => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
    // React as the fresh modules of this test see it (the registry is reset before each test)
    const { act, createElement } = jest.requireActual<typeof ReactModule>('react');
    const { createRoot } = jest.requireActual<typeof ReactDomClient>('react-dom/client');
    const { Cart, useCart } = jest.requireActual<typeof CartReactModule>(
      '../../client/src/cart-react',
    );
    const seen: number[] = [];
    function Count() {
      const { items } = useCart();
      seen.push(items.length);
      return createElement('output', {}, String(items.length));
    }
    const host = document.createElement('div');
    document.body.append(host);
    const root = createRoot(host);
    act(() => root.render(createElement('nav', {}, createElement(Cart), createElement(Count))));
    expect(host.querySelector('nav .smi-cart button')?.textContent).toBe('Cart (0)');
    expect(document.querySelector('.smi-fixed')).toBeNull();
    const { enableCart } = jest.requireActual<Cart>('../../client/src/cart');
    act(() => void enableCart().add({ fileId: 5, resolution: '4x' }));
    expect(host.querySelector('output')?.textContent).toBe('1');
    expect(host.querySelector('nav .smi-cart button')?.textContent).toBe('Cart (1)');
    act(() => root.unmount());
    // the button stays on the page, at the bottom right
    expect(document.querySelector('.smi-fixed button')?.textContent).toBe('Cart (1)');
    expect(seen.at(-1)).toBe(1);
  });
});
