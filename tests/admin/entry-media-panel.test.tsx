import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  EntryMediaPanel,
  type EntryMediaPanelProps,
} from '../../admin/src/components/EntryMediaPanel';
import { adminState, apiError, grant, mockApi, type FakeRequest } from './support/admin-test-state';
import { renderAdmin } from './support/render';

jest.setTimeout(30_000);

/**
 * The Content Manager calls a side panel as a component whose result is a description
 * (`{ title, content }` or null) and renders the content elsewhere; this host does the same.
 */
const Host = (props: EntryMediaPanelProps) => {
  const panel = EntryMediaPanel(props);
  return panel ? (
    <section aria-label="side panel">
      <h2>{panel.title}</h2>
      {panel.content}
    </section>
  ) : (
    <p>no panel</p>
  );
};

const photoProps: EntryMediaPanelProps = {
  model: 'api::photo.photo',
  documentId: 'abc123',
  document: { locale: 'fr', updatedAt: '2025-01-01T00:00:00.000Z' },
  collectionType: 'collection-types',
  activeTab: 'draft',
};

const price = (resolution: string, amount: number, available = true) => ({
  resolution,
  amount,
  formatted: `$${(amount / 100).toFixed(2)}`,
  available,
  ...(available ? {} : { reason: 'exceeds_max_output' }),
});

/** The entry has one image; its rule follows what the switch sends (opt-out mode). */
function fakeEntry() {
  let rule: boolean | null = null;
  mockApi({
    'GET /sell-my-images/entries/:model/:documentId/media': () => ({
      body: {
        data: {
          saleMode: 'opt-out',
          currency: 'usd',
          mediaFields: ['image'],
          images: [
            {
              fileId: 5,
              documentId: 'file5',
              field: 'image',
              name: 'sunset.png',
              thumbnailUrl: '/uploads/thumbnail_sunset.png',
              width: 2000,
              height: 2000,
              rule,
              forSale: rule !== false,
              ...(rule === false ? { reason: 'opted_out' } : {}),
              prices: [price('4x', 192), price('8x', 700, false)],
              price: { fixedPrices: null, multiplierPercent: null },
              priceRule: 'default',
            },
          ],
        },
      },
    }),
    'PUT /sell-my-images/media/:fileId/sale': (request: FakeRequest) => {
      rule = (request.body as { forSale: boolean }).forSale;
      return { body: { data: { fileId: 5, forSale: rule } } };
    },
  });
}

const entryRequests = () =>
  adminState.requests.filter((r) => r.url.startsWith('/sell-my-images/entries/'));

describe('Content Manager side panel', () => {
  it('is no panel for a non-api model or an entry being created, and asks nothing', async () => {
    renderAdmin(
      <>
        <Host {...photoProps} model="plugin::users-permissions.user" />
        <Host {...photoProps} documentId={undefined} document={undefined} />
      </>,
    );
    expect(screen.getAllByText('no panel')).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(adminState.requests).toEqual([]);
  });

  it('is no panel for a content type without media fields', async () => {
    mockApi({
      'GET /sell-my-images/entries/:model/:documentId/media': {
        data: { saleMode: 'all', currency: 'usd', mediaFields: [], images: [] },
      },
    });
    renderAdmin(<Host {...photoProps} model="api::article.article" />);
    await waitFor(() => expect(entryRequests()).toHaveLength(1));
    expect(entryRequests()[0]).toMatchObject({
      url: '/sell-my-images/entries/api%3A%3Aarticle.article/abc123/media',
      params: { status: 'draft', locale: 'fr' },
    });
    expect(screen.getByText('no panel')).toBeTruthy();
  });

  it('says so when the entry has media fields but no image yet', async () => {
    mockApi({
      'GET /sell-my-images/entries/:model/:documentId/media': {
        data: { saleMode: 'opt-in', currency: 'usd', mediaFields: ['image'], images: [] },
      },
    });
    renderAdmin(<Host {...photoProps} />);
    expect(await screen.findByText('This entry has no image yet.')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Images for sale' })).toBeTruthy();
  });

  it('lists the images with their 4x/8x prices and re-reads them after a switch', async () => {
    fakeEntry();
    const user = userEvent.setup();
    renderAdmin(<Host {...photoProps} activeTab="published" />);

    const item = await screen.findByTestId('smi-entry-image');
    expect(within(item).getByText('sunset.png')).toBeTruthy();
    expect(within(item).getByText('Field: image')).toBeTruthy();
    expect(within(item).getByText('4x: $1.92')).toBeTruthy();
    expect(within(item).getByText('8x: $7.00 (unavailable)')).toBeTruthy();
    expect(entryRequests()[0].params).toEqual({ status: 'published', locale: 'fr' });

    const toggle = within(item).getByRole('switch', { name: 'For sale: sunset.png' });
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    await user.click(toggle);
    await waitFor(() => expect(entryRequests()).toHaveLength(2));
    expect(adminState.requests.find((r) => r.method === 'PUT')).toMatchObject({
      url: '/sell-my-images/media/5/sale',
      body: { forSale: false },
    });
    await waitFor(() =>
      expect(
        screen.getByRole('switch', { name: 'For sale: sunset.png' }).getAttribute('aria-checked'),
      ).toBe('false'),
    );
    expect(screen.getByText('Switched off for this image.')).toBeTruthy();
  });

  it('tells when a switch fails and shows the stored state', async () => {
    fakeEntry();
    mockApi({
      'PUT /sell-my-images/media/:fileId/sale': () => apiError(403, 'Policy Failed'),
    });
    const user = userEvent.setup();
    renderAdmin(<Host {...photoProps} />);
    await user.click(await screen.findByRole('switch', { name: 'For sale: sunset.png' }));
    await waitFor(() =>
      expect(adminState.notifications).toEqual([
        { type: 'danger', message: 'The sale of sunset.png could not be changed: Policy Failed' },
      ]),
    );
    await waitFor(() => expect(entryRequests()).toHaveLength(2));
    expect(
      screen.getByRole('switch', { name: 'For sale: sunset.png' }).getAttribute('aria-checked'),
    ).toBe('true');
  });

  it('shows states and prices without a switch to an admin without media.update, in French', async () => {
    grant(['read']);
    fakeEntry();
    renderAdmin(<Host {...photoProps} />, { locale: 'fr' });
    expect(await screen.findByText('4x : $1.92')).toBeTruthy();
    expect(screen.queryByRole('switch')).toBeNull();
    expect(screen.getByText('En vente')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Images en vente' })).toBeTruthy();
  });

  it('shows the error when the images cannot be read', async () => {
    mockApi({
      'GET /sell-my-images/entries/:model/:documentId/media': () =>
        apiError(404, 'No entry with this documentId'),
    });
    renderAdmin(<Host {...photoProps} />);
    expect(
      await screen.findByText(
        'The images of this entry could not be loaded: No entry with this documentId',
      ),
    ).toBeTruthy();
  });
});
