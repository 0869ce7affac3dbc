/**
 * The script served at /api/sell-my-images/client.js: exposes `window.SellMyImages` and
 * initialises itself from its tag, e.g.
 * `<script src="https://cms.example.com/api/sell-my-images/client.js" data-terms-url="/terms" defer></script>`.
 * `data-manual` skips the automatic start.
 */
import { button, init, scan, TEXTS } from './index';

const script = document.currentScript as HTMLScriptElement | null;
const data = script?.dataset ?? {};
const api = script?.src ? new URL(script.src).origin : undefined;
const SellMyImages = { init, button, scan, TEXTS };

declare global {
  interface Window {
    SellMyImages?: typeof SellMyImages;
  }
}
window.SellMyImages = SellMyImages;

if (data.manual === undefined) {
  const start = () =>
    init({
      apiUrl: data.apiUrl ?? api,
      termsUrl: data.termsUrl,
      returnUrl: data.returnUrl,
      minImageSize: data.minImageSize ? Number(data.minImageSize) : undefined,
      texts: data.buttonText ? { button: data.buttonText } : undefined,
    });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}
