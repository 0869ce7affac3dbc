/**
 * @jest-environment jsdom
 */
import { button, init, scan, TEXTS } from '../../client/src/index';
import { followReturn } from '../../client/src/status';
import { createApi } from '../../client/src/api';

/** The frontend helper in a DOM: buttons, the accessible dialog, prices, errors, the return from Stripe. */
type Reply = { status: number; body?: unknown } | 'network-error';

let replies: Record<string, Reply>;
let calls: Array<{ url: string; init?: RequestInit }>;

beforeEach(() => {
  document.body.innerHTML = '';
  calls = [];
  replies = {
    '/prices': {
      status: 200,
      body: {
        currency: 'usd',
        options: [
          { resolution: '4x', width: 8000, height: 6000, formatted: '$1.92', available: true },
          {
            resolution: '8x',
            width: 16000,
            height: 12000,
            formatted: '$7.20',
            available: false,
            reason: 'exceeds_max_output',
          },
        ],
      },
    },
    '/checkout': {
      status: 201,
      body: { jobId: 'j1', checkoutUrl: 'https://checkout.example/pay' },
    },
    '/clicks': { status: 204 },
  };
  global.fetch = jest.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(url), init });
    // the plugin's routes, whatever Strapi's REST prefix
    const path = new URL(String(url), 'http://localhost').pathname.replace(
      /^.*?\/sell-my-images/,
      '',
    );
    const reply = Object.entries(replies).find(([prefix]) => path.startsWith(prefix))?.[1] ?? {
      status: 404,
      body: { error: { message: 'no' } },
    };
    if (reply === 'network-error') throw new TypeError('Failed to fetch');
    // jsdom has no Response: the helper only reads ok, status and json()
    return {
      ok: reply.status < 300,
      status: reply.status,
      json: async () => reply.body ?? {},
    } as Response;
  }) as typeof fetch;
});

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const dialog = () => document.querySelector<HTMLElement>('[role="dialog"]');

async function openFor(fileId = '42') {
  document.body.innerHTML = `<img data-smi-file-id="${fileId}" data-smi-width="2000" data-smi-height="1500" src="a.jpg">`;
  scan(document, {});
  const btn = document.querySelector<HTMLButtonElement>('button.smi-btn')!;
  btn.focus();
  btn.click();
  await flush();
  await flush();
  return btn;
}

describe('buttons', () => {
  it('adds one button after each image with data-smi-file-id, once', () => {
    document.body.innerHTML =
      '<img data-smi-file-id="1" src="a.jpg"><img src="b.jpg"><img data-smi-file-id="abc" src="c.jpg">';
    expect(scan(document, {})).toBe(2);
    expect(scan(document, {})).toBe(0);
    const buttons = [...document.querySelectorAll('button.smi-btn')];
    expect(buttons.map((b) => b.textContent)).toEqual([TEXTS.button, TEXTS.button]);
    expect(buttons[0].previousElementSibling?.getAttribute('data-smi-file-id')).toBe('1');
    expect(buttons[0].getAttribute('aria-haspopup')).toBe('dialog');
  });

  it('builds a button from a Strapi media object, and none for a too-small one', () => {
    expect(
      button({ id: 7, documentId: 'doc7', width: 800, height: 600 }, { minImageSize: 100 })?.dataset
        .smiFor,
    ).toBe('doc7');
    expect(button({ id: 8, width: 50, height: 600 }, { minImageSize: 100 })).toBeNull();
    expect(button({ id: 9 }, { texts: { button: 'Acheter en HD' } })?.textContent).toBe(
      'Acheter en HD',
    );
  });

  it('buttons images added later (MutationObserver)', async () => {
    const { stop } = init({});
    const img = document.createElement('img');
    img.dataset.smiFileId = '99';
    document.body.append(img);
    await flush();
    expect(document.querySelector('button[data-smi-for="99"]')).not.toBeNull();
    stop();
  });
});

describe('purchase dialog', () => {
  it('is a labelled modal dialog with the live prices; unavailable options are explained and disabled', async () => {
    await openFor();
    const d = dialog()!;
    expect(d.getAttribute('aria-modal')).toBe('true');
    expect(document.getElementById(d.getAttribute('aria-labelledby')!)?.textContent).toBe(
      TEXTS.title,
    );
    const radios = [...d.querySelectorAll<HTMLInputElement>('input[type=radio]')];
    expect(radios.map((r) => [r.value, r.disabled, r.checked])).toEqual([
      ['4x', false, true],
      ['8x', true, false],
    ]);
    expect(d.textContent).toContain('$1.92');
    expect(d.textContent).toContain(TEXTS.unavailable);
    expect(d.querySelector('label[for^="smi-email"]')?.textContent).toBe(TEXTS.email);
    // the click was counted
    expect(
      calls.some(
        (c) => c.url.endsWith('/clicks') && JSON.parse(String(c.init?.body)).fileId === '42',
      ),
    ).toBe(true);
  });

  it('keeps focus inside, closes on Escape and gives focus back to the button', async () => {
    const btn = await openFor();
    const d = dialog()!;
    const focusables = [
      ...d.querySelectorAll<HTMLElement>('button:not([disabled]),input:not([disabled])'),
    ];
    focusables[focusables.length - 1].focus();
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }));
    expect(document.activeElement).toBe(focusables[0]);
    document.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Tab', shiftKey: true, bubbles: true }),
    );
    expect(document.activeElement).toBe(focusables[focusables.length - 1]);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(dialog()).toBeNull();
    expect(document.activeElement).toBe(btn);
  });

  it('starts checkout with the chosen resolution and e-mail, never a price', async () => {
    await openFor();
    const d = dialog()!;
    (d.querySelector('input[type=email]') as HTMLInputElement).value = 'me@example.test';
    d.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await flush();
    const checkout = calls.find((c) => c.url.endsWith('/checkout'))!;
    const body = JSON.parse(String(checkout.init?.body));
    expect(body).toMatchObject({ fileId: '42', resolution: '4x', email: 'me@example.test' });
    // the visitor's language: jsdom's page has no lang, its browser says en-US
    expect(body.locale).toBe(navigator.language);
    expect(Object.keys(body).sort()).toEqual([
      'email',
      'fileId',
      'locale',
      'resolution',
      'returnUrl',
      'sourcePage',
    ]);
  });

  it.each([
    ['rate limited', { status: 429, body: { error: { message: 'x' } } }, TEXTS.rateLimited],
    ['network down', 'network-error', TEXTS.network],
    [
      'server error',
      { status: 502, body: { error: { message: 'upstream detail' } } },
      TEXTS.failed,
    ],
    [
      'bad input',
      { status: 400, body: { error: { message: 'returnUrl is not on an allowed origin' } } },
      'returnUrl is not on an allowed origin',
    ],
  ] as Array<[string, Reply, string]>)(
    'says so in plain words when checkout fails (%s)',
    async (_name, reply, text) => {
      replies['/checkout'] = reply;
      await openFor();
      const d = dialog()!;
      d.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
      await flush();
      await flush();
      expect(d.querySelector('[role=alert]')?.textContent).toBe(text);
      expect((d.querySelector('button[type=submit]') as HTMLButtonElement).disabled).toBe(false);
    },
  );

  it('explains an image that is not for sale', async () => {
    replies['/prices'] = {
      status: 403,
      body: { error: { message: 'This image is not for sale', details: { reason: 'opted_out' } } },
    };
    await openFor();
    expect(dialog()!.querySelector('[role=alert]')?.textContent).toBe(TEXTS.notForSale);
  });
});

describe('return from Stripe', () => {
  it('polls the job and shows the download link when ready', async () => {
    const states = [
      { status: 'awaiting_payment', paymentStatus: 'unpaid' },
      { status: 'processing', paymentStatus: 'paid' },
      {
        status: 'completed',
        paymentStatus: 'paid',
        downloadUrl: 'https://cms.example/api/sell-my-images/downloads/tok',
      },
    ];
    replies['/jobs'] = { status: 200, body: states[0] };
    const api = createApi('', TEXTS);
    let step = 0;
    const done = followReturn(
      api,
      TEXTS,
      new URLSearchParams('smi_job=j1&smi_session=cs_1'),
      async () => {
        replies['/jobs'] = { status: 200, body: states[++step] };
      },
    );
    expect(done).not.toBeNull();
    await done;
    const link = dialog()!.querySelector<HTMLAnchorElement>('a.smi-btn')!;
    expect(link.href).toBe('https://cms.example/api/sell-my-images/downloads/tok');
    expect(document.activeElement).toBe(link);
    expect(calls.filter((c) => c.url.includes('/jobs/j1?session=cs_1'))).toHaveLength(3);
  });

  it('does nothing without the return parameters or after a cancelled payment', () => {
    const api = createApi('', TEXTS);
    expect(followReturn(api, TEXTS, new URLSearchParams(''))).toBeNull();
    expect(
      followReturn(api, TEXTS, new URLSearchParams('smi_job=j1&smi_status=cancelled')),
    ).toBeNull();
  });
});

describe("Strapi's REST prefix", () => {
  it('is /api unless an option says otherwise', async () => {
    const media = { id: 7, width: 2000, height: 1500 };
    button(media, { apiUrl: 'https://cms.example/' })!.click();
    button(media, { apiUrl: 'https://cms.example', apiPrefix: '/store-api/' })!.click();
    await flush();
    expect(calls.map((c) => c.url).filter((url) => url.includes('/prices'))).toEqual([
      'https://cms.example/api/sell-my-images/prices?fileId=7',
      'https://cms.example/store-api/sell-my-images/prices?fileId=7',
    ]);
  });

  it.each([
    [
      'under another prefix',
      'https://cms.example/store-api/sell-my-images/client.js',
      'https://cms.example/store-api',
    ],
    [
      'under the default one',
      'https://cms.example:8443/api/sell-my-images/client.js?v=2',
      'https://cms.example:8443/api',
    ],
    [
      'copied elsewhere (its origin, /api)',
      'https://cdn.example/js/smi.js',
      'https://cdn.example/api',
    ],
  ])('is read by the script tag from its own address, %s', async (_, src, routes) => {
    const script = document.createElement('script');
    script.src = src;
    script.dataset.manual = '';
    Object.defineProperty(document, 'currentScript', { value: script, configurable: true });
    document.body.innerHTML = '<img data-smi-file-id="9" src="a.jpg">';
    await jest.isolateModulesAsync(async () => void (await import('../../client/src/auto')));
    const { stop } = window.SellMyImages!.init();
    stop();
    document.querySelector<HTMLButtonElement>('button.smi-btn')!.click();
    await flush();
    expect(calls.map((c) => c.url)).toContain(`${routes}/sell-my-images/prices?fileId=9`);
    Reflect.deleteProperty(document, 'currentScript');
    Reflect.deleteProperty(window, 'SellMyImages');
  });
});

describe('return parameters', () => {
  afterEach(() => history.replaceState(null, '', '/'));

  it('leave the address bar once read, the rest of it kept', async () => {
    replies['/jobs'] = { status: 200, body: { status: 'processing', paymentStatus: 'paid' } };
    history.replaceState(null, '', '/gallery?page=2&smi_job=j1&smi_session=cs_test_1#photo-3');
    const { stop } = init({});
    stop();
    await flush();
    expect(calls.some((c) => c.url.includes('/jobs/j1?session=cs_test_1'))).toBe(true);
    expect(location.href).toBe('http://localhost/gallery?page=2#photo-3');
    document.querySelector<HTMLButtonElement>('.smi-close')?.click();
  });

  it('of an earlier purchase are not part of a new one', async () => {
    history.replaceState(null, '', '/gallery?smi_job=j1&smi_session=cs_test_1&page=2');
    await openFor();
    const d = dialog()!;
    d.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await flush();
    const body = JSON.parse(String(calls.find((c) => c.url.endsWith('/checkout'))!.init?.body));
    expect(body).toMatchObject({
      sourcePage: 'http://localhost/gallery?page=2',
      returnUrl: 'http://localhost/gallery?page=2',
    });
    const click = JSON.parse(String(calls.find((c) => c.url.endsWith('/clicks'))!.init?.body));
    expect(click.sourcePage).toBe('http://localhost/gallery?page=2');
  });
});
