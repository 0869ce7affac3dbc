/**
 * @jest-environment jsdom
 */
import { scan, TEXTS } from '../../client/src/index';
import { createApi } from '../../client/src/api';
import { followReturn } from '../../client/src/status';

/** The frontend helper with the local AI upscaler: the provider named in the dialog, expected times, progress while it runs. */
let replies: Record<string, unknown>;

beforeEach(() => {
  document.body.innerHTML = '';
  replies = {};
  global.fetch = jest.fn(async (url: RequestInfo | URL) => {
    const path = new URL(String(url), 'http://localhost').pathname.replace(
      '/api/sell-my-images',
      '',
    );
    const body = Object.entries(replies).find(([prefix]) => path.startsWith(prefix))?.[1];
    return {
      ok: body !== undefined,
      status: body === undefined ? 404 : 200,
      json: async () => body ?? {},
    } as Response;
  }) as typeof fetch;
});

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

it('names the provider and its model, and shows the expected time of each option', async () => {
  replies['/prices'] = {
    currency: 'usd',
    upscaler: { name: 'local-ai', label: 'AI (ESRGAN, on this server)', model: 'ESRGAN slim' },
    options: [
      {
        resolution: '4x',
        width: 2560,
        height: 1920,
        formatted: '$0.50',
        available: true,
        expectedSeconds: 95,
      },
      {
        resolution: '8x',
        width: 5120,
        height: 3840,
        formatted: '$1.20',
        available: false,
        reason: 'exceeds_processing_time',
        expectedSeconds: 1300,
      },
    ],
  };
  replies['/clicks'] = {};
  document.body.innerHTML = '<img data-smi-file-id="7" src="a.jpg">';
  scan(document, {});
  document.querySelector<HTMLButtonElement>('button.smi-btn')!.click();
  await flush();
  await flush();
  const dialog = document.querySelector<HTMLElement>('[role="dialog"]')!;
  expect(dialog.querySelector('.smi-method')?.textContent).toBe(
    `${TEXTS.upscaledWith}: AI (ESRGAN, on this server) — ESRGAN slim`,
  );
  const labels = [...dialog.querySelectorAll('label[for^="smi-res"]')].map((l) => l.textContent);
  expect(labels[0]).toContain('2560 × 1920 px, about 2 min');
  expect(labels[1]).toContain(TEXTS.unavailable);
});

it('shows the parts done while the upscale runs, then the link', async () => {
  const states = [
    { status: 'processing', paymentStatus: 'paid', progress: { done: 3, total: 12 } },
    { status: 'processing', paymentStatus: 'paid', progress: { done: 9, total: 12 } },
    {
      status: 'completed',
      paymentStatus: 'paid',
      downloadUrl: 'https://cms.example/api/sell-my-images/downloads/tok',
    },
  ];
  let step = 0;
  replies['/jobs'] = states[0];
  const seen: Array<[number, number]> = [];
  const done = followReturn(
    createApi('', TEXTS),
    TEXTS,
    new URLSearchParams('smi_job=j1&smi_session=cs_1'),
    async () => {
      const bar = document.querySelector<HTMLProgressElement>('[role="dialog"] progress');
      if (bar) seen.push([bar.value, bar.max]);
      replies['/jobs'] = states[++step];
    },
  );
  await done;
  expect(seen).toEqual([
    [3, 12],
    [9, 12],
  ]);
  expect(document.querySelector('[role="dialog"] progress')).toBeNull();
  expect(document.querySelector<HTMLAnchorElement>('[role="dialog"] a.smi-btn')?.href).toBe(
    'https://cms.example/api/sell-my-images/downloads/tok',
  );
});
