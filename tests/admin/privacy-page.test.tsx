import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import PrivacyPage from '../../admin/src/pages/PrivacyPage';
import type { PrivacyExport } from '../../shared/contracts/privacy';
import { adminState, apiError, mockApi, requestsTo } from './support/admin-test-state';
import { renderAdmin } from './support/render';

jest.setTimeout(30_000);

const EXPORT = 'GET /sell-my-images/privacy/export';
const ERASE = 'POST /sell-my-images/privacy/erase';

const EXPORTED: PrivacyExport = {
  email: 'ada@example.test',
  exportedAt: '2026-03-04T10:00:00.000Z',
  jobs: [],
  clicks: [],
};

const readBlob = (blob: Blob) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });

async function showPage() {
  const user = userEvent.setup();
  renderAdmin(<PrivacyPage />);
  expect(await screen.findByRole('heading', { level: 1, name: 'Privacy' })).toBeTruthy();
  return user;
}

const emailField = () => screen.getByRole('textbox', { name: "Buyer's e-mail address" });
const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;

describe('privacy page', () => {
  it('offers nothing until the text is an e-mail address', async () => {
    const user = await showPage();
    expect(button('Export data').disabled).toBe(true);
    expect(button('Erase data').disabled).toBe(true);
    await user.type(emailField(), 'not-an-address');
    expect(await screen.findByText('Must be an e-mail address')).toBeTruthy();
    expect(button('Export data').disabled).toBe(true);
    expect(adminState.requests).toEqual([]);
  });

  it('downloads the export of the trimmed, lowercased address as a JSON file', async () => {
    mockApi({ [EXPORT]: { data: EXPORTED } });
    const created: Blob[] = [];
    const downloads: string[] = [];
    Object.assign(URL, {
      createObjectURL: (blob: Blob) => (created.push(blob), 'blob:json'),
      revokeObjectURL: () => undefined,
    });
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      downloads.push(`${this.download} ${this.href}`);
    });
    const user = await showPage();
    await user.type(emailField(), '  Ada@Example.TEST ');
    await user.click(button('Export data'));
    await waitFor(() => expect(downloads).toEqual(['buyer-data-2026-03-04.json blob:json']));
    expect(requestsTo('GET', '/sell-my-images/privacy/export')[0]?.params).toEqual({
      email: 'ada@example.test',
    });
    expect(created[0]?.type).toBe('application/json');
    expect(JSON.parse(await readBlob(created[0] as Blob))).toEqual(EXPORTED);
    expect(adminState.notifications.at(-1)).toMatchObject({
      type: 'success',
      message: 'Downloaded: no purchase with this address.',
    });
  });

  it('erases after a confirmation that says what is kept, then shows the counts', async () => {
    mockApi({ [ERASE]: { data: { jobs: 2, downloads: 3, clicks: 1 } } });
    const user = await showPage();
    await user.type(emailField(), 'ada@example.test');
    await user.click(button('Erase data'));
    const dialog = await screen.findByRole('alertdialog', { name: "Erase this buyer's data?" });
    expect(dialog.textContent).toContain('ada@example.test');
    expect(dialog.textContent).toContain('Kept: the purchases’ amounts'.replace('’', "'"));
    expect(requestsTo('POST', '/sell-my-images/privacy/erase')).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Yes, erase' }));
    expect(
      await screen.findByText('Erased for ada@example.test: 2 purchases, 3 downloads, 1 click.'),
    ).toBeTruthy();
    expect(requestsTo('POST', '/sell-my-images/privacy/erase')[0]?.body).toEqual({
      email: 'ada@example.test',
    });
  });

  it("shows the server's message under the field when it refuses the address", async () => {
    mockApi({
      [EXPORT]: () =>
        apiError(400, 'Invalid query', {
          errors: [{ path: ['email'], message: 'Refused by the server', name: 'ValidationError' }],
        }),
    });
    const user = await showPage();
    await user.type(emailField(), 'ada@example.test');
    await user.click(button('Export data'));
    expect(await screen.findByText('Refused by the server')).toBeTruthy();
    expect(adminState.notifications.at(-1)?.type).toBe('danger');
  });
});
