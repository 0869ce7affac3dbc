/**
 * @jest-environment jsdom
 */
import type { CheckoutRequest, PricesAnswer, PriceOption } from '../../shared/contracts/prices';
import { button, init, TEXTS, TEXTS_FR } from '../../client/src/index';

/**
 * What the helper adds for selling (issue 16): the licence choice priced by the server,
 * "plus tax" / "incl. tax", the visitor's language and a `?promo=` code sent with checkout.
 */
let prices: PricesAnswer;
let calls: Array<{ url: string; body?: unknown }>;

const option = (resolution: string, amount: number, available = true): PriceOption => ({
  resolution,
  scale: Number.parseInt(resolution, 10),
  width: 800 * Number.parseInt(resolution, 10),
  height: 600 * Number.parseInt(resolution, 10),
  megapixels: 0,
  amount,
  formatted: `€${(amount / 100).toFixed(2)}`,
  available,
  ...(available ? {} : { reason: 'exceeds_stripe_maximum' as const }),
});

const WITH_LICENCES: PricesAnswer = {
  fileId: '42',
  original: { width: 800, height: 600 },
  currency: 'eur',
  priceRule: 'default',
  options: [option('4x', 400), option('8x', 1200)],
  licences: [
    {
      id: 'personal',
      name: 'Personal',
      multiplierPercent: 100,
      text: 'Personal use only.',
      options: [option('4x', 400), option('8x', 1200)],
    },
    {
      id: 'commercial',
      name: 'Commercial',
      multiplierPercent: 300,
      text: 'Commercial use <img src=x onerror="window.pwned=1"> & more',
      options: [option('4x', 1200), option('8x', 3600, false)],
    },
  ],
};

beforeEach(() => {
  document.body.innerHTML = '';
  document.documentElement.lang = '';
  history.replaceState(null, '', '/');
  calls = [];
  prices = {
    fileId: '42',
    original: { width: 800, height: 600 },
    currency: 'eur',
    priceRule: 'default',
    options: [option('4x', 400), option('8x', 1200)],
  };
  global.fetch = jest.fn(async (url: RequestInfo | URL, request?: RequestInit) => {
    calls.push({ url: String(url), body: request?.body && JSON.parse(String(request.body)) });
    const path = new URL(String(url), 'http://localhost').pathname;
    const body = path.endsWith('/prices')
      ? prices
      : { jobId: 'j1', checkoutUrl: 'https://checkout.example/pay' };
    // jsdom has no Response: the helper only reads ok, status and json()
    return { ok: true, status: path.endsWith('/clicks') ? 204 : 200, json: async () => body };
  }) as unknown as typeof fetch;
});

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
// jsdom reports (asynchronously) that it cannot navigate to Checkout: let it do so in time
afterAll(flush);
const dialog = () => document.querySelector<HTMLElement>('[role="dialog"]')!;
const radios = (name: string) => [
  ...dialog().querySelectorAll<HTMLInputElement>(`input[name=smi-${name}]`),
];
const labelOf = (input: HTMLInputElement) =>
  dialog().querySelector(`label[for="${input.id}"]`)!.textContent;

async function open(options: Parameters<typeof button>[1] = {}) {
  document.body.append(button({ id: 42 }, options)!);
  document.querySelector<HTMLButtonElement>('button.smi-btn')!.click();
  await flush();
  await flush();
}

async function buy(): Promise<CheckoutRequest> {
  dialog()
    .querySelector('form')!
    .dispatchEvent(new Event('submit', { cancelable: true }));
  await flush();
  return calls.find((c) => c.url.endsWith('/checkout'))!.body as CheckoutRequest;
}

function choose(input: HTMLInputElement) {
  input.checked = true;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('licence choice', () => {
  it('is offered only when the shop defines licences', async () => {
    await open();
    expect(radios('licence')).toHaveLength(0);
    expect(dialog().querySelector('details')).toBeNull();
    expect((await buy()).licence).toBeUndefined();
  });

  it('is a labelled radio group, the first licence chosen, each priced for the chosen resolution', async () => {
    prices = WITH_LICENCES;
    await open();
    const legends = [...dialog().querySelectorAll('fieldset legend')].map((l) => l.textContent);
    expect(legends).toEqual([TEXTS.resolution, TEXTS.licence]);
    const licences = radios('licence');
    expect(licences.map((r) => [r.value, r.checked])).toEqual([
      ['personal', true],
      ['commercial', false],
    ]);
    expect(licences.map(labelOf)).toEqual(['Personal — €4.00', 'Commercial — €12.00']);
    // another resolution: the licences' prices follow
    choose(radios('resolution')[1]);
    expect(licences.map(labelOf)).toEqual(['Personal — €12.00', 'Commercial — €36.00']);
  });

  it('prices and availability of the resolutions follow the chosen licence; checkout sends it', async () => {
    prices = WITH_LICENCES;
    await open();
    const [r4, r8] = radios('resolution');
    choose(r8);
    expect(labelOf(r8)).toContain('8x — €12.00');
    choose(radios('licence')[1]);
    expect(labelOf(r4)).toContain('4x — €12.00');
    // 8x is above what Stripe takes for this licence: no longer chosen, 4x is
    expect([r8.disabled, r8.checked, r4.checked]).toEqual([true, false, true]);
    expect(labelOf(r8)).toContain(TEXTS.unavailable);
    expect(await buy()).toMatchObject({ fileId: '42', resolution: '4x', licence: 'commercial' });
  });

  it("shows the chosen licence's terms as text, never as HTML", async () => {
    prices = WITH_LICENCES;
    await open();
    const terms = dialog().querySelector('details')!;
    expect(terms.querySelector('summary')!.textContent).toBe(TEXTS.licenceTerms);
    expect(terms.querySelector('.smi-terms')!.textContent).toBe('Personal use only.');
    choose(radios('licence')[1]);
    expect(terms.querySelector('.smi-terms')!.textContent).toBe(WITH_LICENCES.licences![1].text);
    expect(terms.querySelector('img')).toBeNull();
    expect((window as { pwned?: number }).pwned).toBeUndefined();
  });
});

describe('tax wording', () => {
  it.each([
    [undefined, ['4x — €4.00 ', '8x — €12.00 '], 'Commercial — €12.00'],
    [
      'exclusive',
      ['4x — €4.00 plus tax ', '8x — €12.00 plus tax '],
      'Commercial — €12.00 plus tax',
    ],
    [
      'inclusive',
      ['4x — €4.00 incl. tax ', '8x — €12.00 incl. tax '],
      'Commercial — €12.00 incl. tax',
    ],
  ] as const)('with tax %s', async (behavior, expected, licence) => {
    prices = { ...WITH_LICENCES, ...(behavior ? { tax: { behavior } } : {}) };
    await open();
    const labels = radios('resolution').map(
      (input) => dialog().querySelector(`label[for="${input.id}"]`)!.firstChild!.textContent,
    );
    expect(labels).toEqual(expected);
    expect(labelOf(radios('licence')[1])).toBe(licence);
  });

  it('in French: HT / TTC', async () => {
    prices = { ...prices, tax: { behavior: 'exclusive' } };
    await open({ locale: 'fr' });
    expect(labelOf(radios('resolution')[0])).toContain('4x — €4.00 HT');
  });
});

describe("the visitor's language", () => {
  it.each([
    ['the option', { locale: 'fr-CA' }, 'de', 'fr-CA'],
    ['the page', {}, 'fr', 'fr'],
    ["the browser's, when the page has none", {}, '', navigator.language],
    ['the page, when the option is not a language tag', { locale: 'x<y' }, 'de-AT', 'de-AT'],
  ])('is sent with checkout: %s', async (_name, options, lang, sent) => {
    document.documentElement.lang = lang;
    await open(options);
    expect((await buy()).locale).toBe(sent);
  });

  it('chooses the dialog texts: French for a French visitor, overrides still win', async () => {
    document.documentElement.lang = 'fr-FR';
    const french = button({ id: 42 })!;
    expect(french.textContent).toBe(TEXTS_FR.button);
    expect(button({ id: 42 }, { locale: 'en' })!.textContent).toBe(TEXTS.button);
    expect(button({ id: 42 }, { texts: { button: 'Acheter' } })!.textContent).toBe('Acheter');
    await open();
    expect(dialog().querySelector('h2')!.textContent).toBe(TEXTS_FR.title);
    expect(dialog().querySelector('button[type=submit]')!.textContent).toBe(TEXTS_FR.buy);
  });

  it('has every text in French', () => {
    expect(Object.keys(TEXTS_FR).sort()).toEqual(Object.keys(TEXTS).sort());
    expect(Object.values(TEXTS_FR).filter((text) => !text)).toEqual([]);
  });
});

describe('promotion code', () => {
  it("is read from the page's ?promo=, sent once as promo, and stays in the address bar", async () => {
    history.replaceState(null, '', '/gallery?promo=SPRING-20&page=2');
    const { stop } = init({});
    stop();
    expect(location.search).toBe('?promo=SPRING-20&page=2');
    await open();
    const body = await buy();
    expect(body.promo).toBe('SPRING-20');
    expect(body.sourcePage).toBe('http://localhost/gallery?page=2');
    expect(body.returnUrl).toBe('http://localhost/gallery?page=2');
  });

  it('the option wins over the address', async () => {
    history.replaceState(null, '', '/?promo=FROM_LINK');
    await open({ promo: 'FROM_OPTION' });
    expect((await buy()).promo).toBe('FROM_OPTION');
  });

  it.each([['bad code!'], ['x'.repeat(65)], ['<script>'], ['']])(
    'is dropped when it is not a code: %j',
    async (code) => {
      history.replaceState(null, '', `/?promo=${encodeURIComponent(code)}`);
      await open();
      expect(Object.keys(await buy())).not.toContain('promo');
    },
  );
});

describe('options of the script tag and the React component', () => {
  it('the script tag reads data-locale and data-promo', async () => {
    const script = document.createElement('script');
    script.src = 'https://cms.example/api/sell-my-images/client.js';
    script.dataset.locale = 'fr-BE';
    script.dataset.promo = 'TAG_CODE';
    Object.defineProperty(document, 'currentScript', { value: script, configurable: true });
    document.body.innerHTML = '<img data-smi-file-id="42" src="a.jpg">';
    // The tag starts itself and keeps watching the page: its observer is stopped at the end,
    // or it would fire while jsdom tears the page down.
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
    await flush();
    const btn = document.querySelector<HTMLButtonElement>('button.smi-btn')!;
    expect(btn.textContent).toBe(TEXTS_FR.button);
    btn.click();
    await flush();
    await flush();
    expect(await buy()).toMatchObject({ locale: 'fr-BE', promo: 'TAG_CODE' });
    expect(started).toHaveLength(1);
    started.forEach((observer) => observer.disconnect());
    Reflect.deleteProperty(document, 'currentScript');
    Reflect.deleteProperty(window, 'SellMyImages');
  });
});
