import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import SettingsPage from '../../admin/src/pages/SettingsPage';
import type { Settings } from '../../shared/contracts/settings';
import type { SettingsAnswer } from '../../shared/contracts/settings-routes';
import { adminState, requestsTo as requests } from './support/admin-test-state';
import { renderAdmin } from './support/render';
import { saveButton, savedSettings, serveSettings, settingsAnswer } from './support/settings';

configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(60_000);

/**
 * The buyer-experience sections of the settings page: previews, the cart discount tiers
 * editor (checked by the shared schema) and the re-download window of "My purchases".
 */
const answerWith =
  (base: Partial<Settings>) =>
  (changes: Partial<Settings> = {}): SettingsAnswer =>
    settingsAnswer({ ...savedSettings(base), ...changes });
const lastPut = () => requests('PUT', '/sell-my-images/settings').at(-1)?.body;
const region = (name: string) => screen.findByRole('region', { name });
const input = (scope: HTMLElement, label: string) =>
  within(scope).getByLabelText(label) as HTMLInputElement;
const type = (element: HTMLInputElement, value: string) =>
  fireEvent.change(element, { target: { value } });

describe('settings page: buyer experience', () => {
  it('adds, edits and removes discount tiers, each row keeping its own values, and saves them', async () => {
    serveSettings(answerWith({ upscaler: 'sharp' }));
    renderAdmin(<SettingsPage />);
    const tiers = await region('Cart discounts');
    expect(within(tiers).getByText(/No cart discounts/)).toBeTruthy();

    const add = within(tiers).getByRole('button', { name: 'Add tier' });
    fireEvent.click(add);
    fireEvent.click(add);
    fireEvent.click(add);
    // each new row starts one image and five points above the last
    expect(input(tiers, 'Images from which tier 1 applies').value).toBe('3');
    expect(input(tiers, 'Percent off of tier 1').value).toBe('10');
    expect(input(tiers, 'Images from which tier 3 applies').value).toBe('5');
    expect(input(tiers, 'Percent off of tier 3').value).toBe('20');

    type(input(tiers, 'Images from which tier 2 applies'), '8');
    type(input(tiers, 'Percent off of tier 3'), '25');
    fireEvent.click(within(tiers).getByRole('button', { name: 'Remove tier 1' }));
    // the rows below moved up with their own values
    expect(input(tiers, 'Images from which tier 1 applies').value).toBe('8');
    expect(input(tiers, 'Percent off of tier 1').value).toBe('15');
    expect(input(tiers, 'Images from which tier 2 applies').value).toBe('5');
    expect(input(tiers, 'Percent off of tier 2').value).toBe('25');

    await waitFor(() => expect(saveButton().hasAttribute('disabled')).toBe(false));
    fireEvent.click(saveButton());
    await waitFor(() =>
      expect(lastPut()).toEqual({
        quantityDiscounts: [
          { minItems: 8, percentOff: 15 },
          { minItems: 5, percentOff: 25 },
        ],
      }),
    );
  });

  it('shows the schema’s refusals at the cell and saves nothing until they are fixed', async () => {
    serveSettings(
      answerWith({
        quantityDiscounts: [
          { minItems: 2, percentOff: 5 },
          { minItems: 3, percentOff: 10 },
        ],
      }),
    );
    renderAdmin(<SettingsPage />);
    const tiers = await region('Cart discounts');
    type(input(tiers, 'Images from which tier 2 applies'), '2');
    expect(
      await within(tiers).findByText('Another tier starts at this number of images.'),
    ).toBeTruthy();
    expect(input(tiers, 'Images from which tier 2 applies').getAttribute('aria-invalid')).toBe(
      'true',
    );
    type(input(tiers, 'Percent off of tier 1'), '95');
    expect(await within(tiers).findByText('Enter a whole percentage from 1 to 90.')).toBeTruthy();

    fireEvent.click(saveButton());
    await waitFor(() =>
      expect(adminState.notifications.at(-1)).toMatchObject({
        type: 'warning',
        message: 'Fix the highlighted fields before saving.',
      }),
    );
    expect(requests('PUT', '/sell-my-images/settings')).toHaveLength(0);

    type(input(tiers, 'Images from which tier 2 applies'), '4');
    type(input(tiers, 'Percent off of tier 1'), '9');
    await waitFor(() =>
      expect(within(tiers).queryByText('Another tier starts at this number of images.')).toBeNull(),
    );
    fireEvent.click(saveButton());
    await waitFor(() =>
      expect(lastPut()).toEqual({
        quantityDiscounts: [
          { minItems: 2, percentOff: 9 },
          { minItems: 4, percentOff: 10 },
        ],
      }),
    );
  });

  it('offers at most five tiers', async () => {
    const five = [2, 3, 4, 5, 6].map((minItems) => ({ minItems, percentOff: minItems }));
    serveSettings(answerWith({ quantityDiscounts: five }));
    renderAdmin(<SettingsPage />);
    const tiers = await region('Cart discounts');
    expect(within(tiers).getByRole('button', { name: 'Add tier' }).hasAttribute('disabled')).toBe(
      true,
    );
    expect(within(tiers).getAllByRole('row')).toHaveLength(6);
  });

  it('explains previews per upscaler and offers paid previews with Upsampler only', async () => {
    serveSettings(answerWith({ upscaler: 'upsampler' }));
    const { unmount } = renderAdmin(<SettingsPage />);
    const previews = await region('Previews');
    expect(within(previews).getByText(/otherwise only if you allow paid previews/)).toBeTruthy();
    expect(within(previews).getByRole('checkbox', { name: 'Paid previews' })).toBeTruthy();
    expect(input(previews, 'Daily credit budget').value).toBe('20');
    unmount();

    serveSettings(answerWith({ upscaler: 'sharp' }));
    renderAdmin(<SettingsPage />);
    const free = await region('Previews');
    expect(within(free).getByText(/same resize as the buyer's file: free/)).toBeTruthy();
    expect(within(free).queryByText('Paid previews')).toBeNull();
    expect(within(free).queryByLabelText('Daily credit budget')).toBeNull();
  });

  it('saves the re-download window of My purchases', async () => {
    serveSettings(answerWith({}));
    renderAdmin(<SettingsPage />);
    const purchases = await region('My purchases');
    const days = input(purchases, 'Re-download window (days)');
    expect(days.value).toBe('30');
    type(days, '0');
    await waitFor(() => expect(saveButton().hasAttribute('disabled')).toBe(false));
    fireEvent.click(saveButton());
    await waitFor(() => expect(lastPut()).toEqual({ redownloadDays: 0 }));
  });
});
