import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import SettingsPage from '../../admin/src/pages/SettingsPage';
import type { Settings } from '../../shared/contracts/settings';
import type { SettingsAnswer } from '../../shared/contracts/settings-routes';
import userEvent from '@testing-library/user-event';
import { adminState, requestsTo as requests } from './support/admin-test-state';
import { choose } from './support/ui';
import { renderAdmin } from './support/render';
import {
  saveButton,
  savedSettings,
  serveSettings,
  settingsAnswer,
  tableCell,
} from './support/settings';

configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(60_000);

/**
 * The selling sections of the settings page (tax, checkout, licences, rights metadata)
 * against the fake admin API whose preview runs the server's real pricing.
 */
const SAVED = savedSettings({ upscaler: 'upsampler' });
const answer = (changes: Partial<Settings> = {}): SettingsAnswer =>
  settingsAnswer({ ...SAVED, ...changes });
const serve = (initial?: SettingsAnswer) => serveSettings(answer, initial);

const licencesRegion = () => screen.findByRole('region', { name: 'Licences' });
const previewCell = async (size: string, resolution: string) =>
  tableCell(await screen.findByRole('table', { name: 'Price preview' }), size, resolution);
const lastPut = () => requests('PUT', '/sell-my-images/settings').at(-1)?.body;

describe('settings page: selling', () => {
  it('adds licences whose id follows the name, prices each one in the preview, and saves them', async () => {
    serve();
    renderAdmin(<SettingsPage />);
    const region = await licencesRegion();
    expect(within(region).getByText(/No licences/)).toBeTruthy();
    // 2000×2000 at 4x with the default markup: $3.84, one price per cell.
    expect((await previewCell('2,000 × 2,000 px', '4x')).textContent).toContain('$3.84');

    fireEvent.click(within(region).getByRole('button', { name: 'Add licence' }));
    fireEvent.change(within(region).getByLabelText('Name of licence 1'), {
      target: { value: 'Personal use' },
    });
    expect((within(region).getByLabelText('Id of licence 1') as HTMLInputElement).value).toBe(
      'personal-use',
    );
    fireEvent.click(within(region).getByRole('button', { name: 'Add licence' }));
    fireEvent.change(within(region).getByLabelText('Name of licence 2'), {
      target: { value: 'Commercial (web & print)' },
    });
    expect((within(region).getByLabelText('Id of licence 2') as HTMLInputElement).value).toBe(
      'commercial-web-print',
    );
    fireEvent.change(within(region).getByLabelText('Price multiplier of licence 2'), {
      target: { value: '2,5' },
    });
    fireEvent.change(within(region).getByLabelText('Text of licence 2'), {
      target: { value: 'Any commercial use.' },
    });

    // The preview follows: each licence's price, ×2.5 of $3.84 = $9.60; the minimum still applies.
    await waitFor(async () => {
      const cell = (await previewCell('2,000 × 2,000 px', '4x')).textContent;
      expect(cell).toContain('Personal use: $3.84');
      expect(cell).toContain('Commercial (web & print): $9.60');
    });
    expect((await previewCell('640 × 480 px', '4x')).textContent).toContain(
      'Commercial (web & print): $1.25',
    );

    // Reorder: the commercial licence first.
    fireEvent.click(
      within(region).getByRole('button', { name: 'Move Commercial (web & print) up' }),
    );
    expect((within(region).getByLabelText('Name of licence 1') as HTMLInputElement).value).toBe(
      'Commercial (web & print)',
    );

    await waitFor(() => expect(saveButton().hasAttribute('disabled')).toBe(false));
    fireEvent.click(saveButton());
    await waitFor(() => expect(requests('PUT', '/sell-my-images/settings')).toHaveLength(1));
    expect(lastPut()).toEqual({
      licences: [
        {
          id: 'commercial-web-print',
          name: 'Commercial (web & print)',
          multiplierPercent: 250,
          text: 'Any commercial use.',
        },
        { id: 'personal-use', name: 'Personal use', multiplierPercent: 100, text: '' },
      ],
    });
    // The page shows the saved rows again, ids no longer following names.
    const saved = await licencesRegion();
    await waitFor(() =>
      expect((within(saved).getByLabelText('Id of licence 1') as HTMLInputElement).value).toBe(
        'commercial-web-print',
      ),
    );
    fireEvent.change(within(saved).getByLabelText('Name of licence 1'), {
      target: { value: 'Commercial' },
    });
    expect((within(saved).getByLabelText('Id of licence 1') as HTMLInputElement).value).toBe(
      'commercial-web-print',
    );
  });

  it('shows the shared schema messages inline: duplicate id, bad id, unreadable multiplier, and does not save', async () => {
    serve(
      answer({
        licences: [
          { id: 'personal', name: 'Personal', multiplierPercent: 100, text: '' },
          { id: 'editorial', name: 'Editorial', multiplierPercent: 150, text: '' },
        ],
      }),
    );
    renderAdmin(<SettingsPage />);
    const region = await licencesRegion();
    expect(
      (within(region).getByLabelText('Price multiplier of licence 2') as HTMLInputElement).value,
    ).toBe('1.5');
    const id2 = within(region).getByLabelText('Id of licence 2');
    fireEvent.change(id2, { target: { value: 'personal' } });
    expect(await within(region).findByText('Another licence has this id.')).toBeTruthy();
    expect(id2.getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(id2, { target: { value: 'Bad Id' } });
    expect(
      await within(region).findByText('Lowercase letters, digits and dashes, up to 40.'),
    ).toBeTruthy();
    fireEvent.change(within(region).getByLabelText('Price multiplier of licence 1'), {
      target: { value: 'twice' },
    });
    expect(
      await within(region).findByText('Enter a multiplier like 1.5 (at most two decimals).'),
    ).toBeTruthy();

    fireEvent.click(saveButton());
    await waitFor(() =>
      expect(adminState.notifications).toEqual([
        expect.objectContaining({
          type: 'warning',
          message: 'Fix the highlighted fields before saving.',
        }),
      ]),
    );
    expect(requests('PUT', '/sell-my-images/settings')).toHaveLength(0);

    // Removing the faulty row clears its messages.
    fireEvent.click(within(region).getByRole('button', { name: 'Remove Editorial' }));
    await waitFor(() =>
      expect(
        within(region).queryByText('Lowercase letters, digits and dashes, up to 40.'),
      ).toBeNull(),
    );
  });

  it('tax: Stripe Tax shows its options and the dashboard note, the preview says plus tax / incl. tax, save sends the change', async () => {
    const user = userEvent.setup();
    serve();
    renderAdmin(<SettingsPage />);
    const tax = await screen.findByRole('region', { name: 'Tax' });
    expect(within(tax).queryByLabelText('Product tax code')).toBeNull();
    expect((await previewCell('2,000 × 2,000 px', '4x')).textContent).not.toContain('tax');

    await choose(user, 'Tax', 'Stripe Tax');
    const code = (await within(tax).findByLabelText('Product tax code')) as HTMLInputElement;
    expect(code.value).toBe('txcd_10501000');
    expect(within(tax).getByText(/digital photographs, downloaded, permanent rights/)).toBeTruthy();
    expect(
      within(tax).getByText(/Stripe Tax must be active in your Stripe dashboard/),
    ).toBeTruthy();
    await waitFor(async () =>
      expect((await previewCell('2,000 × 2,000 px', '4x')).textContent).toContain('$3.84 plus tax'),
    );

    await choose(user, 'Prices', 'Inclusive of tax');
    await waitFor(async () =>
      expect((await previewCell('2,000 × 2,000 px', '4x')).textContent).toContain(
        '$3.84 incl. tax',
      ),
    );

    fireEvent.change(code, { target: { value: 'txcd_1' } });
    expect(
      await within(tax).findByText('Enter a Stripe tax code like txcd_10501000.'),
    ).toBeTruthy();
    fireEvent.change(code, { target: { value: 'txcd_10000000' } });
    fireEvent.click(within(tax).getByRole('checkbox', { name: 'Collect tax ids' }));

    const checkout = screen.getByRole('region', { name: 'Promotions and currency' });
    expect(within(checkout).getByText(/\?promo=CODE/)).toBeTruthy();
    fireEvent.click(within(checkout).getByRole('checkbox', { name: 'Allow promotion codes' }));
    fireEvent.click(within(checkout).getByRole('checkbox', { name: 'Invoices' }));
    fireEvent.change(await within(checkout).findByLabelText('Invoice footer'), {
      target: { value: 'ACME SARL, VAT FR00 123' },
    });
    const rights = screen.getByRole('region', { name: 'Rights metadata' });
    expect(within(rights).getByText(/Off by default/)).toBeTruthy();

    await waitFor(() => expect(saveButton().hasAttribute('disabled')).toBe(false));
    fireEvent.click(saveButton());
    await waitFor(() => expect(requests('PUT', '/sell-my-images/settings')).toHaveLength(1));
    expect(lastPut()).toEqual({
      tax: 'stripe_tax',
      taxBehavior: 'inclusive',
      taxCode: 'txcd_10000000',
      taxIdCollection: true,
      allowPromotionCodes: true,
      invoiceCreation: true,
      invoiceFooter: 'ACME SARL, VAT FR00 123',
    });
  });

  it('switching tax off drops an invalid unsaved tax code instead of blocking the save', async () => {
    const user = userEvent.setup();
    serve(answer({ tax: 'stripe_tax' }));
    renderAdmin(<SettingsPage />);
    const tax = await screen.findByRole('region', { name: 'Tax' });
    fireEvent.change(await within(tax).findByLabelText('Product tax code'), {
      target: { value: 'nope' },
    });
    await choose(user, 'Tax', 'No tax');
    await waitFor(() => expect(saveButton().hasAttribute('disabled')).toBe(false));
    fireEvent.click(saveButton());
    await waitFor(() => expect(requests('PUT', '/sell-my-images/settings')).toHaveLength(1));
    expect(lastPut()).toEqual({ tax: 'none' });
  });
});
