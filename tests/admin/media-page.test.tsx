import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import MediaPage from '../../admin/src/pages/MediaPage';
import type { SaleMode } from '../../shared/contracts/settings';
import { adminState, apiError, grant, mockApi, type FakeRequest } from './support/admin-test-state';
import * as mediaApi from './support/media-library';
import { renderAdmin } from './support/render';
import { choose } from './support/ui';

// Several renders and a debounce per test: the shared 2-core machine needs more than jest's 5 s.
jest.setTimeout(30_000);

const image = (
  id: number,
  name: string,
  changes: Partial<mediaApi.LibraryImage> = {},
): mediaApi.LibraryImage => ({
  id,
  name,
  width: 1200,
  height: 800,
  rule: null,
  forSale: true,
  ...changes,
});

/** `count` images `photo-01.png`…, the even ones in folder 7 (Holidays). */
const photos = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    image(i + 1, `photo-${String(i + 1).padStart(2, '0')}.png`, {
      folder: (i + 1) % 2 === 0 ? 7 : undefined,
    }),
  );

/** The library in sale mode `mode`. */
const fakeLibrary = (saleMode: SaleMode, items: mediaApi.LibraryImage[]) =>
  mediaApi.serve(items, { saleMode });

const saleSwitch = (name: string) => screen.getByRole('switch', { name: `For sale: ${name}` });

describe('sellable media page', () => {
  it('shows each image with its size, its labelled sale switch, the reason when not for sale, and the sale mode', async () => {
    fakeLibrary('opt-out', [
      image(1, 'beach.png'),
      image(2, 'logo.png', { width: 60, height: 60, forSale: false, reason: 'too_small' }),
      image(3, 'forest.png', { rule: false, forSale: false, reason: 'opted_out' }),
    ]);
    renderAdmin(<MediaPage />);

    expect(await screen.findByText('beach.png')).toBeTruthy();
    expect(screen.getAllByTestId('smi-media-card')).toHaveLength(3);
    expect(screen.getAllByText('1200 × 800 px')).toHaveLength(2);
    expect(saleSwitch('beach.png').getAttribute('aria-checked')).toBe('true');
    expect(saleSwitch('forest.png').getAttribute('aria-checked')).toBe('false');
    // Too small: the rule cannot make it sellable, so the switch is off and disabled, with the reason.
    expect(saleSwitch('logo.png').hasAttribute('disabled')).toBe(true);
    expect(screen.getByText('Smaller than the minimum image size in the settings.')).toBeTruthy();
    expect(screen.getByText('Switched off for this image.')).toBeTruthy();
    expect(screen.getByTestId('smi-sale-mode').textContent).toContain('Sale mode: Opt-out');
    expect(
      screen
        .getByRole('link', { name: 'Change the sale mode in the settings' })
        .getAttribute('href'),
    ).toBe('/settings/sell-my-images');
    expect(screen.getByText('3 images')).toBeTruthy();
    expect(mediaApi.lastListParams()).toEqual({ page: 1, pageSize: 24 });
  });

  it('switches an image off at once, sends the rule, and keeps the new state', async () => {
    fakeLibrary('opt-out', [image(1, 'beach.png'), image(2, 'dunes.png')]);
    let resolvePut: (value: { body: unknown }) => void = () => undefined;
    mockApi({
      'PUT /sell-my-images/media/:fileId/sale': () =>
        new Promise((resolve) => (resolvePut = resolve)),
    });
    const user = userEvent.setup();
    renderAdmin(<MediaPage />);

    await user.click(await screen.findByRole('switch', { name: 'For sale: beach.png' }));
    // Optimistic: off before the server answers, and not clickable again meanwhile.
    expect(saleSwitch('beach.png').getAttribute('aria-checked')).toBe('false');
    expect(saleSwitch('beach.png').hasAttribute('disabled')).toBe(true);
    const put = adminState.requests.find((r) => r.method === 'PUT');
    expect(put).toMatchObject({ url: '/sell-my-images/media/1/sale', body: { forSale: false } });

    await act(async () => resolvePut({ body: { data: { fileId: 1, forSale: false } } }));
    await waitFor(() => expect(saleSwitch('beach.png').hasAttribute('disabled')).toBe(false));
    expect(saleSwitch('beach.png').getAttribute('aria-checked')).toBe('false');
    expect(saleSwitch('dunes.png').getAttribute('aria-checked')).toBe('true');
    expect(screen.getByText('Switched off for this image.')).toBeTruthy();
    expect(adminState.notifications).toEqual([]);
  });

  it('puts the switch back and says why when the server refuses', async () => {
    fakeLibrary('opt-in', [image(4, 'night.png', { forSale: false, reason: 'not_opted_in' })]);
    mockApi({
      'PUT /sell-my-images/media/:fileId/sale': () => apiError(403, 'Policy Failed'),
    });
    const user = userEvent.setup();
    renderAdmin(<MediaPage />);

    await user.click(await screen.findByRole('switch', { name: 'For sale: night.png' }));
    await waitFor(() => expect(adminState.notifications).toHaveLength(1));
    expect(adminState.notifications[0]).toEqual({
      type: 'danger',
      message: 'The sale of night.png could not be changed: Policy Failed',
    });
    expect(saleSwitch('night.png').getAttribute('aria-checked')).toBe('false');
    expect(saleSwitch('night.png').hasAttribute('disabled')).toBe(false);
    expect(screen.getByText('Not switched on (opt-in mode).')).toBeTruthy();
  });

  it('enables, disables and resets a selection in one request and shows the answered states', async () => {
    fakeLibrary('opt-in', [
      image(1, 'a.png', { forSale: false, reason: 'not_opted_in' }),
      image(2, 'b.png', { forSale: false, reason: 'not_opted_in' }),
      image(3, 'c.png', { forSale: false, reason: 'not_opted_in' }),
    ]);
    const user = userEvent.setup();
    renderAdmin(<MediaPage />);

    const enable = await screen.findByRole('button', { name: 'Enable sale' });
    expect(enable.hasAttribute('disabled')).toBe(true); // nothing selected yet
    await user.click(screen.getByRole('checkbox', { name: 'Select a.png' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select c.png' }));
    expect(screen.getByText('2 images selected')).toBeTruthy();
    await user.click(enable);

    await waitFor(() => expect(saleSwitch('a.png').getAttribute('aria-checked')).toBe('true'));
    expect(saleSwitch('b.png').getAttribute('aria-checked')).toBe('false');
    expect(saleSwitch('c.png').getAttribute('aria-checked')).toBe('true');
    expect(mediaApi.bulkBodies()).toEqual([{ fileIds: [1, 3], forSale: true }]);
    expect(adminState.notifications).toEqual([{ type: 'success', message: '2 images updated' }]);
    expect(screen.getByText('No image selected')).toBeTruthy();

    // Select the whole page, then back to the sale mode default.
    await user.click(screen.getByRole('checkbox', { name: 'Select all 3 on this page' }));
    await user.click(screen.getByRole('button', { name: 'Reset to sale mode default' }));
    await waitFor(() => expect(saleSwitch('a.png').getAttribute('aria-checked')).toBe('false'));
    expect(mediaApi.bulkBodies().at(-1)).toEqual({ fileIds: [1, 2, 3], forSale: null });
  });

  it('reports a failed bulk change and shows the stored states again', async () => {
    fakeLibrary('opt-out', [image(1, 'a.png'), image(2, 'b.png')]);
    mockApi({
      'PUT /sell-my-images/media/sale': () => apiError(404, 'No file with id 2', { missing: [2] }),
    });
    const user = userEvent.setup();
    renderAdmin(<MediaPage />);

    await user.click(await screen.findByRole('checkbox', { name: 'Select b.png' }));
    await user.click(screen.getByRole('button', { name: 'Disable sale' }));
    await waitFor(() =>
      expect(adminState.notifications).toEqual([
        { type: 'danger', message: 'The selected images could not be changed: No file with id 2' },
      ]),
    );
    await waitFor(() => expect(mediaApi.listRequests()).toHaveLength(2));
    expect(saleSwitch('b.png').getAttribute('aria-checked')).toBe('true');
  });

  it('searches (debounced, from page 1), filters by folder and pages through the results', async () => {
    fakeLibrary('all', photos(30));
    const user = userEvent.setup();
    renderAdmin(<MediaPage />);

    expect(await screen.findByText('Page 1 of 2')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('Page 2 of 2')).toBeTruthy();
    expect(mediaApi.lastListParams()).toEqual({ page: 2, pageSize: 24 });
    expect(screen.getAllByTestId('smi-media-card')).toHaveLength(6);

    const before = adminState.requests.length;
    await user.type(screen.getByRole('searchbox', { name: 'Search images by name' }), 'photo-1');
    await mediaApi.waitForListParams({ page: 1, pageSize: 24, q: 'photo-1' });
    // One request for the whole word, not one per key.
    expect(
      adminState.requests.slice(before).filter((r) => r.url === '/sell-my-images/media'),
    ).toHaveLength(1);
    expect(await screen.findByText('10 images')).toBeTruthy();

    await choose(user, 'Folder', 'Holidays');
    await mediaApi.waitForListParams({ page: 1, pageSize: 24, q: 'photo-1', folder: '7' });
    expect(await screen.findByText('5 images')).toBeTruthy();
  });

  it('keeps the images on screen while the next page loads, with the pager disabled', async () => {
    fakeLibrary('all', photos(30));
    const list = adminState.routes.get('GET /sell-my-images/media')!;
    let release = () => undefined as void;
    mockApi({
      'GET /sell-my-images/media': (request: FakeRequest) =>
        (request.params as { page: number }).page === 1
          ? list(request)
          : new Promise((resolve) => {
              release = () => resolve(list(request));
            }),
    });
    const user = userEvent.setup();
    renderAdmin(<MediaPage />);
    expect(await screen.findByText('Page 1 of 2')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await mediaApi.waitForListParams({ page: 2, pageSize: 24 });
    expect(screen.getAllByTestId('smi-media-card')).toHaveLength(24);
    expect(screen.getByText('Page 1 of 2')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Previous page' }).hasAttribute('disabled')).toBe(
      true,
    );
    expect(screen.getByRole('button', { name: 'Next page' }).hasAttribute('disabled')).toBe(true);
    await act(async () => release());
    expect(await screen.findByText('Page 2 of 2')).toBeTruthy();
    expect(screen.getAllByTestId('smi-media-card')).toHaveLength(6);
  });

  it('explains sale mode "all" (published images), where a switch sells an unpublished image or keeps one out', async () => {
    fakeLibrary('all', [
      image(1, 'beach.png'),
      image(2, 'id-scan.png', { forSale: false, reason: 'not_published' }),
    ]);
    const user = userEvent.setup();
    renderAdmin(<MediaPage />);
    await screen.findByText('beach.png');
    expect(screen.getByTestId('smi-sale-mode').textContent).toContain(
      'Sale mode: Published images',
    );
    expect(screen.getByTestId('smi-sale-mode').textContent).toContain(
      'Images large enough that a published entry uses are for sale',
    );
    expect(saleSwitch('id-scan.png').getAttribute('aria-checked')).toBe('false');
    expect(
      screen.getByText('No published entry uses it (switch it on to sell it anyway).'),
    ).toBeTruthy();
    // Switches and bulk changes count in this mode too.
    expect(saleSwitch('beach.png').hasAttribute('disabled')).toBe(false);
    expect(saleSwitch('id-scan.png').hasAttribute('disabled')).toBe(false);
    expect(screen.getAllByText('Follows the sale mode')).toHaveLength(2);
    await user.click(screen.getByRole('checkbox', { name: 'Select beach.png' }));
    expect(screen.getByRole('button', { name: 'Enable sale' }).hasAttribute('disabled')).toBe(
      false,
    );
  });

  it('shows the states without any switch, checkbox or bulk button to an admin without media.update', async () => {
    grant(['read']);
    fakeLibrary('opt-out', [
      image(1, 'beach.png'),
      image(2, 'forest.png', { rule: false, forSale: false, reason: 'opted_out' }),
    ]);
    renderAdmin(<MediaPage />);
    await screen.findByText('beach.png');
    expect(screen.queryAllByRole('switch')).toHaveLength(0);
    expect(screen.queryAllByRole('checkbox')).toHaveLength(0);
    expect(screen.queryByRole('button', { name: 'Enable sale' })).toBeNull();
    const cards = screen.getAllByTestId('smi-media-card');
    expect(within(cards[0]).getByText('For sale')).toBeTruthy();
    expect(within(cards[1]).getByText('Not for sale')).toBeTruthy();
    expect(screen.getByText(/changing it needs the/)).toBeTruthy();
  });

  it('says so when the images cannot be loaded', async () => {
    mockApi({
      'GET /sell-my-images/media': () => apiError(400, 'Invalid query'),
      'GET /sell-my-images/media/folders': { data: [] },
    });
    renderAdmin(<MediaPage />);
    expect(await screen.findByText('The images could not be loaded: Invalid query')).toBeTruthy();
  });

  it('renders in French', async () => {
    fakeLibrary('opt-in', [image(1, 'plage.png', { forSale: false, reason: 'not_opted_in' })]);
    renderAdmin(<MediaPage />, { locale: 'fr' });
    expect(await screen.findByRole('switch', { name: 'En vente : plage.png' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Médias en vente' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Mettre en vente' })).toBeTruthy();
    expect(screen.getByRole('searchbox', { name: 'Rechercher des images par nom' })).toBeTruthy();
    expect(screen.getByText('Pas activée (mode sur activation).')).toBeTruthy();
    expect(screen.getByText('1 image')).toBeTruthy();
  });
});
