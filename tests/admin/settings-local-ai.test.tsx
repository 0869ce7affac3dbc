import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import SettingsPage from '../../admin/src/pages/SettingsPage';
import type { Settings } from '../../shared/contracts/settings';
import type { LocalAiTimesAnswer, SettingsAnswer } from '../../shared/contracts/settings-routes';
import { pricePreview } from '../../server/src/commerce/price-preview';
import { adminState, grant, mockApi, type FakeRequest } from './support/admin-test-state';
import { renderAdmin } from './support/render';

// The page is large and the machine may be busy: wait on the page, not on a stopwatch.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(60_000);

/**
 * The local-ai parts of the settings page: its own block in the Upscaler section (model,
 * 8x method, tiles, concurrency, expected times on this server, measuring), its pricing
 * (per megapixel or flat instead of credits × markup) and the processing settings.
 */
const SAVED: Settings = {
  markupPercent: 500,
  minimumPrice: 50,
  currency: 'usd',
  creditPrice: 4,
  creditsPerMegapixel: 0.25,
  resolutions: ['4x', '8x'],
  maxOutputMegapixels: null,
  downloadExpiryHours: 24,
  maxDownloads: null,
  buttonText: 'Download Hi-Res',
  minImageSize: 100,
  saleMode: 'all',
  termsUrl: null,
  supportEmail: null,
  allowedReturnOrigins: [],
  upscaler: 'local-ai',
  siteName: null,
  senderEmail: null,
  reminderHoursBefore: 6,
  emailRetentionDays: 90,
  processingTimeoutMinutes: 15,
  workerConcurrency: 2,
  localAiModel: 'slim',
  localAi8xMode: 'x4-lanczos',
  localAiTileSize: 256,
  localAiConcurrency: 1,
  localAiPricingMode: 'per_megapixel',
  localAiPricePerMegapixel: 6,
  localAiFlatPrices: { '4x': 200, '8x': 500 },
  stripeSecretKey: null,
  stripeWebhookSecret: null,
  upsamplerApiKey: null,
};

function answer(settings: Partial<Settings> = {}): SettingsAnswer {
  return {
    settings: { ...SAVED, ...settings },
    sources: {},
    environment: {},
    stripeMode: null,
    webhookUrl: 'https://shop.example.test/api/sell-my-images/webhooks/stripe',
  };
}

const SIZES = [
  { width: 640, height: 480 },
  { width: 1000, height: 1000 },
  { width: 2000, height: 2000 },
  { width: 4000, height: 3000 },
];
/** Expected seconds per sample size: 4x, 8x the chosen way, 8x with the 8x model. */
const SECONDS: Record<string, { '4x': number | null; x4: number | null; x8: number | null }> = {
  '640x480': { '4x': 45, x4: 70, x8: 180 },
  '1000x1000': { '4x': 180, x4: 290, x8: 800 },
  '2000x2000': { '4x': 700, x4: 1100, x8: 3000 },
  '4000x3000': { '4x': 3900, x4: null, x8: null },
};
const MACHINE = { cpus: 2, cpuModel: 'AMD EPYC 7B13', node: 'v22.11.0' };
const MISSING = [
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-backend-wasm',
  '@upscalerjs/esrgan-slim',
  '@upscalerjs/esrgan-medium',
];

type TimesBody = Partial<
  Pick<
    Settings,
    'resolutions' | 'localAiModel' | 'localAi8xMode' | 'localAiTileSize' | 'localAiConcurrency'
  >
>;

/** What the server answers for `body` over the saved values, in the shape of services/local-ai expectedTimes. */
function times(
  body: TimesBody,
  { calibrated = true, calibrating = false, available = true } = {},
): LocalAiTimesAnswer {
  const model =
    (body.localAiModel ?? SAVED.localAiModel) === 'medium' ? 'ESRGAN medium' : 'ESRGAN slim';
  const mode = body.localAi8xMode ?? SAVED.localAi8xMode;
  const resolutions = body.resolutions ?? SAVED.resolutions;
  const known = calibrated && available;
  const x4 = `${model} 4x + Lanczos 2x`;
  return {
    availability: available
      ? {
          available: true,
          missing: [],
          message: 'ESRGAN runs on this server; no account is needed',
        }
      : {
          available: false,
          missing: MISSING,
          message: `Install ${MISSING.join(', ')} to use the local AI upscaler`,
        },
    upscaler: { name: 'local-ai', label: 'AI (ESRGAN, on this server)', model },
    calibrated: known,
    calibrating,
    measuredAt: known ? '2030-01-02T09:30:00.000Z' : null,
    machine: known ? MACHINE : null,
    eightXMode: mode,
    tileSize: body.localAiTileSize ?? SAVED.localAiTileSize,
    threadsPerJob: Math.min(
      4,
      Math.max(1, Math.floor(MACHINE.cpus / (body.localAiConcurrency ?? 1))),
    ),
    samples: SIZES.map(({ width, height }) => {
      const seconds = SECONDS[`${width}x${height}`];
      return {
        width,
        height,
        options: resolutions.map((resolution) => {
          const eight = resolution === '8x';
          const method = eight
            ? mode === 'x8-model'
              ? `${model} 8x`
              : x4
            : `${model} ${resolution}`;
          const value = eight
            ? mode === 'x8-model'
              ? seconds.x8
              : seconds.x4
            : resolution === '4x'
              ? seconds['4x']
              : null;
          return {
            resolution,
            scale: Number.parseInt(resolution, 10),
            method,
            seconds: known ? value : null,
          };
        }),
        ...(resolutions.includes('8x')
          ? {
              eightXModes: [
                {
                  mode: 'x8-model' as const,
                  method: `${model} 8x`,
                  seconds: known ? seconds.x8 : null,
                },
                { mode: 'x4-lanczos' as const, method: x4, seconds: known ? seconds.x4 : null },
              ],
            }
          : {}),
      };
    }),
  };
}

const TIMES = 'POST /sell-my-images/settings/local-ai/expected-times';
const CALIBRATE = 'POST /sell-my-images/settings/local-ai/calibrate';

/** GET answers `initial`; the price preview runs the server's pricing; expected times answer per `state`. */
function serve(initial: SettingsAnswer = answer(), state: Parameters<typeof times>[1] = {}) {
  const current = { settings: initial, times: { ...state } };
  mockApi({
    'GET /sell-my-images/settings': () => ({ body: { data: current.settings } }),
    'POST /sell-my-images/settings/price-preview': ({ body }: FakeRequest) => ({
      body: { data: pricePreview(current.settings.settings, body as Partial<Settings>) },
    }),
    [TIMES]: ({ body }: FakeRequest) => ({
      body: { data: times((body ?? {}) as TimesBody, current.times) },
    }),
  });
  return current;
}

const requests = (method: FakeRequest['method'], path: string) =>
  adminState.requests.filter((request) => request.method === method && request.url === path);
const timesRequests = () => requests('POST', '/sell-my-images/settings/local-ai/expected-times');
const previewRequests = () => requests('POST', '/sell-my-images/settings/price-preview');

const localAiBlock = () => screen.findByRole('region', { name: 'Local AI' });
const timesTable = () =>
  screen.findByRole('table', { name: 'Expected processing time on this server' });

/** The cell of a table for a sample size (row) and a resolution (column). */
async function cell(
  table: HTMLElement,
  size: string | RegExp,
  resolution: string,
): Promise<HTMLElement> {
  const headers = within(table)
    .getAllByRole('columnheader')
    .map((header) => header.textContent);
  const row = within(table).getByRole('rowheader', { name: size }).closest('tr') as HTMLElement;
  return within(row).getAllByRole('cell')[headers.indexOf(resolution) - 1];
}

async function choose(user: ReturnType<typeof userEvent.setup>, combobox: string, option: string) {
  await user.click(screen.getByRole('combobox', { name: combobox }));
  await user.click(await screen.findByRole('option', { name: option }));
}

const saveButton = () => screen.getByRole('button', { name: 'Save' });

describe('settings page: local AI', () => {
  it('shows the local AI block only while the local AI upscaler is selected, even unsaved', async () => {
    const user = userEvent.setup();
    serve(answer({ upscaler: 'sharp' }));
    renderAdmin(<SettingsPage />);
    await screen.findByLabelText('Minimum price');
    expect(screen.queryByRole('region', { name: 'Local AI' })).toBeNull();
    expect(screen.queryByLabelText('Tile size (px)')).toBeNull();
    // The processing settings belong to every upscaler.
    expect((screen.getByLabelText('Processing timeout (minutes)') as HTMLInputElement).value).toBe(
      '15',
    );
    expect((screen.getByLabelText('Jobs processed at once') as HTMLInputElement).value).toBe('2');

    await choose(user, 'Upscaler', 'Local AI (ESRGAN on this server)');
    const block = await localAiBlock();
    expect(within(block).getByRole('combobox', { name: 'Model' }).textContent).toContain(
      'ESRGAN slim (faster)',
    );
    expect(within(block).getByRole('combobox', { name: 'How 8x is made' }).textContent).toContain(
      '4x model + Lanczos 2x (faster)',
    );
    expect((within(block).getByLabelText('Tile size (px)') as HTMLInputElement).value).toBe('256');
    expect(
      (within(block).getByLabelText('Local AI upscales at once') as HTMLInputElement).value,
    ).toBe('1');
    await waitFor(() => expect(timesRequests()).toHaveLength(1));

    await choose(user, 'Upscaler', 'Lanczos resize (non-AI)');
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Local AI' })).toBeNull());
  });

  it('asks for the expected times with the unsaved model and tile size, and not while a value is wrong', async () => {
    const user = userEvent.setup();
    serve();
    renderAdmin(<SettingsPage />);
    await timesTable();
    expect(timesRequests()[0].body).toEqual({
      resolutions: ['4x', '8x'],
      localAiModel: 'slim',
      localAi8xMode: 'x4-lanczos',
      localAiTileSize: 256,
      localAiConcurrency: 1,
    });

    await choose(user, 'Model', 'ESRGAN medium (sharper, about 2.5× slower)');
    fireEvent.change(screen.getByLabelText('Tile size (px)'), { target: { value: '128' } });
    await waitFor(() =>
      expect(timesRequests().at(-1)?.body).toMatchObject({
        localAiModel: 'medium',
        localAiTileSize: 128,
      }),
    );
    expect(timesRequests().at(-1)?.body).toEqual({
      resolutions: ['4x', '8x'],
      localAiModel: 'medium',
      localAi8xMode: 'x4-lanczos',
      localAiTileSize: 128,
      localAiConcurrency: 1,
    });
    expect(await within(await timesTable()).findAllByText('ESRGAN medium 4x')).toHaveLength(4);

    // An empty tile size: nothing is asked, the table says it is out of date.
    const count = timesRequests().length;
    fireEvent.change(screen.getByLabelText('Tile size (px)'), { target: { value: '' } });
    expect(
      await screen.findByText('Fix the highlighted fields to update the expected times.'),
    ).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(timesRequests()).toHaveLength(count);
  });

  it('shows the server’s field errors about the local AI values next to their fields', async () => {
    serve();
    mockApi({
      [TIMES]: ({ body }: FakeRequest) =>
        (body as TimesBody).localAiTileSize === 320
          ? {
              status: 400,
              body: {
                data: null,
                error: {
                  status: 400,
                  name: 'ValidationError',
                  message: 'Invalid',
                  details: {
                    errors: [
                      {
                        path: ['localAiTileSize'],
                        message: 'Above the tile size this model can use',
                      },
                    ],
                  },
                },
              },
            }
          : { body: { data: times(body as TimesBody) } },
    });
    renderAdmin(<SettingsPage />);
    await timesTable();
    const tile = screen.getByLabelText('Tile size (px)') as HTMLInputElement;
    fireEvent.change(tile, { target: { value: '320' } });
    expect(await screen.findByText('Above the tile size this model can use')).toBeTruthy();
    expect(tile.getAttribute('aria-invalid')).toBe('true');
    expect(timesRequests().at(-1)?.body).toMatchObject({ localAiTileSize: 320 });
  });

  it('checks the local AI values with the shared rules before asking: a tile size out of range is not sent', async () => {
    serve();
    renderAdmin(<SettingsPage />);
    await timesTable();
    const count = timesRequests().length;
    const tile = screen.getByLabelText('Tile size (px)') as HTMLInputElement;
    fireEvent.change(tile, { target: { value: '600' } });
    // The schema the server validates with (shared/contracts/settings): 64–512.
    expect(await screen.findByText('Too big: expected number to be <=512')).toBeTruthy();
    expect(tile.getAttribute('aria-invalid')).toBe('true');
    expect(
      screen.getByText('Fix the highlighted fields to update the expected times.'),
    ).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(timesRequests()).toHaveLength(count);
  });

  it('shows the expected times humanised, with the method, the 8x comparison and the machine measured', async () => {
    serve();
    renderAdmin(<SettingsPage />);
    const block = await localAiBlock();
    const table = await timesTable();
    expect(
      within(block).getByText('Upscaler: AI (ESRGAN, on this server) · Model: ESRGAN slim'),
    ).toBeTruthy();
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((header) => header.textContent),
    ).toEqual(['Original size', '4x', '8x']);

    const small4x = await cell(table, '640 × 480 px', '4x');
    expect(small4x.textContent).toContain('about 45 s');
    expect(small4x.textContent).toContain('ESRGAN slim 4x');
    expect((await cell(table, '1,000 × 1,000 px', '4x')).textContent).toContain('about 3 min');
    const large4x = await cell(table, '4,000 × 3,000 px', '4x');
    expect(large4x.textContent).toContain('about 1 h 5 min');
    // 65 min is above the 15 min processing timeout: checkout will not offer it.
    expect(large4x.textContent).toContain(
      'Longer than the processing timeout (15 min): not offered for this size',
    );
    expect((await cell(table, '4,000 × 3,000 px', '8x')).textContent).toContain('—');

    const small8x = await cell(table, '640 × 480 px', '8x');
    expect(small8x.textContent).toContain('about 1 min');
    expect(small8x.textContent).toContain('ESRGAN slim 4x + Lanczos 2x');
    expect(small8x.textContent).toContain(
      '8x: 8x model about 3 min · 4x model + Lanczos 2x about 1 min',
    );
    expect(small8x.textContent).not.toContain('Longer than the processing timeout');

    expect(
      within(block).getByText(
        /^Measured on 2 × AMD EPYC 7B13, .+ · 2 inference threads per upscale$/,
      ),
    ).toBeTruthy();
    expect(within(block).getByRole('button', { name: 'Measure again' })).toBeTruthy();
  });

  it('explains which packages to install when local AI cannot run here, instead of times', async () => {
    serve(answer(), { available: false, calibrated: false });
    renderAdmin(<SettingsPage />);
    const block = await localAiBlock();
    const title = await within(block).findByText('Local AI cannot run on this server yet');
    const warning = title.closest('[role="alert"]') as HTMLElement;
    expect(warning.textContent).toContain('Local AI cannot run on this server yet');
    expect(warning.textContent).toContain(
      `Install ${MISSING.join(', ')} to use the local AI upscaler`,
    );
    for (const name of MISSING) expect(within(warning).getByText(name)).toBeTruthy();
    expect(
      within(warning).getByText(
        'npm install @tensorflow/tfjs@~4.11.0 @tensorflow/tfjs-backend-wasm@~4.11.0 @upscalerjs/esrgan-slim @upscalerjs/esrgan-medium',
      ),
    ).toBeTruthy();
    expect(
      screen.queryByRole('table', { name: 'Expected processing time on this server' }),
    ).toBeNull();
    expect(within(block).queryByRole('button', { name: /Measure/ })).toBeNull();
  });

  it('measures the server on request, polls until the measurement ends, then shows the times and stops polling', async () => {
    const user = userEvent.setup();
    const server = serve(answer(), { calibrated: false });
    mockApi({
      [CALIBRATE]: () => {
        server.times = { calibrated: true, calibrating: false };
        return { status: 202, body: { data: { calibrating: true } } };
      },
    });
    renderAdmin(<SettingsPage />);
    const block = await localAiBlock();
    expect(await within(block).findByText('Not measured on this server yet')).toBeTruthy();
    expect(within(block).queryByRole('table')).toBeNull();

    await user.click(within(block).getByRole('button', { name: 'Measure this server' }));
    await waitFor(() =>
      expect(requests('POST', '/sell-my-images/settings/local-ai/calibrate')).toHaveLength(1),
    );
    expect(await within(block).findByText('Measuring now…')).toBeTruthy();
    const asked = timesRequests().length;

    // The poll (every 3 s) finds the measurement over.
    const table = await timesTable();
    expect(timesRequests().length).toBe(asked + 1);
    expect((await cell(table, '640 × 480 px', '4x')).textContent).toContain('about 45 s');
    expect(within(block).queryByText('Measuring now…')).toBeNull();
    await waitFor(() =>
      expect(adminState.notifications).toContainEqual({
        type: 'success',
        message: 'This server was measured; the expected times are up to date.',
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 3500));
    expect(timesRequests().length).toBe(asked + 1);
  });

  it('says why the server refused to measure', async () => {
    const user = userEvent.setup();
    serve(answer(), { calibrated: false });
    mockApi({
      [CALIBRATE]: () => ({
        status: 409,
        body: {
          data: null,
          error: {
            status: 409,
            name: 'ConflictError',
            message: 'Install @upscalerjs/esrgan-medium to use the local AI upscaler',
            details: {},
          },
        },
      }),
    });
    renderAdmin(<SettingsPage />);
    const block = await localAiBlock();
    await user.click(await within(block).findByRole('button', { name: 'Measure this server' }));
    await waitFor(() =>
      expect(adminState.notifications).toContainEqual({
        type: 'danger',
        message:
          'The measurement could not start: Install @upscalerjs/esrgan-medium to use the local AI upscaler',
      }),
    );
    expect(within(block).getByText('Not measured on this server yet')).toBeTruthy();
  });

  it('lets an admin who may only read see the measurement the server runs, without a measure button', async () => {
    grant(['read', 'settings.read']);
    // The first ask starts a measurement on the server; it is over by the next poll.
    const server = serve(answer(), { calibrated: false, calibrating: true });
    mockApi({
      [TIMES]: ({ body }: FakeRequest) => {
        const data = times(body as TimesBody, server.times);
        server.times = { calibrated: true, calibrating: false };
        return { body: { data } };
      },
    });
    renderAdmin(<SettingsPage />);
    const block = await localAiBlock();
    expect(await within(block).findByText('Measuring now…')).toBeTruthy();
    expect(within(block).getByText('Not measured on this server yet')).toBeTruthy();
    expect(within(block).queryByRole('button', { name: 'Measure this server' })).toBeNull();
    expect((within(block).getByLabelText('Tile size (px)') as HTMLInputElement).disabled).toBe(
      true,
    );

    await timesTable();
    expect(within(block).queryByRole('button', { name: 'Measure again' })).toBeNull();
    expect(requests('POST', '/sell-my-images/settings/local-ai/calibrate')).toHaveLength(0);
  });

  it('prices local AI per output megapixel instead of credits and markup, in the preview too', async () => {
    serve();
    renderAdmin(<SettingsPage />);
    const pricing = await screen.findByRole('region', { name: 'Pricing' });
    const perMegapixel = (await within(pricing).findByLabelText(
      'Price per output megapixel',
    )) as HTMLInputElement;
    expect(perMegapixel.value).toBe('0.06');
    expect(within(pricing).queryByLabelText('Markup (%)')).toBeNull();
    expect(within(pricing).queryByLabelText('Price per upscaler credit')).toBeNull();
    expect(within(pricing).getByText(/no credits to pay and nothing to mark up/)).toBeTruthy();
    expect(within(pricing).queryByLabelText('Flat price for 4x')).toBeNull();

    fireEvent.change(perMegapixel, { target: { value: '0.10' } });
    await waitFor(() =>
      expect(previewRequests().at(-1)?.body).toMatchObject({ localAiPricePerMegapixel: 10 }),
    );
    expect(previewRequests().at(-1)?.body).toMatchObject({
      upscaler: 'local-ai',
      localAiPricingMode: 'per_megapixel',
      localAiPricePerMegapixel: 10,
      minimumPrice: 50,
    });
    // 2000×2000 at 4x = 64 MP × $0.10 = $6.40 (no markup); 640×480 at 4x = 4.92 MP → $0.50 minimum.
    const table = await screen.findByRole('table', { name: 'Price preview' });
    await waitFor(async () =>
      expect((await cell(table, '2,000 × 2,000 px', '4x')).textContent).toContain('$6.40'),
    );
    expect((await cell(table, '640 × 480 px', '4x')).textContent).toContain('$0.50');
  });

  it('switches the preview to credit pricing when another upscaler is chosen, unsaved', async () => {
    const user = userEvent.setup();
    serve(answer({ localAiPricePerMegapixel: 10 }));
    renderAdmin(<SettingsPage />);
    const table = await screen.findByRole('table', { name: 'Price preview' });
    await waitFor(async () =>
      expect((await cell(table, '2,000 × 2,000 px', '4x')).textContent).toContain('$6.40'),
    );
    await choose(user, 'Upscaler', 'Upsampler (cloud AI)');
    expect(await screen.findByLabelText('Markup (%)')).toBeTruthy();
    // 16 credits × $0.04 × 600% = $3.84.
    await waitFor(async () =>
      expect(
        (
          await cell(
            await screen.findByRole('table', { name: 'Price preview' }),
            '2,000 × 2,000 px',
            '4x',
          )
        ).textContent,
      ).toContain('$3.84'),
    );
    expect(previewRequests().at(-1)?.body).toMatchObject({ upscaler: 'upsampler' });
  });

  it('saves flat prices as an object of integers, with the processing settings', async () => {
    const user = userEvent.setup();
    const server = serve();
    mockApi({
      'PUT /sell-my-images/settings': ({ body }: FakeRequest) => {
        server.settings = answer(body as Partial<Settings>);
        return { body: { data: server.settings } };
      },
    });
    renderAdmin(<SettingsPage />);
    await screen.findByRole('region', { name: 'Pricing' });
    await choose(user, 'Local AI pricing', 'Flat price per resolution');
    const flat4x = (await screen.findByLabelText('Flat price for 4x')) as HTMLInputElement;
    const flat8x = screen.getByLabelText('Flat price for 8x') as HTMLInputElement;
    expect(flat4x.value).toBe('2.00');
    expect(flat8x.value).toBe('5.00');
    // The per-megapixel price stays: it prices a resolution without a flat price.
    expect(screen.getByText('Used for resolutions without a flat price.')).toBeTruthy();
    fireEvent.change(flat8x, { target: { value: '7,5' } });
    fireEvent.change(screen.getByLabelText('Processing timeout (minutes)'), {
      target: { value: '30' },
    });
    fireEvent.change(screen.getByLabelText('Jobs processed at once'), { target: { value: '4' } });
    await waitFor(() =>
      expect(previewRequests().at(-1)?.body).toMatchObject({
        localAiPricingMode: 'flat',
        localAiFlatPrices: { '4x': 200, '8x': 750 },
      }),
    );
    const table = await screen.findByRole('table', { name: 'Price preview' });
    await waitFor(async () =>
      expect((await cell(table, '640 × 480 px', '8x')).textContent).toContain('$7.50'),
    );

    fireEvent.click(saveButton());
    await waitFor(() => expect(requests('PUT', '/sell-my-images/settings')).toHaveLength(1));
    expect(requests('PUT', '/sell-my-images/settings')[0].body).toEqual({
      localAiPricingMode: 'flat',
      localAiFlatPrices: { '4x': 200, '8x': 750 },
      processingTimeoutMinutes: 30,
      workerConcurrency: 4,
    });
    await waitFor(() =>
      expect((screen.getByLabelText('Flat price for 8x') as HTMLInputElement).value).toBe('7.50'),
    );
    expect(saveButton().hasAttribute('disabled')).toBe(true);
  });

  it('shows a server error about one flat price next to that price only', async () => {
    serve(answer({ localAiPricingMode: 'flat' }));
    mockApi({
      'PUT /sell-my-images/settings': () => ({
        status: 400,
        body: {
          data: null,
          error: {
            status: 400,
            name: 'ValidationError',
            message: 'Invalid settings',
            details: {
              errors: [
                {
                  path: ['localAiFlatPrices', '8x'],
                  message: 'Must not be below the minimum price',
                  name: 'ValidationError',
                },
              ],
            },
          },
        },
      }),
    });
    renderAdmin(<SettingsPage />);
    const flat8x = (await screen.findByLabelText('Flat price for 8x')) as HTMLInputElement;
    fireEvent.change(flat8x, { target: { value: '0.10' } });
    fireEvent.click(saveButton());
    const message = await screen.findByText('Must not be below the minimum price');
    expect(flat8x.getAttribute('aria-invalid')).toBe('true');
    expect(flat8x.getAttribute('aria-describedby')).toContain(message.id);
    expect(
      (screen.getByLabelText('Flat price for 4x') as HTMLInputElement).getAttribute('aria-invalid'),
    ).not.toBe('true');
    expect(adminState.notifications.at(-1)).toMatchObject({ type: 'danger' });
  });

  it('checks a flat price against the shared rules (at most Stripe’s maximum) before sending', async () => {
    serve(answer({ localAiPricingMode: 'flat' }));
    renderAdmin(<SettingsPage />);
    const flat8x = (await screen.findByLabelText('Flat price for 8x')) as HTMLInputElement;
    fireEvent.change(flat8x, { target: { value: '2000000' } });
    const message = await screen.findByText('Too big: expected number to be <=99999999');
    expect(flat8x.getAttribute('aria-invalid')).toBe('true');
    expect(flat8x.getAttribute('aria-describedby')).toContain(message.id);
    expect(
      (screen.getByLabelText('Flat price for 4x') as HTMLInputElement).getAttribute('aria-invalid'),
    ).not.toBe('true');
    fireEvent.click(saveButton());
    expect(adminState.notifications.at(-1)).toMatchObject({ type: 'warning' });
    expect(requests('PUT', '/sell-my-images/settings')).toHaveLength(0);
  });

  it('checks a typed flat price in the browser and sends nothing while it is wrong', async () => {
    serve(answer({ localAiPricingMode: 'flat' }));
    renderAdmin(<SettingsPage />);
    const flat4x = (await screen.findByLabelText('Flat price for 4x')) as HTMLInputElement;
    fireEvent.change(flat4x, { target: { value: '2.005' } });
    expect(await screen.findByText('At most 2 decimal places for this currency.')).toBeTruthy();
    expect(flat4x.getAttribute('aria-invalid')).toBe('true');
    fireEvent.click(saveButton());
    expect(adminState.notifications.at(-1)).toMatchObject({ type: 'warning' });
    expect(requests('PUT', '/sell-my-images/settings')).toHaveLength(0);
  });

  it('does not let a wrong value in a field the upscaler choice hides block saving', async () => {
    const user = userEvent.setup();
    serve(answer({ upscaler: 'upsampler' }));
    mockApi({
      'PUT /sell-my-images/settings': ({ body }: FakeRequest) => ({
        body: { data: answer(body as Partial<Settings>) },
      }),
    });
    renderAdmin(<SettingsPage />);
    fireEvent.change(await screen.findByLabelText('Price per upscaler credit'), {
      target: { value: 'abc' },
    });
    expect(await screen.findByText('Enter an amount like 0.50.')).toBeTruthy();
    await choose(user, 'Upscaler', 'Local AI (ESRGAN on this server)');
    await localAiBlock();
    fireEvent.click(saveButton());
    await waitFor(() => expect(requests('PUT', '/sell-my-images/settings')).toHaveLength(1));
    expect(requests('PUT', '/sell-my-images/settings')[0].body).toEqual({ upscaler: 'local-ai' });
  });

  it('renders the local AI settings in French', async () => {
    serve();
    renderAdmin(<SettingsPage />, { locale: 'fr' });
    const block = await screen.findByRole('region', { name: 'IA locale' });
    const table = await screen.findByRole('table', {
      name: 'Durée de traitement prévue sur ce serveur',
    });
    expect((await cell(table, /^4\D000 × 3\D000 px$/, '4x')).textContent).toContain(
      'environ 1 h 5 min',
    );
    expect(within(block).getByRole('combobox', { name: 'Modèle' }).textContent).toContain(
      'ESRGAN slim (plus rapide)',
    );
    expect(screen.getByLabelText('Prix par mégapixel produit')).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/settings\.[a-zA-Z]/);
  });
});
