/**
 * The script served at /api/sell-my-images/client.js (under Strapi's REST prefix): exposes
 * `window.SellMyImages` and initialises itself from its tag, e.g.
 * `<script src="https://cms.example.com/api/sell-my-images/client.js" data-terms-url="/terms" defer></script>`
 * (also `data-return-url`, `data-min-image-size`, `data-button-text`, `data-locale`, `data-promo`).
 * `data-manual` skips the automatic start (then `SellMyImages.init(options)`). A click on any
 * element with `data-smi-purchases` opens the "My purchases" dialog (`SellMyImages.openPurchases()`).
 * `data-cart` turns the cart on (`SellMyImages.cart`). `data-manual` skips the automatic
 * start (then `SellMyImages.enableCart(options)` for the cart, and `SellMyImages.init(options)`).
 */
import { enableCart, type Cart } from './cart';
import { button, init, scan, TEXTS, type Media, type Options } from './index';
import { openPurchases, type PurchasesOptions } from './purchases';

const script = document.currentScript as HTMLScriptElement | null;
const data = script?.dataset ?? {};
// Served by the plugin at `<origin><REST prefix>/sell-my-images/client.js`: where Strapi
// answers, and under which prefix, is in the script's own address.
const served = /^(https?:\/\/[^/]+)(.*)\/sell-my-images\/client\.js(?:[?#]|$)/.exec(
  script?.src ?? '',
);
const api = served?.[1] ?? (script?.src ? new URL(script.src).origin : undefined);
const withDefaults = (options: Options = {}): Options => ({
  apiUrl: data.apiUrl ?? api,
  apiPrefix: data.apiPrefix ?? served?.[2],
  ...options,
});
/** The helper, where Strapi answers and its prefix taken from the tag unless given. */
const SellMyImages = {
  init: (options?: Options) => init(withDefaults(options)),
  button: (media: Media, options?: Options) => button(media, withDefaults(options)),
  scan: (root?: ParentNode, options?: Options) => scan(root, withDefaults(options)),
  openPurchases: (options?: PurchasesOptions) =>
    openPurchases(withDefaults({ locale: data.locale, ...options })),
  /** Turns the cart on (before `init`); then also `SellMyImages.cart`. */
  enableCart: (options?: Options) => (SellMyImages.cart = enableCart(withDefaults(options))),
  cart: undefined as Cart | undefined,
  TEXTS,
};

declare global {
  interface Window {
    SellMyImages?: typeof SellMyImages;
  }
}
window.SellMyImages = SellMyImages;
document.addEventListener('click', (event) => {
  if ((event.target as Element).closest?.('[data-smi-purchases]')) {
    event.preventDefault();
    SellMyImages.openPurchases();
  }
});

if (data.manual === undefined) {
  const start = () => {
    const options: Options = {
      termsUrl: data.termsUrl,
      returnUrl: data.returnUrl,
      locale: data.locale,
      promo: data.promo,
      minImageSize: data.minImageSize ? Number(data.minImageSize) : undefined,
      texts: data.buttonText ? { button: data.buttonText } : undefined,
    };
    // First: a return from a paid cart checkout empties the cart before `init` tidies the address.
    if (data.cart !== undefined) SellMyImages.enableCart(options);
    SellMyImages.init(options);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}

// An ES module (it exports nothing): without it esbuild bundles this file as CommonJS and
// wraps every module in lazy initialisers, about 200 bytes more for every site.
export {};
