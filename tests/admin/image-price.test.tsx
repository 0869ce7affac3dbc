import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  EntryMediaPanel,
  type EntryMediaPanelProps,
} from '../../admin/src/components/EntryMediaPanel';
import MediaPage from '../../admin/src/pages/MediaPage';
import type { ImagePriceRequest } from '../../shared/contracts/media';
import { adminState, apiError, grant, mockApi, type FakeRequest } from './support/admin-test-state';
import * as mediaApi from './support/media-library';
import { renderAdmin } from './support/render';
import { savedSettings, settingsAnswer } from './support/settings';

jest.setTimeout(30_000);

/**
 * An image's own price (premium photos) from the Sellable media page and the Content
 * Manager panel: the editor sends `PUT /media/:fileId/price` in minor units of the shop's
 * currency, and the images are read again.
 */
const priceRequests = () =>
  adminState.requests.filter((r) => r.method === 'PUT' && r.url.endsWith('/price'));
const mediaReads = () =>
  adminState.requests.filter((r) => r.method === 'GET' && r.url === '/sell-my-images/media');

/** The shop sells in `currency`; a price PUT stores what it is sent and answers it. */
function serveShop(currency: string) {
  const stored: Record<number, ImagePriceRequest> = {};
  mockApi({
    'GET /sell-my-images/settings': {
      data: settingsAnswer(savedSettings({ currency, resolutions: ['2x', '4x', '8x'] })),
    },
    'PUT /sell-my-images/media/:fileId/price': (request: FakeRequest) => {
      const fileId = Number(request.url.split('/').at(-2));
      stored[fileId] = request.body as ImagePriceRequest;
      return { body: { data: { fileId, ...stored[fileId] } } };
    },
  });
  return stored;
}

const card = (name: string) =>
  screen
    .getAllByTestId('smi-media-card')
    .find((el) => el.textContent?.includes(name)) as HTMLElement;

describe('per-image price', () => {
  it('media page: a fixed price in major units and a multiplier are sent in minor units; the badge shows the override', async () => {
    mediaApi.serve([
      { id: 1, name: 'beach.png', rule: null, forSale: false, reason: 'not_opted_in' },
      {
        id: 2,
        name: 'summit.png',
        rule: true,
        forSale: true,
        price: { fixedPrices: null, multiplierPercent: 250 },
      },
    ]);
    serveShop('eur');
    const user = userEvent.setup();
    renderAdmin(<MediaPage />);
    await screen.findByText('beach.png');
    expect(within(card('summit.png')).getByText('×2.5')).toBeTruthy();
    expect(within(card('beach.png')).queryByText('×2.5')).toBeNull();

    await user.click(within(card('beach.png')).getByRole('button', { name: 'Price of beach.png' }));
    const dialog = await screen.findByRole('dialog', { name: 'Price of beach.png' });
    const fixed4x = await within(dialog).findByLabelText('Fixed price for 4x');
    // Too many decimals for EUR: said, nothing sent.
    await user.type(fixed4x, '12,505');
    await user.click(within(dialog).getByRole('button', { name: 'Save price' }));
    expect(await within(dialog).findByText('Too many decimals for this currency.')).toBeTruthy();
    expect(priceRequests()).toHaveLength(0);

    await user.clear(fixed4x);
    await user.type(fixed4x, '12,50');
    await user.type(within(dialog).getByLabelText('Fixed price for 8x'), '40');
    await user.type(within(dialog).getByLabelText("Multiplier of the shop's price"), '1.75');
    const readsBefore = mediaReads().length;
    await user.click(within(dialog).getByRole('button', { name: 'Save price' }));

    await waitFor(() => expect(priceRequests()).toHaveLength(1));
    expect(priceRequests()[0]).toMatchObject({
      url: '/sell-my-images/media/1/price',
      body: { fixedPrices: { '4x': 1250, '8x': 4000 }, multiplierPercent: 175 },
    });
    await waitFor(() =>
      expect(adminState.notifications).toEqual([
        { type: 'success', message: 'Price of beach.png saved' },
      ]),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    // The images are read again (the fake library has no price store: the answer is what it serves).
    await waitFor(() => expect(mediaReads().length).toBeGreaterThan(readsBefore));
  });

  it('media page: Clear sends both null; a refused save is said and the editor stays open', async () => {
    mediaApi.serve([
      {
        id: 2,
        name: 'summit.png',
        rule: true,
        forSale: true,
        price: { fixedPrices: { '4x': 1500 }, multiplierPercent: null },
      },
    ]);
    serveShop('usd');
    const user = userEvent.setup();
    renderAdmin(<MediaPage />);
    await screen.findByText('summit.png');
    expect(within(card('summit.png')).getByText('Fixed')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Price of summit.png' }));
    const dialog = await screen.findByRole('dialog', { name: 'Price of summit.png' });
    expect(
      ((await within(dialog).findByLabelText('Fixed price for 4x')) as HTMLInputElement).value,
    ).toBe('15.00');
    await user.click(within(dialog).getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(priceRequests()).toHaveLength(1));
    expect(priceRequests()[0].body).toEqual({ fixedPrices: null, multiplierPercent: null });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    mockApi({ 'PUT /sell-my-images/media/:fileId/price': () => apiError(403, 'Policy Failed') });
    await user.click(screen.getByRole('button', { name: 'Price of summit.png' }));
    const again = await screen.findByRole('dialog', { name: 'Price of summit.png' });
    await user.type(await within(again).findByLabelText("Multiplier of the shop's price"), '3');
    await user.click(within(again).getByRole('button', { name: 'Save price' }));
    await waitFor(() =>
      expect(adminState.notifications.at(-1)).toEqual({
        type: 'danger',
        message: 'The price of summit.png could not be saved: Policy Failed',
      }),
    );
    expect(screen.getByRole('dialog', { name: 'Price of summit.png' })).toBeTruthy();
  });

  it('media page: a reader without media.update sees the badge and no Price button', async () => {
    grant(['read']);
    mediaApi.serve([
      {
        id: 2,
        name: 'summit.png',
        rule: true,
        forSale: true,
        price: { fixedPrices: null, multiplierPercent: 300 },
      },
    ]);
    renderAdmin(<MediaPage />);
    await screen.findByText('summit.png');
    expect(within(card('summit.png')).getByText('×3')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Price of summit.png' })).toBeNull();
  });

  it('Content Manager panel: shows the rule next to the prices and edits the price in the entry currency', async () => {
    const price = (resolution: string, amount: number) => ({
      resolution,
      amount,
      formatted: `¥${amount}`,
      available: true,
    });
    mockApi({
      'GET /sell-my-images/entries/:model/:documentId/media': {
        data: {
          saleMode: 'all',
          currency: 'jpy',
          mediaFields: ['image'],
          images: [
            {
              fileId: 5,
              documentId: 'file5',
              field: 'image',
              name: 'sunset.png',
              url: '/uploads/sunset.png',
              thumbnailUrl: '/uploads/thumbnail_sunset.png',
              mime: 'image/png',
              width: 2000,
              height: 2000,
              rule: null,
              forSale: true,
              prices: [price('4x', 800), price('8x', 2000)],
              price: { fixedPrices: { '4x': 800 }, multiplierPercent: null },
              priceRule: 'image_fixed',
            },
          ],
        },
      },
      'PUT /sell-my-images/media/:fileId/price': (request: FakeRequest) => ({
        body: { data: { fileId: 5, ...(request.body as ImagePriceRequest) } },
      }),
    });
    const props: EntryMediaPanelProps = {
      model: 'api::photo.photo',
      documentId: 'abc123',
      document: { updatedAt: '2025-01-01T00:00:00.000Z' },
      collectionType: 'collection-types',
      activeTab: 'draft',
    };
    const Host = () => <>{EntryMediaPanel(props)?.content ?? null}</>;
    const user = userEvent.setup();
    renderAdmin(<Host />);
    const item = await screen.findByTestId('smi-entry-image');
    expect(within(item).getByText("Priced by the image's fixed price")).toBeTruthy();
    expect(within(item).getByText('Fixed')).toBeTruthy();
    await user.click(within(item).getByRole('button', { name: 'Price of sunset.png' }));
    const dialog = await screen.findByRole('dialog', { name: 'Price of sunset.png' });
    // No settings read: the entry answer gives the currency and the resolutions.
    expect(adminState.requests.some((r) => r.url === '/sell-my-images/settings')).toBe(false);
    const fixed8x = within(dialog).getByLabelText('Fixed price for 8x');
    expect(within(dialog).getAllByText('JPY')).toHaveLength(2);
    await user.type(fixed8x, '2500');
    await user.click(within(dialog).getByRole('button', { name: 'Save price' }));
    await waitFor(() => expect(priceRequests()).toHaveLength(1));
    expect(priceRequests()[0].body).toEqual({
      fixedPrices: { '4x': 800, '8x': 2500 },
      multiplierPercent: null,
    });
    await waitFor(() =>
      expect(
        adminState.requests.filter((r) => r.url.startsWith('/sell-my-images/entries/')),
      ).toHaveLength(2),
    );
  });
});
