import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import SettingsPage from '../../admin/src/pages/SettingsPage';
import {
  adminState,
  apiError,
  grant,
  mockApi,
  requestsTo as requests,
  type FakeRequest,
} from './support/admin-test-state';
import {
  MISSING,
  TIMES,
  answer,
  expectedTimes,
  localAiBlock,
  serve,
  timesRequests,
  timesTable,
  type TimesBody,
} from './support/local-ai';
import { renderAdmin } from './support/render';
import { tableCell, validationError } from './support/settings';
import { choose } from './support/ui';

// The page is large and the machine may be busy: wait on the page, not on a stopwatch.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(60_000);

/**
 * The local-ai block of the settings page's Upscaler section: model, 8x method, tiles,
 * concurrency, the expected times on this server and measuring them.
 */
const CALIBRATE = 'POST /sell-my-images/settings/local-ai/calibrate';

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
      localAiEngine: 'auto',
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
      localAiEngine: 'auto',
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
          ? validationError(
              { localAiTileSize: 'Above the tile size this model can use' },
              'Invalid',
            )
          : { body: { data: expectedTimes(body as TimesBody) } },
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

    const small4x = tableCell(table, '640 × 480 px', '4x');
    expect(small4x.textContent).toContain('about 45 s');
    expect(small4x.textContent).toContain('ESRGAN slim 4x');
    expect(tableCell(table, '1,000 × 1,000 px', '4x').textContent).toContain('about 3 min');
    const large4x = tableCell(table, '4,000 × 3,000 px', '4x');
    expect(large4x.textContent).toContain('about 1 h 5 min');
    // 65 min is above the 15 min processing timeout: checkout will not offer it.
    expect(large4x.textContent).toContain(
      'Longer than the processing timeout (15 min): not offered for this size',
    );
    expect(tableCell(table, '4,000 × 3,000 px', '8x').textContent).toContain('—');

    const small8x = tableCell(table, '640 × 480 px', '8x');
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
        'npm install @upscalerjs/esrgan-slim @upscalerjs/esrgan-medium onnxruntime-node --onnxruntime-node-install=skip',
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
    expect(tableCell(table, '640 × 480 px', '4x').textContent).toContain('about 45 s');
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
      [CALIBRATE]: () =>
        apiError(409, 'Install @upscalerjs/esrgan-medium to use the local AI upscaler'),
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
        const data = expectedTimes(body as TimesBody, server.times);
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
});
