/**
 * @jest-environment jsdom
 */
import axe from 'axe-core';
import type { OrderStatusAnswer } from '../../shared/contracts/cart';
import type { JobStatusAnswer } from '../../shared/contracts/jobs';
import { createApi } from '../../client/src/api';
import { followReturn, withoutReturnParams } from '../../client/src/status';
import { TEXTS, TEXTS_FR } from '../../client/src/texts';

/**
 * The return dialog says what was bought (README "After payment"): one image's card, link
 * lifetime, downloads left and masked address; the estimate while it is made; the refund
 * of a failed one; and a cart's lines with its ZIP, polled from GET /orders/:orderId.
 */
let replies: Record<string, unknown[]>;
let calls: string[];

beforeEach(() => {
  document.body.innerHTML = '';
  calls = [];
  replies = {};
  global.fetch = jest.fn(async (url: RequestInfo | URL) => {
    calls.push(String(url));
    const path = new URL(String(url), 'http://localhost').pathname.replace(
      /^.*?\/sell-my-images/,
      '',
    );
    const key = Object.keys(replies).find((prefix) => path.startsWith(prefix));
    const queue = key ? replies[key] : [];
    const body = queue.length > 1 ? queue.shift() : queue[0];
    return {
      ok: body !== undefined,
      status: body === undefined ? 404 : 200,
      json: async () => body ?? { error: { message: 'no' } },
    } as Response;
  }) as typeof fetch;
});

const EXPIRES = '2026-12-04T21:00:00.000Z';
const job = (patch: Partial<JobStatusAnswer> = {}): JobStatusAnswer => ({
  jobId: 'j1',
  status: 'completed',
  paymentStatus: 'paid',
  resolution: '4x',
  createdAt: '2026-12-03T21:00:00.000Z',
  file: { title: 'Harbour at dawn', thumbnailUrl: 'https://cms.example/uploads/thumbnail_h.jpg' },
  output: { width: 8000, height: 6000, format: 'jpeg', bytes: 4_210_000 },
  downloadUrl: 'https://cms.example/api/sell-my-images/downloads/tok1',
  expiresAt: EXPIRES,
  downloadsRemaining: 2,
  emailMasked: 'j•••@example.com',
  ...patch,
});

const dialog = () => document.querySelector<HTMLElement>('[role=dialog]')!;
const status = () => dialog().querySelector('[role=status]')!.textContent;
const noSleep = async () => undefined;

async function returnTo(query: string, texts = TEXTS) {
  const done = followReturn(createApi('', texts), texts, new URLSearchParams(query), noSleep);
  expect(done).not.toBeNull();
  await done;
}

describe('one image', () => {
  it('shows the thumbnail, title, pixels, format and size, link lifetime, downloads left and masked e-mail', async () => {
    replies['/jobs'] = [job({ status: 'processing', downloadUrl: undefined }), job()];
    await returnTo('smi_job=j1&smi_session=cs_1');
    expect(calls.filter((url) => url === '/api/sell-my-images/jobs/j1?session=cs_1')).toHaveLength(
      2,
    );
    expect(dialog().getAttribute('aria-labelledby')).toBeTruthy();
    expect(status()).toBe(TEXTS.ready);
    const img = dialog().querySelector('img')!;
    expect(img.src).toBe('https://cms.example/uploads/thumbnail_h.jpg');
    expect(img.alt).toBe(''); // the title beside it says it
    const text = dialog().textContent;
    expect(text).toContain('Harbour at dawn');
    expect(text).toContain('4x · 8000 × 6000 px');
    expect(text).toContain('JPEG, 4.2 MB');
    const until = new Date(EXPIRES).toLocaleString(undefined, {
      dateStyle: 'medium',
      timeStyle: 'short',
    });
    expect(text).toContain(`Link works until ${until} · downloads left: 2`);
    expect(text).toContain('Also sent to j•••@example.com');
    // the main action has the focus, named after the image
    const link = dialog().querySelector<HTMLAnchorElement>('a.smi-btn')!;
    expect(link.href).toBe('https://cms.example/api/sell-my-images/downloads/tok1');
    expect(link.getAttribute('aria-label')).toBe('Download: Harbour at dawn');
    expect(document.activeElement).toBe(link);
  });

  it('says nothing of downloads left when the link is unlimited, nor of an address not given', async () => {
    replies['/jobs'] = [job({ downloadsRemaining: null, emailMasked: null })];
    await returnTo('smi_job=j1&smi_session=cs_1');
    expect(dialog().textContent).not.toMatch(/downloads left|Also sent/);
    expect(dialog().textContent).toContain('Link works until');
  });

  it('shows the estimate and the progress bar while it is made', async () => {
    const working = job({
      status: 'processing',
      downloadUrl: undefined,
      output: { width: 8000, height: 6000 },
      progress: { done: 3, total: 12 },
      estimateSeconds: 95,
    });
    // the answer stays the same: the first wait looks at the dialog, then closes it
    replies['/jobs'] = [working];
    let seen: { bar: HTMLProgressElement | null; text: string; status: string } | null = null;
    const done = followReturn(
      createApi('', TEXTS),
      TEXTS,
      new URLSearchParams('smi_job=j1&smi_session=cs_1'),
      async () => {
        seen ??= {
          bar: dialog().querySelector('progress'),
          text: dialog().textContent ?? '',
          status: status() ?? '',
        };
        dialog().querySelector<HTMLButtonElement>('.smi-close')!.click();
      },
    );
    await done;
    const { bar, text, status: said } = seen!;
    expect(bar!.max).toBe(12);
    expect(bar!.value).toBe(3);
    expect(bar!.getAttribute('aria-label')).toBe(TEXTS.processing);
    expect(text).toContain('about 2 min');
    expect(text).not.toContain('JPEG'); // not delivered yet
    expect(said).toBe(TEXTS.processing);
    expect(calls).toHaveLength(1);
  });

  it('says what is refunded and by when after a failure', async () => {
    const expectedBy = '2026-12-13T21:00:00.000Z';
    replies['/jobs'] = [
      job({
        status: 'failed',
        paymentStatus: 'refunded',
        downloadUrl: undefined,
        refund: { amount: 400, currency: 'usd', formatted: '$4.00', expectedBy },
      }),
    ];
    await returnTo('smi_job=j1&smi_session=cs_1');
    const day = new Date(expectedBy).toLocaleDateString();
    expect(status()).toBe(
      `We could not prepare your image. Your payment of $4.00 is refunded; it reaches your account by ${day} (5–10 business days).`,
    );
    expect(dialog().querySelector('a.smi-btn')).toBeNull();
  });

  it('speaks French with the French texts', async () => {
    replies['/jobs'] = [job()];
    await returnTo('smi_job=j1&smi_session=cs_1', TEXTS_FR);
    expect(dialog().textContent).toContain('Aussi envoyé à j•••@example.com');
    expect(dialog().textContent).toContain('téléchargements restants : 2');
  });
});

describe('a cart', () => {
  const order = (lines: JobStatusAnswer[], extra: Partial<OrderStatusAnswer> = {}) => ({
    orderId: 'o1',
    lines,
    ...extra,
  });

  it('polls GET /orders/:orderId with the session, lists each line and offers the ZIP', async () => {
    const second = job({
      jobId: 'j2',
      resolution: '8x',
      file: { title: 'Old mill', thumbnailUrl: null },
      output: { width: 16000, height: 12000, format: 'png', bytes: 380_000 },
      downloadUrl: 'https://cms.example/api/sell-my-images/downloads/tok2',
    });
    const failed = job({
      jobId: 'j3',
      status: 'failed',
      paymentStatus: 'refunded',
      downloadUrl: undefined,
      file: { title: 'Night pier', thumbnailUrl: null },
      refund: { amount: 250, currency: 'usd', formatted: '$2.50', expectedBy: EXPIRES },
    });
    replies['/orders'] = [
      order([
        job({ status: 'pending', downloadUrl: undefined }),
        { ...second, status: 'processing', downloadUrl: undefined },
        failed,
      ]),
      order([job(), second, failed], {
        zipUrl: 'https://cms.example/api/sell-my-images/orders/o1/zip?token=t',
        expiresAt: EXPIRES,
      }),
    ];
    await returnTo('smi_order=o1&smi_session=cs_9');
    expect(calls).toContain('/api/sell-my-images/orders/o1?session=cs_9');
    expect(dialog().querySelector('h2')!.textContent).toBe(TEXTS.orderTitle);
    const items = dialog().querySelectorAll('.smi-lines > li');
    expect(items).toHaveLength(3);
    expect(items[1].textContent).toContain('8x · 16000 × 12000 px');
    expect(items[1].textContent).toContain('PNG, 0.4 MB');
    expect(items[1].querySelector('img')).toBeNull();
    expect(items[2].textContent).toContain('Your payment of $2.50 is refunded');
    const names = [...dialog().querySelectorAll('.smi-lines a')].map((a) =>
      a.getAttribute('aria-label'),
    );
    expect(names).toEqual(['Download: Harbour at dawn', 'Download: Old mill']);
    const zip = [...dialog().querySelectorAll<HTMLAnchorElement>('a.smi-btn')].find(
      (a) => a.textContent === 'Download all (ZIP)',
    )!;
    expect(zip.href).toBe('https://cms.example/api/sell-my-images/orders/o1/zip?token=t');
    expect(document.activeElement).toBe(zip);
    expect(status()).toBe(TEXTS.ready);
    expect(dialog().textContent).toContain('Also sent to j•••@example.com');

    // no serious or critical axe-core finding (jsdom cannot compute contrast)
    // (axe probes a canvas jsdom does not implement: that complaint is not a finding)
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const result = await axe.run(dialog(), { rules: { 'color-contrast': { enabled: false } } });
    quiet.mockRestore();
    expect(result.violations.map((v) => v.id)).toEqual([]);
  });

  it('focuses the first link when there is no ZIP, and says when nothing could be made', async () => {
    replies['/orders'] = [order([job(), job({ jobId: 'j2' })])];
    await returnTo('smi_order=o1&smi_session=cs_9');
    expect(document.activeElement).toBe(dialog().querySelector('.smi-lines a'));
    document.body.innerHTML = '';
    replies['/orders'] = [
      order([job({ status: 'failed', paymentStatus: 'refunded', downloadUrl: undefined })]),
    ];
    await returnTo('smi_order=o1&smi_session=cs_9');
    expect(status()).toBe(TEXTS.jobFailed);
  });

  it('does nothing without a session or after a cancelled payment', () => {
    const api = createApi('', TEXTS);
    expect(followReturn(api, TEXTS, new URLSearchParams('smi_order=o1'))).toBeNull();
    expect(
      followReturn(
        api,
        TEXTS,
        new URLSearchParams('smi_order=o1&smi_session=cs&smi_status=cancelled'),
      ),
    ).toBeNull();
  });
});

describe('the api and the address bar', () => {
  it('asks for an order with its ids encoded', async () => {
    replies['/orders'] = [{ orderId: 'a b', lines: [] }];
    await createApi('https://cms.example', TEXTS).order('a b', 'cs_1/2');
    expect(calls).toEqual(['https://cms.example/api/sell-my-images/orders/a%20b?session=cs_1%2F2']);
  });

  it('leaves a cart return out of the address bar, the rest kept', () => {
    expect(
      withoutReturnParams('https://site.example/gallery?page=2&smi_order=o1&smi_session=cs_1#top'),
    ).toBe('https://site.example/gallery?page=2#top');
  });
});
