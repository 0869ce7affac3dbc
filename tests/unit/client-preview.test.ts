/**
 * @jest-environment jsdom
 */
import type { PreviewAnswer } from '../../shared/contracts/previews';
import type { CheckoutRequest, PricesAnswer, PriceOption } from '../../shared/contracts/prices';
import { button, TEXTS } from '../../client/src/index';

/**
 * The live preview in the purchase dialog (docs/architecture.md "Previews, cart and
 * purchases"): "Preparing preview…", then the slider; keys move it; the resolution switches
 * it; one `preview` click per dialog and `previewed` on checkout; the buy button never waits.
 */
let calls: Array<{ url: string; body?: unknown }>;
let answers: Record<string, PreviewAnswer[]>;

const option = (resolution: string): PriceOption => ({
  resolution,
  scale: Number.parseInt(resolution, 10),
  width: 800,
  height: 600,
  megapixels: 0,
  amount: 400,
  formatted: '€4.00',
  available: true,
});
const prices: PricesAnswer = {
  fileId: '42',
  original: { width: 200, height: 150 },
  currency: 'eur',
  priceRule: 'default',
  options: [option('4x'), option('8x')],
};
const ready = (resolution: string): PreviewAnswer => ({
  fileId: '42',
  resolution,
  state: 'ready',
  beforeUrl: `https://shop.test/b-${resolution}.webp`,
  afterUrl: `https://shop.test/a-${resolution}.webp`,
  width: 768,
  height: 768,
  madeWith: { name: 'sharp', label: 'Lanczos resize (non-AI)' },
});

beforeEach(() => {
  jest.useFakeTimers();
  document.body.innerHTML = '';
  calls = [];
  answers = {
    '4x': [
      { fileId: '42', resolution: '4x', state: 'preparing', retryAfterSeconds: 1 },
      ready('4x'),
    ],
    '8x': [ready('8x')],
  };
  global.fetch = jest.fn(async (url: RequestInfo | URL, request?: RequestInit) => {
    calls.push({ url: String(url), body: request?.body && JSON.parse(String(request.body)) });
    const parsed = new URL(String(url), 'http://localhost');
    let body: unknown = { jobId: 'j1', checkoutUrl: 'https://checkout.example/pay' };
    if (parsed.pathname.endsWith('/prices')) body = prices;
    if (parsed.pathname.endsWith('/previews')) {
      const queue = answers[parsed.searchParams.get('resolution') as string];
      body = queue.length > 1 ? queue.shift() : queue[0];
    }
    return { ok: true, status: 200, json: async () => body };
  }) as unknown as typeof fetch;
});
afterEach(() => jest.useRealTimers());

const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};
const dialog = () => document.querySelector<HTMLElement>('[role="dialog"]')!;
const slider = () => dialog().querySelector<HTMLElement>('[role="slider"]')!;
const key = (name: string) =>
  slider().dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true }));

it('prepares, shows the slider, moves it by keyboard, follows the resolution and tells checkout', async () => {
  document.body.append(button({ id: 42 })!);
  document.querySelector<HTMLButtonElement>('button.smi-btn')!.click();
  await settle();
  await jest.advanceTimersByTimeAsync(0);
  const submit = dialog().querySelector<HTMLButtonElement>('button[type=submit]')!;
  expect(dialog().textContent).toContain(TEXTS.preparing);
  expect(submit.disabled).toBe(false);
  expect(slider().closest('[hidden]')).not.toBeNull();

  await jest.advanceTimersByTimeAsync(1_000);
  expect(slider().closest('[hidden]')).toBeNull();
  expect(slider().getAttribute('aria-label')).toBe(TEXTS.compare);
  expect(slider().getAttribute('aria-valuenow')).toBe('50');
  const after = dialog().querySelector<HTMLImageElement>('img[alt="After"]')!;
  expect(after.src).toBe('https://shop.test/a-4x.webp');
  expect(dialog().textContent).toContain('After: Lanczos resize (non-AI)');
  key('ArrowRight');
  expect(slider().getAttribute('aria-valuenow')).toBe('55');
  key('Home');
  expect(slider().getAttribute('aria-valuenow')).toBe('0');
  key('ArrowLeft');
  expect(slider().getAttribute('aria-valuenow')).toBe('0');
  key('End');
  expect(slider().getAttribute('aria-valuenow')).toBe('100');

  const eight = dialog().querySelector<HTMLInputElement>('input[value="8x"]')!;
  eight.checked = true;
  eight.dispatchEvent(new Event('change', { bubbles: true }));
  await jest.advanceTimersByTimeAsync(0);
  expect(after.src).toBe('https://shop.test/a-8x.webp');

  const clicks = calls.filter((c) => c.url.endsWith('/clicks'));
  expect(clicks.map((c) => (c.body as { kind?: string }).kind)).toEqual([undefined, 'preview']);
  dialog()
    .querySelector('form')!
    .dispatchEvent(new Event('submit', { cancelable: true }));
  await jest.advanceTimersByTimeAsync(0);
  const checkout = calls.find((c) => c.url.endsWith('/checkout'))!.body as CheckoutRequest;
  expect(checkout).toMatchObject({ fileId: '42', resolution: '8x', previewed: true });
});

it('shows nothing when the shop has no preview, and never blocks buying', async () => {
  answers['4x'] = [{ fileId: '42', resolution: '4x', state: 'off', reason: 'disabled' }];
  document.body.append(button({ id: 42 })!);
  document.querySelector<HTMLButtonElement>('button.smi-btn')!.click();
  await settle();
  await jest.advanceTimersByTimeAsync(0);
  expect(slider().closest('[hidden]')).not.toBeNull();
  // The whole preview block is hidden, its note with it.
  expect(slider().closest('.smi-pv')!.parentElement!.hidden).toBe(true);
  dialog()
    .querySelector('form')!
    .dispatchEvent(new Event('submit', { cancelable: true }));
  await jest.advanceTimersByTimeAsync(0);
  const checkout = calls.find((c) => c.url.endsWith('/checkout'))!.body as CheckoutRequest;
  expect(checkout.previewed).toBeUndefined();
});
