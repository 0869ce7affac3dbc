import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import SettingsPage from '../../admin/src/pages/SettingsPage';
import type { Settings } from '../../shared/contracts/settings';
import type { SettingsAnswer } from '../../shared/contracts/settings-routes';
import {
  adminState,
  grant,
  mockApi,
  requestsTo as requests,
  type FakeRequest,
} from './support/admin-test-state';
import { renderAdmin } from './support/render';
import {
  expectFieldError,
  saveButton,
  savedSettings,
  serveSettings,
  settingsAnswer,
  tableCell,
  validationError,
  WEBHOOK_URL,
} from './support/settings';

// The page is large and the machine may be busy: wait on the page, not on a stopwatch.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(60_000);

/**
 * The settings page against a fake admin API whose price preview runs the server's real
 * pricing (services/settings-preview), so the prices on screen are the ones visitors get.
 */
const SAVED = savedSettings({
  supportEmail: 'help@example.test',
  upscaler: 'upsampler',
  stripeSecretKey: '••••••••9f3a',
  upsamplerApiKey: '••••••••cdef',
});

/** The saved settings with `changes`; the Stripe key comes from the environment. */
const answer = (changes: Partial<Settings> = {}): SettingsAnswer =>
  settingsAnswer(
    { ...SAVED, ...changes },
    {
      sources: { stripeSecretKey: 'env', upsamplerApiKey: 'stored' },
      environment: { stripeSecretKey: 'SMI_STRIPE_SECRET_KEY' },
      stripeMode: 'test',
    },
  );

const serve = (initial?: SettingsAnswer) => serveSettings(answer, initial);

const previewTable = () => screen.findByRole('table', { name: 'Price preview' });

/** The cell of the preview for a sample size (row) and a resolution (column). */
const previewCell = async (size: string, resolution: string) =>
  tableCell(await previewTable(), size, resolution);

describe('settings page', () => {
  it('shows the saved values, masked secrets, the Stripe mode and the webhook URL', async () => {
    serve();
    renderAdmin(<SettingsPage />);
    expect(((await screen.findByLabelText('Markup (%)')) as HTMLInputElement).value).toBe('500');
    expect((screen.getByLabelText('Minimum price') as HTMLInputElement).value).toBe('0.50');
    expect((screen.getByLabelText('Price per upscaler credit') as HTMLInputElement).value).toBe(
      '0.04',
    );
    expect((screen.getByLabelText('Currency') as HTMLInputElement).value).toBe('USD');
    expect((screen.getByLabelText('Support e-mail') as HTMLInputElement).value).toBe(
      'help@example.test',
    );
    expect((screen.getByLabelText('Stripe webhook URL') as HTMLInputElement).value).toBe(
      WEBHOOK_URL,
    );
    // Secrets: the input stays empty (write-only); only the masked value is shown.
    const upsamplerKey = screen.getByLabelText('Upsampler API key') as HTMLInputElement;
    expect(upsamplerKey.value).toBe('');
    expect(screen.getByText(/Saved: ••••••••cdef/)).toBeTruthy();
    const payments = screen.getByRole('region', { name: 'Payments' });
    expect(within(payments).getByText('Test mode')).toBeTruthy();
    // Resolutions as checkboxes, the offered ones ticked.
    expect(screen.getByRole('checkbox', { name: '4x' }).getAttribute('aria-checked')).toBe('true');
    expect(screen.getByRole('checkbox', { name: '2x' }).getAttribute('aria-checked')).toBe('false');
    expect(screen.getByRole('combobox', { name: 'Upscaler' }).textContent).toContain(
      'Upsampler (cloud AI)',
    );
    expect(screen.getByRole('combobox', { name: 'Sale mode' }).textContent).toContain(
      'Images of published entries',
    );
    // Nothing changed yet: nothing to save.
    expect(saveButton().hasAttribute('disabled')).toBe(true);
  });

  it('shows a value set by an environment variable read-only, with a note naming the variable', async () => {
    serve();
    renderAdmin(<SettingsPage />);
    const key = (await screen.findByLabelText('Stripe secret key')) as HTMLInputElement;
    expect(key.disabled).toBe(true);
    expect(screen.getByText(/Set by the environment variable SMI_STRIPE_SECRET_KEY/)).toBeTruthy();
    expect(screen.getByText(/In use: ••••••••9f3a/)).toBeTruthy();
    // An environment-set secret cannot be removed from here either.
    const payments = screen.getByRole('region', { name: 'Payments' });
    expect(within(payments).queryByRole('button', { name: 'Remove' })).toBeNull();
    // A stored one can.
    const upscaler = screen.getByRole('region', { name: 'Upscaler' });
    expect(within(upscaler).getByRole('button', { name: 'Remove' })).toBeTruthy();
  });

  it('asks the server for a price preview with the unsaved markup and shows the new prices', async () => {
    serve();
    renderAdmin(<SettingsPage />);
    // Saved markup 500%: 2000×2000 at 4x is 16 credits × 0.04 × 6 = $3.84.
    expect((await previewCell('2,000 × 2,000 px', '4x')).textContent).toContain('$3.84');

    fireEvent.change(screen.getByLabelText('Markup (%)'), { target: { value: '200' } });
    // DESIGN.md reference: markup 200%, 2000×2000 at 4x → 64 MP, 16 credits, $1.92.
    await waitFor(async () =>
      expect((await previewCell('2,000 × 2,000 px', '4x')).textContent).toContain('$1.92'),
    );
    expect((await previewCell('2,000 × 2,000 px', '4x')).textContent).toContain('64 MP');
    const sent = requests('POST', '/sell-my-images/settings/price-preview').map(
      (request) => request.body as Partial<Settings>,
    );
    expect(sent.at(-1)).toMatchObject({
      markupPercent: 200,
      minimumPrice: 50,
      creditPrice: 4,
      currency: 'usd',
      resolutions: ['4x', '8x'],
    });
    // Small originals hit the minimum price.
    expect((await previewCell('640 × 480 px', '4x')).textContent).toContain('$0.50');
  });

  it('debounces the preview: a burst of keystrokes sends one request with the last value', async () => {
    serve();
    renderAdmin(<SettingsPage />);
    await previewTable();
    await waitFor(() =>
      expect(requests('POST', '/sell-my-images/settings/price-preview')).toHaveLength(1),
    );
    const markup = screen.getByLabelText('Markup (%)');
    for (const value of ['2', '20', '200']) fireEvent.change(markup, { target: { value } });
    await waitFor(() =>
      expect(requests('POST', '/sell-my-images/settings/price-preview')).toHaveLength(2),
    );
    await new Promise((resolve) => setTimeout(resolve, 400));
    const previews = requests('POST', '/sell-my-images/settings/price-preview');
    expect(previews).toHaveLength(2);
    expect((previews[1].body as Partial<Settings>).markupPercent).toBe(200);
  });

  it('marks options above the maximum output as unavailable, with the reason', async () => {
    serve(answer({ maxOutputMegapixels: 100 }));
    renderAdmin(<SettingsPage />);
    // 2000×2000 at 8x = 256 MP > 100 MP.
    expect((await previewCell('2,000 × 2,000 px', '8x')).textContent).toContain(
      'Unavailable: above the maximum output',
    );
    expect((await previewCell('1,000 × 1,000 px', '8x')).textContent).not.toContain('Unavailable');
  });

  it('saves only the changed fields, in minor units, then shows the values the server answers', async () => {
    serve();
    renderAdmin(<SettingsPage />);
    fireEvent.change(await screen.findByLabelText('Markup (%)'), { target: { value: '200' } });
    fireEvent.change(screen.getByLabelText('Minimum price'), { target: { value: '1,5' } });
    fireEvent.click(screen.getByRole('checkbox', { name: '2x' }));
    fireEvent.change(screen.getByLabelText('Upsampler API key'), {
      target: { value: 'new-upsampler-key-1234' },
    });
    await waitFor(() => expect(saveButton().hasAttribute('disabled')).toBe(false));
    fireEvent.click(saveButton());

    await waitFor(() => expect(requests('PUT', '/sell-my-images/settings')).toHaveLength(1));
    expect(requests('PUT', '/sell-my-images/settings')[0].body).toEqual({
      markupPercent: 200,
      minimumPrice: 150,
      resolutions: ['2x', '4x', '8x'],
      upsamplerApiKey: 'new-upsampler-key-1234',
    });
    await waitFor(() =>
      expect(adminState.notifications).toContainEqual(
        expect.objectContaining({ type: 'success', message: 'Settings saved' }),
      ),
    );
    // Reloaded from the answer: the new values are the saved ones, so nothing is left to save.
    await waitFor(() =>
      expect((screen.getByLabelText('Minimum price') as HTMLInputElement).value).toBe('1.50'),
    );
    expect(saveButton().hasAttribute('disabled')).toBe(true);
  });

  it('removes a stored secret with null, and never sends a secret that was not typed', async () => {
    serve();
    renderAdmin(<SettingsPage />);
    const upscaler = await screen.findByRole('region', { name: 'Upscaler' });
    fireEvent.click(within(upscaler).getByRole('button', { name: 'Remove' }));
    expect(within(upscaler).getByText(/Will be removed when you save/)).toBeTruthy();
    fireEvent.click(saveButton());
    await waitFor(() => expect(requests('PUT', '/sell-my-images/settings')).toHaveLength(1));
    expect(requests('PUT', '/sell-my-images/settings')[0].body).toEqual({ upsamplerApiKey: null });
  });

  it('finishes a save when the admin leaves the page meanwhile (no "could not be saved")', async () => {
    const server = serve();
    let release = (): void => undefined;
    const saved = new Promise<void>((resolve) => (release = resolve));
    mockApi({
      'PUT /sell-my-images/settings': async ({ body }: FakeRequest) => {
        await saved;
        server.answer = answer(body as Partial<Settings>);
        return { body: { data: server.answer } };
      },
    });
    const page = renderAdmin(<SettingsPage />);
    const expiry = (await screen.findByLabelText(
      'Download link expiry (hours)',
    )) as HTMLInputElement;
    fireEvent.change(expiry, { target: { value: '48' } });
    fireEvent.click(saveButton());
    await waitFor(() => expect(requests('PUT', '/sell-my-images/settings')).toHaveLength(1));
    page.unmount();
    release();
    await waitFor(() => expect(adminState.notifications.at(-1)).toMatchObject({ type: 'success' }));
    expect(adminState.notifications.filter((n) => n.type === 'danger')).toEqual([]);
  });

  it('shows the server’s validation errors next to their fields', async () => {
    serve();
    mockApi({
      'PUT /sell-my-images/settings': () =>
        validationError({ downloadExpiryHours: 'Must be shorter than the stored files are kept' }),
    });
    renderAdmin(<SettingsPage />);
    const expiry = (await screen.findByLabelText(
      'Download link expiry (hours)',
    )) as HTMLInputElement;
    fireEvent.change(expiry, { target: { value: '100' } });
    fireEvent.click(saveButton());
    await expectFieldError(expiry, 'Must be shorter than the stored files are kept');
    expect(adminState.notifications.at(-1)).toMatchObject({ type: 'danger' });
    // Editing the field clears its server message.
    fireEvent.change(expiry, { target: { value: '48' } });
    await waitFor(() =>
      expect(screen.queryByText('Must be shorter than the stored files are kept')).toBeNull(),
    );
  });

  it('checks the fields with the server’s own rules before sending anything', async () => {
    serve();
    renderAdmin(<SettingsPage />);
    const expiry = (await screen.findByLabelText(
      'Download link expiry (hours)',
    )) as HTMLInputElement;
    await previewTable();
    const previews = requests('POST', '/sell-my-images/settings/price-preview').length;
    // The shared schema (shared/contracts/settings) says 1–168 hours, as the server does.
    fireEvent.change(expiry, { target: { value: '500' } });
    await expectFieldError(expiry, 'Too big: expected number to be <=168');
    // Empty or not whole: said in the admin's words.
    fireEvent.change(screen.getByLabelText('Markup (%)'), { target: { value: '' } });
    expect(await screen.findByText('Enter a value.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Markup (%)'), { target: { value: '2.5' } });
    expect(await screen.findByText('Enter a whole number.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Support e-mail'), { target: { value: 'help@' } });
    expect(await screen.findByText('Must be an e-mail address')).toBeTruthy();
    // A wrong pricing value is not priced: the preview says it is out of date.
    expect(
      await screen.findByText('Fix the highlighted fields to update the preview.'),
    ).toBeTruthy();
    fireEvent.click(saveButton());
    expect(adminState.notifications.at(-1)).toMatchObject({
      type: 'warning',
      message: 'Fix the highlighted fields before saving.',
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(requests('PUT', '/sell-my-images/settings')).toHaveLength(0);
    expect(requests('POST', '/sell-my-images/settings/price-preview')).toHaveLength(previews);
  });

  it('says in French what the shared rules find', async () => {
    serve();
    renderAdmin(<SettingsPage />, { locale: 'fr' });
    const markup = await screen.findByLabelText('Marge (%)');
    fireEvent.change(markup, { target: { value: '' } });
    expect(await screen.findByText('Saisissez une valeur.')).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: '4x' }));
    fireEvent.click(screen.getByRole('checkbox', { name: '8x' }));
    expect(await screen.findByText('Proposez au moins une résolution.')).toBeTruthy();
  });

  it('converts amounts with the currency’s decimals: none for JPY', async () => {
    serve(answer({ currency: 'jpy', minimumPrice: 50, creditPrice: 6 }));
    renderAdmin(<SettingsPage />);
    expect(((await screen.findByLabelText('Minimum price')) as HTMLInputElement).value).toBe('50');
    expect((screen.getByLabelText('Price per upscaler credit') as HTMLInputElement).value).toBe(
      '6',
    );
    // 2000×2000 at 4x: 16 credits × ¥6 × 6 = ¥576.
    expect((await previewCell('2,000 × 2,000 px', '4x')).textContent).toContain('¥576');

    fireEvent.change(screen.getByLabelText('Minimum price'), { target: { value: '50.5' } });
    expect(await screen.findByText('This currency has no decimals.')).toBeTruthy();
    fireEvent.click(saveButton());
    expect(adminState.notifications.at(-1)).toMatchObject({ type: 'warning' });
    expect(requests('PUT', '/sell-my-images/settings')).toHaveLength(0);
  });

  it('tests the Stripe connection and the upscaler, sending a typed key only when there is one', async () => {
    serve(answer());
    mockApi({
      'POST /sell-my-images/settings/test/stripe': { data: { ok: true, mode: 'test' } },
      'POST /sell-my-images/settings/test/upscaler': ({ body }: FakeRequest) => ({
        body: {
          data:
            (body as { upsamplerApiKey?: string }).upsamplerApiKey === 'wrong-key-123456'
              ? {
                  ok: false,
                  upscaler: 'upsampler',
                  code: 'invalid_key',
                  message: 'Upsampler rejected the API key',
                }
              : { ok: true, upscaler: 'upsampler' },
        },
      }),
    });
    renderAdmin(<SettingsPage />);
    const payments = await screen.findByRole('region', { name: 'Payments' });
    await userEvent.click(within(payments).getByRole('button', { name: 'Test connection' }));
    expect(await within(payments).findByText('Stripe accepted the key (Test mode).')).toBeTruthy();
    // The key comes from the environment: nothing typed, nothing sent.
    expect(requests('POST', '/sell-my-images/settings/test/stripe')[0].body).toEqual({});

    const upscaler = screen.getByRole('region', { name: 'Upscaler' });
    fireEvent.change(screen.getByLabelText('Upsampler API key'), {
      target: { value: 'wrong-key-123456' },
    });
    await userEvent.click(within(upscaler).getByRole('button', { name: 'Test connection' }));
    expect(await within(upscaler).findByText('The service rejected the key.')).toBeTruthy();
    expect(requests('POST', '/sell-my-images/settings/test/upscaler')[0].body).toEqual({
      upscaler: 'upsampler',
      upsamplerApiKey: 'wrong-key-123456',
    });
  });

  it('shows the live mode from a typed key’s prefix', async () => {
    serve({ ...answer(), environment: {}, sources: {} });
    renderAdmin(<SettingsPage />);
    const payments = await screen.findByRole('region', { name: 'Payments' });
    expect(within(payments).getByText('Test mode')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Stripe secret key'), {
      target: { value: 'sk_live_abc123' },
    });
    expect(within(payments).getByText('Live mode')).toBeTruthy();
  });

  it('lets an admin without settings.update read but not change or save', async () => {
    grant(['read', 'settings.read']);
    serve();
    mockApi({ 'POST /sell-my-images/settings/test/stripe': { data: { ok: true, mode: 'test' } } });
    renderAdmin(<SettingsPage />);
    const markup = (await screen.findByLabelText('Markup (%)')) as HTMLInputElement;
    expect(markup.disabled).toBe(true);
    expect(saveButton().hasAttribute('disabled')).toBe(true);
    expect(screen.getByText('You can view these settings but not change them.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Remove' })).toBeNull();
    // Connection tests only read: allowed with settings.read.
    const payments = screen.getByRole('region', { name: 'Payments' });
    expect(
      within(payments).getByRole('button', { name: 'Test connection' }).hasAttribute('disabled'),
    ).toBe(false);
  });

  it('is not shown at all without settings.read', async () => {
    grant(['read']);
    serve();
    renderAdmin(<SettingsPage />);
    expect(await screen.findByText(/permissions to access/)).toBeTruthy();
    expect(screen.queryByLabelText('Markup (%)')).toBeNull();
    expect(requests('GET', '/sell-my-images/settings')).toHaveLength(0);
  });

  it('renders in French, with amounts in the French format', async () => {
    serve();
    renderAdmin(<SettingsPage />, { locale: 'fr' });
    expect(
      await screen.findByRole('heading', { name: 'Paramètres de Sell My Images', level: 1 }),
    ).toBeTruthy();
    expect(((await screen.findByLabelText('Marge (%)')) as HTMLInputElement).value).toBe('500');
    expect((screen.getByLabelText('Prix minimum') as HTMLInputElement).value).toBe('0,50');
    expect(screen.getByRole('button', { name: 'Enregistrer' })).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'Tester la connexion' })).toHaveLength(2);
    expect(await screen.findByRole('table', { name: 'Aperçu des prix' })).toBeTruthy();
    expect(
      screen.getByText(/Défini par la variable d’environnement SMI_STRIPE_SECRET_KEY/),
    ).toBeTruthy();
  });

  it('offers to try again when the settings cannot be loaded', async () => {
    renderAdmin(<SettingsPage />);
    expect(await screen.findByText(/The settings could not be loaded/)).toBeTruthy();
    serve();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByLabelText('Markup (%)')).toBeTruthy();
  });
});
