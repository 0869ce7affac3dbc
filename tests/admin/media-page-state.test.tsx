import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation, useNavigate, useNavigationType } from 'react-router-dom';
import MediaPage from '../../admin/src/pages/MediaPage';
import {
  adminState,
  apiError,
  type FakeRequest,
  type FakeResponse,
} from './support/admin-test-state';
import * as mediaApi from './support/media-library';
import { renderAdmin } from './support/render';
import { ariaChecked, choose } from './support/ui';

// Several renders, debounces and large pages per test: the shared 2-core machine needs more than jest's 5 s.
jest.setTimeout(60_000);

/** `count` images `photo-001.png`…, not for sale (opt-in); `folderOf` puts some in a folder. */
const images = (
  count: number,
  folderOf: (id: number) => number | undefined = () => undefined,
): mediaApi.LibraryImage[] =>
  Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    name: `photo-${String(i + 1).padStart(3, '0')}.png`,
    folder: folderOf(i + 1),
    rule: null,
    forSale: false,
    reason: 'not_opted_in',
  }));

const fakeLibrary = (
  items: mediaApi.LibraryImage[],
  bulk?: (request: FakeRequest, call: number) => FakeResponse | undefined,
) => mediaApi.serve(items, { bulk });

/** Shows where the router is, and offers the browser's back button. */
const Browser = () => {
  const location = useLocation();
  const navigationType = useNavigationType();
  const navigate = useNavigate();
  return (
    <>
      <output data-testid="location">{location.search}</output>
      <output data-testid="navigation">{navigationType}</output>
      <button type="button" onClick={() => navigate(-1)}>
        Browser back
      </button>
    </>
  );
};

const show = (url: string) =>
  renderAdmin(
    <>
      <MediaPage />
      <Browser />
    </>,
    { url },
  );

const location = () => screen.getByTestId('location').textContent;
const selectedText = () => screen.getByTestId('smi-media-selected').textContent;
const pageCheckbox = () => screen.getByRole('checkbox', { name: /^Select all \d+ on this page$/ });
const searchbox = () =>
  screen.getByRole<HTMLInputElement>('searchbox', { name: 'Search images by name' });

describe('sellable media page: the view in the URL', () => {
  it('restores search, folder, page and page size from the URL, with a single request', async () => {
    // 150 "sky" images, every third one in folder 3: 50 in it, so two pages of 48 and 2 images on the second.
    fakeLibrary(
      images(150, (id) => (id % 3 === 0 ? 3 : undefined)).map((item) => ({
        ...item,
        name: item.name.replace('photo', 'sky'),
      })),
    );
    show('/?q=sky&folder=3&page=2&pageSize=48');

    expect(await screen.findByText('Page 2 of 2')).toBeTruthy();
    expect(mediaApi.listRequests().map((r) => r.params)).toEqual([
      { page: 2, pageSize: 48, q: 'sky', folder: '3' },
    ]);
    expect(searchbox().value).toBe('sky');
    expect(screen.getByRole('combobox', { name: 'Folder' }).textContent).toContain('Sky');
    expect(screen.getByRole('combobox', { name: 'Images per page' }).textContent).toContain('48');
    expect(screen.getByText('50 images')).toBeTruthy();
    expect(screen.getAllByTestId('smi-media-card')).toHaveLength(2);
    expect(screen.getByText('sky-150.png')).toBeTruthy();
  });

  it.each([
    ['/?q=&folder=abc&page=-3&pageSize=7', { page: 1, pageSize: 24 }],
    ['/?folder=0&page=1.5&pageSize=500', { page: 1, pageSize: 24 }],
    ['/?folder=2%2B1&page=2e1&pageSize=100', { page: 1, pageSize: 24 }],
    ['/?folder=root&page=abc&pageSize=12', { page: 1, pageSize: 12, folder: 'root' }],
  ])('falls back to the defaults for invalid values in %s', async (url, params) => {
    fakeLibrary(images(5));
    show(url);
    expect(await screen.findByText('photo-001.png')).toBeTruthy();
    expect(mediaApi.listRequests().map((r) => r.params)).toEqual([params]);
    expect(searchbox().value).toBe('');
  });

  it('goes to the last page when the URL points past it', async () => {
    fakeLibrary(images(30));
    show('/?page=9');
    expect(await screen.findByText('Page 2 of 2')).toBeTruthy();
    expect(location()).toBe('?page=2');
    expect(mediaApi.lastListParams()).toEqual({ page: 2, pageSize: 24 });
  });

  it('puts a typed search in the URL (replacing the entry, debounced) and goes back to page 1', async () => {
    fakeLibrary(images(60));
    const user = userEvent.setup();
    show('/?page=2&pageSize=12');
    expect(await screen.findByText('Page 2 of 5')).toBeTruthy();

    const before = mediaApi.listRequests().length;
    await user.type(searchbox(), 'photo-01');
    // Strapi's useQueryParams keeps the keys already in the URL where they are, new ones after.
    await waitFor(() => expect(location()).toBe('?pageSize=12&q=photo-01'));
    expect(screen.getByTestId('navigation').textContent).toBe('REPLACE');
    await mediaApi.waitForListParams({ page: 1, pageSize: 12, q: 'photo-01' });
    expect(mediaApi.listRequests().slice(before)).toHaveLength(1);
    expect(await screen.findByText('10 images')).toBeTruthy();

    // Clearing the box removes the search from the URL.
    await user.click(screen.getByRole('button', { name: 'Clear the search' }));
    await waitFor(() => expect(location()).toBe('?pageSize=12'));
    await mediaApi.waitForListParams({ page: 1, pageSize: 12 });
  });

  it('offers page sizes up to the server maximum; choosing one requests it from page 1 and keeps it in the URL', async () => {
    fakeLibrary(images(130));
    const user = userEvent.setup();
    show('/?page=3');
    expect(await screen.findByText('Page 3 of 6')).toBeTruthy();

    await user.click(screen.getByRole('combobox', { name: 'Images per page' }));
    expect(screen.getAllByRole('option').map((option) => option.textContent)).toEqual([
      '12',
      '24',
      '48',
      '96',
    ]);
    await user.click(screen.getByRole('option', { name: '96' }));

    await mediaApi.waitForListParams({ page: 1, pageSize: 96 });
    expect(location()).toBe('?pageSize=96');
    expect(await screen.findByText('Page 1 of 2')).toBeTruthy();
    expect(screen.getAllByTestId('smi-media-card')).toHaveLength(96);
  });

  it('adds pages and folders to the history, so back shows the previous view', async () => {
    fakeLibrary(images(30, (id) => (id % 2 === 0 ? 7 : undefined)));
    const user = userEvent.setup();
    show('/');
    expect(await screen.findByText('Page 1 of 2')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('Page 2 of 2')).toBeTruthy();
    expect(location()).toBe('?page=2');

    await choose(user, 'Folder', 'Holidays');
    await mediaApi.waitForListParams({ page: 1, pageSize: 24, folder: '7' });
    expect(location()).toBe('?folder=7');

    await user.click(screen.getByRole('button', { name: 'Browser back' }));
    await mediaApi.waitForListParams({ page: 2, pageSize: 24 });
    expect(await screen.findByText('Page 2 of 2')).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Folder' }).textContent).toContain('All folders');

    await user.click(screen.getByRole('button', { name: 'Browser back' }));
    await mediaApi.waitForListParams({ page: 1, pageSize: 24 });
    expect(location()).toBe('');
  });
});

/**
 * Shows 250 images, 96 a page, selects pages 1 and 2 whole, then the checkbox `onPage3` on
 * page 3; `bulk` may answer a bulk change instead of the library.
 */
async function selectOnThreePages(
  onPage3: string,
  bulk?: (request: FakeRequest, call: number) => FakeResponse | undefined,
) {
  fakeLibrary(images(250), bulk);
  const user = userEvent.setup();
  show('/?pageSize=96');
  await user.click(await screen.findByRole('checkbox', { name: 'Select all 96 on this page' }));
  await user.click(screen.getByRole('button', { name: 'Next page' }));
  expect(await screen.findByText('Page 2 of 3')).toBeTruthy();
  await user.click(screen.getByRole('checkbox', { name: 'Select all 96 on this page' }));
  await user.click(screen.getByRole('button', { name: 'Next page' }));
  expect(await screen.findByText('Page 3 of 3')).toBeTruthy();
  await user.click(screen.getByRole('checkbox', { name: onPage3 }));
  return user;
}

describe('sellable media page: selection across pages', () => {
  it('keeps the selection on other pages and applies a bulk change to all selected images', async () => {
    fakeLibrary(images(30));
    const user = userEvent.setup();
    show('/');

    await user.click(await screen.findByRole('checkbox', { name: 'Select photo-001.png' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select photo-003.png' }));
    expect(pageCheckbox().getAttribute('aria-checked')).toBe('mixed');
    expect(selectedText()).toBe('2 images selected');

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('Page 2 of 2')).toBeTruthy();
    expect(selectedText()).toBe('2 images selected (2 on other pages)');
    // The page checkbox is about this page only.
    expect(pageCheckbox().getAttribute('aria-checked')).toBe('false');
    expect(screen.getByRole('checkbox', { name: 'Select all 6 on this page' })).toBeTruthy();
    await user.click(pageCheckbox());
    expect(selectedText()).toBe('8 images selected (2 on other pages)');
    await user.click(screen.getByRole('checkbox', { name: 'Select photo-030.png' }));
    expect(selectedText()).toBe('7 images selected (2 on other pages)');

    await user.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(await screen.findByText('Page 1 of 2')).toBeTruthy();
    expect(ariaChecked('checkbox', 'Select photo-001.png')).toBe('true');
    expect(ariaChecked('checkbox', 'Select photo-002.png')).toBe('false');
    expect(selectedText()).toBe('7 images selected (5 on other pages)');

    await user.click(screen.getByRole('button', { name: 'Enable sale' }));
    await waitFor(() =>
      expect(adminState.notifications).toEqual([{ type: 'success', message: '7 images updated' }]),
    );
    expect(mediaApi.bulkBodies()).toEqual([{ fileIds: [1, 3, 25, 26, 27, 28, 29], forSale: true }]);
    expect(ariaChecked('switch', 'For sale: photo-001.png')).toBe('true');
    expect(ariaChecked('switch', 'For sale: photo-002.png')).toBe('false');
    expect(selectedText()).toBe('No image selected');
  });

  it('clears the selection when the search or the folder changes, or on "Clear selection", but not on a page-size change', async () => {
    fakeLibrary(images(30, (id) => (id % 2 === 0 ? 7 : undefined)));
    const user = userEvent.setup();
    show('/');

    await user.click(await screen.findByRole('checkbox', { name: 'Select photo-001.png' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select photo-012.png' }));
    expect(selectedText()).toBe('2 images selected');

    await user.click(screen.getByRole('combobox', { name: 'Images per page' }));
    await user.click(screen.getByRole('option', { name: '12' }));
    await mediaApi.waitForListParams({ page: 1, pageSize: 12 });
    expect(selectedText()).toBe('2 images selected');

    await user.type(searchbox(), 'photo-01');
    await mediaApi.waitForListParams({ page: 1, pageSize: 12, q: 'photo-01' });
    await waitFor(() => expect(selectedText()).toBe('No image selected'));
    expect(ariaChecked('checkbox', 'Select photo-012.png')).toBe('false');

    await user.click(await screen.findByRole('checkbox', { name: 'Select photo-012.png' }));
    expect(selectedText()).toBe('1 image selected');
    await choose(user, 'Folder', 'Holidays');
    await mediaApi.waitForListParams({ page: 1, pageSize: 12, q: 'photo-01', folder: '7' });
    await waitFor(() => expect(selectedText()).toBe('No image selected'));

    const clear = screen.getByRole('button', { name: 'Clear selection' });
    expect(clear.hasAttribute('disabled')).toBe(true);
    await user.click(pageCheckbox());
    expect(selectedText()).toBe('5 images selected');
    await user.click(clear);
    expect(selectedText()).toBe('No image selected');
    expect(pageCheckbox().getAttribute('aria-checked')).toBe('false');
    expect(screen.getByRole('button', { name: 'Enable sale' }).hasAttribute('disabled')).toBe(true);
  });

  it('splits a selection above the server limit of 100 ids into several requests, with one notification', async () => {
    const user = await selectOnThreePages('Select photo-250.png');
    expect(selectedText()).toBe('193 images selected (192 on other pages)');

    await user.click(screen.getByRole('button', { name: 'Reset to sale mode default' }));
    await waitFor(() =>
      expect(adminState.notifications).toEqual([
        { type: 'success', message: '193 images updated' },
      ]),
    );
    const bodies = mediaApi.bulkBodies();
    expect(bodies.map((b) => b.fileIds.length)).toEqual([100, 93]);
    expect(bodies.every((b) => b.forSale === null)).toBe(true);
    expect(bodies.flatMap((b) => b.fileIds)).toEqual([
      ...Array.from({ length: 192 }, (_, i) => i + 1),
      250,
    ]);
    expect(selectedText()).toBe('No image selected');
  });

  it('stops at a failed request, reports what was done in one notification and keeps the rest selected', async () => {
    const user = await selectOnThreePages('Select all 58 on this page', (_request, call) =>
      call === 2 ? apiError(403, 'Policy Failed') : undefined,
    );
    expect(selectedText()).toBe('250 images selected (192 on other pages)');

    await user.click(screen.getByRole('button', { name: 'Enable sale' }));
    await waitFor(() =>
      expect(adminState.notifications).toEqual([
        {
          type: 'danger',
          message: '100 images of 250 updated; the others could not be changed: Policy Failed',
        },
      ]),
    );
    // The third request is not sent after the second failed.
    expect(mediaApi.bulkBodies().map((b) => b.fileIds.length)).toEqual([100, 100]);
    await waitFor(() => expect(selectedText()).toBe('150 images selected (92 on other pages)'));
    await act(async () => undefined);
    expect(
      within(screen.getByRole('navigation', { name: 'Pages of images' })).getByText('Page 3 of 3'),
    ).toBeTruthy();
  });
});
