import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import SettingsPage from '../../admin/src/pages/SettingsPage';
import { adminState, mockApi, requestsTo as requests } from './support/admin-test-state';
import { answer, localAiBlock, serve } from './support/local-ai';
import { renderAdmin } from './support/render';
import { expectFieldError, saveButton, tableCell, validationError } from './support/settings';
import { choose } from './support/ui';

// The page is large and the machine may be busy: wait on the page, not on a stopwatch.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(60_000);

/**
 * The settings page's pricing with the local AI upscaler: per output megapixel or flat per
 * resolution instead of credits × markup, checked and saved like every setting; and the
 * local AI settings in French.
 */
const previewRequests = () => requests('POST', '/sell-my-images/settings/price-preview');

describe('settings page: local AI pricing', () => {
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
      expect(tableCell(table, '2,000 × 2,000 px', '4x').textContent).toContain('$6.40'),
    );
    expect(tableCell(table, '640 × 480 px', '4x').textContent).toContain('$0.50');
  });

  it('switches the preview to credit pricing when another upscaler is chosen, unsaved', async () => {
    const user = userEvent.setup();
    serve(answer({ localAiPricePerMegapixel: 10 }));
    renderAdmin(<SettingsPage />);
    const table = await screen.findByRole('table', { name: 'Price preview' });
    await waitFor(async () =>
      expect(tableCell(table, '2,000 × 2,000 px', '4x').textContent).toContain('$6.40'),
    );
    await choose(user, 'Upscaler', 'Upsampler (cloud AI)');
    expect(await screen.findByLabelText('Markup (%)')).toBeTruthy();
    // 16 credits × $0.04 × 600% = $3.84.
    await waitFor(async () =>
      expect(
        tableCell(
          await screen.findByRole('table', { name: 'Price preview' }),
          '2,000 × 2,000 px',
          '4x',
        ).textContent,
      ).toContain('$3.84'),
    );
    expect(previewRequests().at(-1)?.body).toMatchObject({ upscaler: 'upsampler' });
  });

  it('saves flat prices as an object of integers, with the processing settings', async () => {
    const user = userEvent.setup();
    serve();
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
      expect(tableCell(table, '640 × 480 px', '8x').textContent).toContain('$7.50'),
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
      'PUT /sell-my-images/settings': () =>
        validationError({ 'localAiFlatPrices.8x': 'Must not be below the minimum price' }),
    });
    renderAdmin(<SettingsPage />);
    const flat8x = (await screen.findByLabelText('Flat price for 8x')) as HTMLInputElement;
    fireEvent.change(flat8x, { target: { value: '0.10' } });
    fireEvent.click(saveButton());
    await expectFieldError(flat8x, 'Must not be below the minimum price');
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
    await expectFieldError(flat8x, 'Too big: expected number to be <=99999999');
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
    expect(tableCell(table, /^4\D000 × 3\D000 px$/, '4x').textContent).toContain(
      'environ 1 h 5 min',
    );
    expect(within(block).getByRole('combobox', { name: 'Modèle' }).textContent).toContain(
      'ESRGAN slim (plus rapide)',
    );
    expect(screen.getByLabelText('Prix par mégapixel produit')).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/settings\.[a-zA-Z]/);
  });
});
