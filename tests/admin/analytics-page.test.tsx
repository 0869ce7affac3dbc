import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import AnalyticsPage from '../../admin/src/pages/AnalyticsPage';
import { adminState, apiError, mockApi, type FakeRequest } from './support/admin-test-state';
import { renderAdmin } from './support/render';
import { choose } from './support/ui';

const NOW = Date.parse('2025-03-30T15:00:00.000Z');
const OVERVIEW = 'GET /sell-my-images/analytics/overview';
const IMAGES = 'GET /sell-my-images/analytics/images';
const PAGES = 'GET /sell-my-images/analytics/pages';
const EXPORT = 'GET /sell-my-images/analytics/export';

type Params = Record<string, string | number | undefined>;

/** An overview as the server answers it, for the period asked; one sale on the last day. */
function overview(params: Params, patch: Record<string, unknown> = {}) {
  const from = String(params.from);
  const to = String(params.to);
  const series = [];
  for (
    let ms = Date.parse(`${from}T00:00:00Z`);
    ms <= Date.parse(`${to}T00:00:00Z`);
    ms += 86_400_000
  ) {
    const date = new Date(ms).toISOString().slice(0, 10);
    series.push({ date, revenue: date === to ? 4200 : 0, sales: date === to ? 3 : 0 });
  }
  return {
    data: {
      from,
      to,
      currency: params.currency ?? 'usd',
      currencies: ['usd'],
      revenue: 123456,
      cost: 23456,
      profit: 100000,
      margin: 100000 / 123456,
      sales: 42,
      averageSale: 2939,
      refundedSales: 2,
      refundedAmount: 1500,
      uniqueCustomers: 37,
      clicks: 840,
      conversionRate: 0.05,
      tax: 0,
      discounts: 0,
      previewViews: 0,
      cartAdds: 0,
      cartCheckouts: 0,
      previewConversion: null,
      series,
      ...patch,
    },
  };
}

const imageRows = (page: number) =>
  Array.from({ length: page === 3 ? 5 : 10 }, (_, i) => {
    const n = (page - 1) * 10 + i + 1;
    return {
      fileId: n,
      name: `photo-${n}.jpg`,
      thumbnailUrl: `/uploads/thumbnail_photo_${n}.jpg`,
      clicks: 100 - n,
      sales: 5,
      conversion: 5 / (100 - n),
      revenue: 10_000 - n * 100,
    };
  });

function paged(rows: unknown[], params: Params, total: number) {
  const pageSize = Number(params.pageSize);
  return {
    data: {
      currency: 'usd',
      results: rows,
      pagination: {
        page: Number(params.page),
        pageSize,
        total,
        pageCount: Math.ceil(total / pageSize),
      },
    },
  };
}

const asked = (route: string) =>
  adminState.requests
    .filter((r) => `${r.method} ${r.url}` === route)
    .map((r) => r.params as Params);
const lastAsked = (route: string) => asked(route).at(-1)!;

function mockShop(overviewPatch: Record<string, unknown> = {}) {
  mockApi({
    [OVERVIEW]: (req: FakeRequest) => ({ body: overview(req.params as Params, overviewPatch) }),
    [IMAGES]: (req: FakeRequest) => ({
      body: paged(imageRows(Number((req.params as Params).page)), req.params as Params, 25),
    }),
    [PAGES]: (req: FakeRequest) => ({
      body: paged(
        [
          {
            sourcePage: 'https://site.test/blog/first',
            clicks: 50,
            sales: 2,
            conversion: 0.04,
            revenue: 3000,
          },
          { sourcePage: null, clicks: 3, sales: 0, conversion: 0, revenue: 0 },
        ],
        req.params as Params,
        2,
      ),
    }),
  });
}

/** A period without sales or clicks: the rates have no base. */
const NO_SALES = {
  revenue: 0,
  sales: 0,
  clicks: 0,
  margin: null,
  averageSale: null,
  conversionRate: null,
};

/** Shows the page (over the fake API set up before) once its figures are there. */
async function showPage() {
  const user = userEvent.setup();
  renderAdmin(<AnalyticsPage />);
  await screen.findByRole('group', { name: 'Revenue' });
  return user;
}

/** jsdom's Blob has no text(): read it the old way. */
const readBlob = (blob: Blob) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });

const card = (name: string) => within(screen.getByRole('group', { name }));

/** What each key figure card shows of the fake shop's overview. */
const CARD_TEXTS: Record<string, string[]> = {
  Revenue: ['$1,234.56', 'Net of tax and discounts; refunds excluded'],
  'Upscaling cost': ['$234.56'],
  Profit: ['$1,000.00'],
  Margin: ['81%'],
  Sales: ['42'],
  'Average sale': ['$29.39'],
  'Unique customers': ['37'],
  Clicks: ['840'],
  'Conversion rate': ['5%'],
  Refunded: ['$15.00', '2 fully refunded sales'],
};

// Rendering the whole page in jsdom is slow on a loaded machine.
jest.setTimeout(30_000);

describe('analytics page', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
  });
  afterEach(() => jest.restoreAllMocks());

  it('shows the key figures of the last 30 days, money formatted from minor units', async () => {
    mockShop();
    renderAdmin(<AnalyticsPage />);
    expect(await screen.findByRole('group', { name: 'Revenue' })).toBeTruthy();
    expect(lastAsked(OVERVIEW)).toEqual({ from: '2025-03-01', to: '2025-03-30' });
    for (const [name, texts] of Object.entries(CARD_TEXTS))
      for (const text of texts) expect(card(name).getByText(text)).toBeTruthy();
    expect(document.title).toBe('Analytics');
  });

  it('shows the tax collected and the discounts apart from revenue, only when there were any', async () => {
    mockShop({ tax: 2468, discounts: 500 });
    renderAdmin(<AnalyticsPage />);
    const tax = within(await screen.findByRole('group', { name: 'Tax collected' }));
    expect(tax.getByText('$24.68')).toBeTruthy();
    expect(tax.getByText('Owed to the tax authorities; not in revenue')).toBeTruthy();
    expect(card('Discounts').getByText('$5.00')).toBeTruthy();
    expect(card('Revenue').getByText('$1,234.56')).toBeTruthy();
  });

  it('leaves the tax and discount cards out for a shop without either', async () => {
    mockShop();
    renderAdmin(<AnalyticsPage />);
    await screen.findByRole('group', { name: 'Revenue' });
    expect(screen.queryByRole('group', { name: 'Tax collected' })).toBeNull();
    expect(screen.queryByRole('group', { name: 'Discounts' })).toBeNull();
  });

  it('shows the preview and cart funnel, each card only when there was any', async () => {
    mockShop({ previewViews: 200, cartAdds: 31, cartCheckouts: 7, previewConversion: 0.125 });
    renderAdmin(<AnalyticsPage />);
    const previews = within(await screen.findByRole('group', { name: 'Preview views' }));
    expect(previews.getByText('200')).toBeTruthy();
    expect(previews.getByText('Live before/after previews seen')).toBeTruthy();
    expect(card('Added to cart').getByText('31')).toBeTruthy();
    expect(card('Cart orders').getByText('7')).toBeTruthy();
    expect(
      card('Cart orders').getByText('Paid orders of several images; fully refunded ones excluded'),
    ).toBeTruthy();
    expect(card('Conversion from preview').getByText('12.5%')).toBeTruthy();
  });

  it('leaves the funnel cards out for a shop without previews nor cart', async () => {
    mockShop({ cartAdds: 3 });
    renderAdmin(<AnalyticsPage />);
    expect(await screen.findByRole('group', { name: 'Added to cart' })).toBeTruthy();
    for (const name of ['Preview views', 'Cart orders', 'Conversion from preview'])
      expect(screen.queryByRole('group', { name })).toBeNull();
  });

  it('draws the daily chart as an accessible image with the figures in a table', async () => {
    mockShop();
    renderAdmin(<AnalyticsPage />);
    const chart = await screen.findByRole('img', { name: 'Revenue and sales per day' });
    expect(chart.tagName.toLowerCase()).toBe('svg');
    const description = document.getElementById(
      chart.getAttribute('aria-describedby')!,
    )!.textContent;
    expect(description).toBe(
      'From Mar 1, 2025 to Mar 30, 2025: $42.00 from 3 sales. Best day: Mar 30, 2025, $42.00.',
    );
    const data = screen.getByRole('table', {
      name: 'Revenue and sales per day from Mar 1, 2025 to Mar 30, 2025',
    });
    const rows = within(data).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(30);
    expect(rows.at(-1)!.textContent).toBe('Mar 30, 2025$42.003');
    // one bar per day, each with its own tooltip
    expect(chart.querySelectorAll('title')).toHaveLength(30);
  });

  it('sorts and pages the image ranking on the server', async () => {
    mockShop();
    const user = userEvent.setup();
    renderAdmin(<AnalyticsPage />);
    const table = await screen.findByRole('grid', { name: 'Images' });
    await within(table).findByText('photo-1.jpg');
    expect(lastAsked(IMAGES)).toEqual({
      from: '2025-03-01',
      to: '2025-03-30',
      sort: 'revenue:desc',
      page: 1,
      pageSize: 10,
    });
    expect(within(table).getAllByRole('row')).toHaveLength(11);
    const thumbnail = table.querySelector('img')!;
    expect(thumbnail.getAttribute('src')).toBe('/uploads/thumbnail_photo_1.jpg');
    expect(thumbnail.getAttribute('alt')).toBe('');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.getAttribute('aria-sort')),
    ).toEqual([null, 'none', 'none', 'none', 'descending']);

    await user.click(within(table).getByRole('button', { name: 'Clicks' }));
    await waitFor(() => expect(lastAsked(IMAGES)).toMatchObject({ sort: 'clicks:desc', page: 1 }));
    await user.click(within(table).getByRole('button', { name: 'Clicks' }));
    await waitFor(() => expect(lastAsked(IMAGES)).toMatchObject({ sort: 'clicks:asc' }));
    expect(within(table).getAllByRole('columnheader')[1].getAttribute('aria-sort')).toBe(
      'ascending',
    );

    const pager = screen.getByRole('navigation', { name: 'Pages of the Images table' });
    expect(within(pager).getByText('Page 1 of 3')).toBeTruthy();
    await user.click(within(pager).getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(lastAsked(IMAGES)).toMatchObject({ sort: 'clicks:asc', page: 2 }));
    expect(await within(table).findByText('photo-11.jpg')).toBeTruthy();
    expect(within(pager).getByText('Page 2 of 3')).toBeTruthy();
  });

  it('keeps a ranking’s rows on screen while its next page loads', async () => {
    mockShop();
    const ranking = adminState.routes.get(IMAGES)!;
    let release = () => undefined as void;
    mockApi({
      [IMAGES]: (req: FakeRequest) =>
        (req.params as Params).page === 1
          ? ranking(req)
          : new Promise((resolve) => {
              release = () => resolve(ranking(req));
            }),
    });
    const user = userEvent.setup();
    renderAdmin(<AnalyticsPage />);
    const table = await screen.findByRole('grid', { name: 'Images' });
    await within(table).findByText('photo-1.jpg');
    const pager = screen.getByRole('navigation', { name: 'Pages of the Images table' });
    await user.click(within(pager).getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(lastAsked(IMAGES)).toMatchObject({ page: 2 }));
    expect(within(table).getByText('photo-1.jpg')).toBeTruthy();
    expect(table.getAttribute('aria-busy')).toBe('true');
    await act(async () => release());
    expect(await within(table).findByText('photo-11.jpg')).toBeTruthy();
    expect(within(table).queryByText('photo-1.jpg')).toBeNull();
  });

  it('lists pages, an unknown page by name, and has no pager for one page', async () => {
    mockShop();
    renderAdmin(<AnalyticsPage />);
    const table = await screen.findByRole('grid', { name: 'Pages' });
    expect(await within(table).findByText('https://site.test/blog/first')).toBeTruthy();
    const unknown = within(table).getByText('Unknown page').closest('tr')!;
    expect(
      within(unknown)
        .getAllByRole('gridcell')
        .map((c) => c.textContent),
    ).toEqual(['Unknown page', '3', '0', '0%', '$0.00']);
    expect(screen.queryByRole('navigation', { name: 'Pages of the Pages table' })).toBeNull();
  });

  it('asks again for another preset and for valid custom dates only', async () => {
    mockShop();
    const user = await showPage();

    await choose(user, 'Period', 'Last 7 days');
    await waitFor(() =>
      expect(lastAsked(OVERVIEW)).toEqual({ from: '2025-03-24', to: '2025-03-30' }),
    );
    expect(lastAsked(IMAGES)).toMatchObject({ from: '2025-03-24', to: '2025-03-30', page: 1 });
    expect(lastAsked(PAGES)).toMatchObject({ from: '2025-03-24', to: '2025-03-30', page: 1 });

    await choose(user, 'Period', 'Custom dates');
    const from = screen.getByLabelText('From') as HTMLInputElement;
    const to = screen.getByLabelText('To') as HTMLInputElement;
    // custom dates start from the period on screen
    expect([from.value, to.value]).toEqual(['2025-03-24', '2025-03-30']);

    const before = asked(OVERVIEW).length;
    await user.clear(from);
    await user.type(from, '2025-04-02');
    expect(
      await screen.findByText('The start date must be on or before the end date.'),
    ).toBeTruthy();
    await user.clear(from);
    await user.type(from, '2023-01-01');
    expect(await screen.findByText('A period is at most 366 days.')).toBeTruthy();
    expect(asked(OVERVIEW).length).toBe(before);

    await user.clear(from);
    await user.type(from, '2025-02-01');
    await waitFor(() =>
      expect(lastAsked(OVERVIEW)).toEqual({ from: '2025-02-01', to: '2025-03-30' }),
    );
    expect(screen.queryByText('A period is at most 366 days.')).toBeNull();
  });

  it('offers the currencies that have sales and asks for the one chosen', async () => {
    mockShop({ currencies: ['eur', 'usd'] });
    const user = await showPage();
    await choose(user, 'Currency', 'EUR');
    await waitFor(() =>
      expect(lastAsked(OVERVIEW)).toEqual({
        from: '2025-03-01',
        to: '2025-03-30',
        currency: 'eur',
      }),
    );
    expect(lastAsked(IMAGES)).toMatchObject({ currency: 'eur' });
    expect(await card('Revenue').findByText('€1,234.56')).toBeTruthy();
  });

  it('says when the period has nothing in it', async () => {
    mockShop({
      ...NO_SALES,
      cost: 0,
      profit: 0,
      refundedSales: 0,
      refundedAmount: 0,
      uniqueCustomers: 0,
    });
    renderAdmin(<AnalyticsPage />);
    expect(await screen.findByText('No sales and no clicks in this period.')).toBeTruthy();
    expect(screen.queryByRole('group', { name: 'Revenue' })).toBeNull();
    expect(screen.queryByRole('grid', { name: 'Images' })).toBeNull();
  });

  it('shows a dash for rates without a base', async () => {
    mockShop({ ...NO_SALES, refundedSales: 1 });
    renderAdmin(<AnalyticsPage />);
    await screen.findByRole('group', { name: 'Margin' });
    expect(card('Margin').getByText('—')).toBeTruthy();
    expect(card('Conversion rate').getByText('—')).toBeTruthy();
    expect(card('Average sale').getByText('—')).toBeTruthy();
  });

  it('shows the server’s message when loading fails, and tries again', async () => {
    let fail = true;
    mockShop();
    mockApi({
      [OVERVIEW]: (req: FakeRequest) =>
        fail ? apiError(400, 'Invalid query') : { body: overview(req.params as Params) },
    });
    const user = userEvent.setup();
    renderAdmin(<AnalyticsPage />);
    const message = await screen.findByText('The analytics could not be loaded: Invalid query');
    const alert = message.closest('[role="alert"]') as HTMLElement;
    expect(alert).toBeTruthy();
    fail = false;
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('group', { name: 'Revenue' })).toBeTruthy();
  });

  it('downloads CSV exports through the authenticated client', async () => {
    mockShop();
    mockApi({ [EXPORT]: () => ({ body: 'paid_at,job_id\r\n' }) });
    const created: Blob[] = [];
    const downloads: string[] = [];
    Object.assign(URL, {
      createObjectURL: (blob: Blob) => (created.push(blob), 'blob:csv'),
      revokeObjectURL: () => undefined,
    });
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      downloads.push(`${this.download} ${this.href}`);
    });
    const user = await showPage();

    await user.click(screen.getByRole('button', { name: 'Export sales (CSV)' }));
    await waitFor(() =>
      expect(downloads).toEqual(['sell-my-images-sales-2025-03-01_2025-03-30.csv blob:csv']),
    );
    expect(lastAsked(EXPORT)).toEqual({ kind: 'sales', from: '2025-03-01', to: '2025-03-30' });
    expect(created[0].type).toBe('text/csv;charset=utf-8');
    expect(await readBlob(created[0])).toBe('paid_at,job_id\r\n');

    const images = await screen.findByRole('grid', { name: 'Images' });
    await user.click(within(images).getByRole('button', { name: 'Sales' }));
    await user.click(screen.getByRole('button', { name: 'Export CSV: Images' }));
    await waitFor(() =>
      expect(lastAsked(EXPORT)).toEqual({
        kind: 'images',
        from: '2025-03-01',
        to: '2025-03-30',
        sort: 'sales:desc',
      }),
    );
    await waitFor(() =>
      expect(downloads.at(-1)).toBe('sell-my-images-images-2025-03-01_2025-03-30.csv blob:csv'),
    );
  });

  it('tells the admin when an export fails', async () => {
    mockShop();
    mockApi({
      [EXPORT]: () => apiError(500, 'Internal Server Error'),
    });
    const user = await showPage();
    await user.click(screen.getByRole('button', { name: 'Export CSV: Pages' }));
    await waitFor(() =>
      expect(adminState.notifications).toEqual([
        { type: 'danger', message: 'The export failed: Internal Server Error' },
      ]),
    );
  });

  it('speaks French', async () => {
    mockShop();
    await act(async () => {
      renderAdmin(<AnalyticsPage />, { locale: 'fr' });
    });
    expect(await screen.findByRole('group', { name: 'Chiffre d’affaires' })).toBeTruthy();
    expect(card('Chiffre d’affaires').getByText(/1\s234,56\s\$US/)).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Taux de conversion' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Exporter les ventes (CSV)' })).toBeTruthy();
    expect(await screen.findByRole('grid', { name: 'Images' })).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Période' })).toBeTruthy();
  });
});
