import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import JobsPage from '../../admin/src/pages/JobsPage';
import { adminState, apiError, mockApi, type FakeRequest } from './support/admin-test-state';
import { renderAdmin } from './support/render';
import { choose } from './support/ui';
import { listAnswer, makeJob, queryOf } from './jobs/fixtures';

const LIST = 'GET /sell-my-images/jobs';
const listRequests = () =>
  adminState.requests.filter((r) => r.method === 'GET' && r.url.startsWith('/sell-my-images/jobs'));
const lastQuery = () => queryOf(listRequests().at(-1)!.url);

/** Serves `jobs` and records every list request. */
function serve(
  jobs = [
    makeJob(),
    makeJob({
      status: 'failed',
      paymentStatus: 'refunded',
      email: 'second@example.test',
      amount: 500,
      currency: 'eur',
    }),
  ],
  pagination = {},
) {
  mockApi({ [LIST]: listAnswer(jobs, pagination) });
  return jobs;
}

// Several user-event interactions per test on a shared, slow machine.
jest.setTimeout(30_000);

describe('jobs page', () => {
  it('renders one row per job with its thumbnail, customer, badges, resolution, amount and date', async () => {
    const [first] = serve();
    renderAdmin(<JobsPage />);
    // The design system's table is an ARIA grid (arrow-key navigation between cells).
    const table = await screen.findByRole('grid', { name: 'Jobs' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const cells = within(rows[0]).getAllByRole('gridcell');
    expect(within(cells[0]).getByRole('link', { name: first.jobId }).getAttribute('href')).toBe(
      `/${first.jobId}`,
    );
    expect(within(cells[1]).getByRole('img', { name: 'sunset.png' }).getAttribute('src')).toBe(
      '/uploads/thumbnail_sunset.png',
    );
    expect(cells.slice(2).map((cell) => cell.textContent)).toEqual([
      first.email,
      'Completed',
      'Paid',
      'Sent',
      '4x',
      '$1.92',
      expect.stringContaining('2030'),
    ]);
    expect(within(rows[1]).getByText('Failed')).toBeTruthy();
    expect(within(rows[1]).getByText('Refunded')).toBeTruthy();
    expect(within(rows[1]).getByText('€5.00')).toBeTruthy();
    expect(screen.getByText('2 jobs')).toBeTruthy();
    expect(lastQuery()).toEqual({ page: '1', pageSize: '25', sort: 'createdAt:desc' });
  });

  it('requests what the URL says: filters, search, dates as whole local days, sort and page', async () => {
    serve([makeJob()], { page: 2, total: 30 });
    renderAdmin(<JobsPage />, {
      url: '/?status=failed&paymentStatus=refunded&q=buyer%2Bx%40example.test&from=2030-01-01&to=2030-01-31&sort=amount:asc&page=2',
    });
    await screen.findByRole('link', { name: /^3f2c1b8e/ });
    expect(lastQuery()).toEqual({
      status: 'failed',
      paymentStatus: 'refunded',
      q: 'buyer+x@example.test',
      from: new Date(2030, 0, 1, 0, 0, 0, 0).toISOString(),
      to: new Date(2030, 0, 31, 23, 59, 59, 999).toISOString(),
      sort: 'amount:asc',
      page: '2',
      pageSize: '25',
    });
    expect((screen.getByLabelText('Search jobs') as HTMLInputElement).value).toBe(
      'buyer+x@example.test',
    );
    expect(screen.getByRole('combobox', { name: 'Status' }).textContent).toContain('Failed');
  });

  it('ignores URL values the API would refuse instead of asking for a 400', async () => {
    serve();
    renderAdmin(<JobsPage />, {
      url: '/?status=bogus&sort=ipHash:asc&page=-3&pageSize=7&from=yesterday',
    });
    await screen.findAllByRole('link', { name: /^3f2c1b8e/ });
    expect(lastQuery()).toEqual({ page: '1', pageSize: '25', sort: 'createdAt:desc' });
  });

  it('filters by status and payment status from the labelled selects, back to page 1', async () => {
    const user = userEvent.setup();
    serve([makeJob()], { page: 3, total: 80 });
    renderAdmin(<JobsPage />, { url: '/?page=3' });
    await screen.findByRole('link', { name: /^3f2c1b8e/ });
    await choose(user, 'Status', 'Failed');
    await waitFor(() => expect(lastQuery()).toMatchObject({ status: 'failed', page: '1' }));
    await choose(user, 'Payment status', 'Partially refunded');
    await waitFor(() =>
      expect(lastQuery()).toMatchObject({ status: 'failed', paymentStatus: 'partially_refunded' }),
    );
    await choose(user, 'Status', 'All statuses');
    await waitFor(() => expect(lastQuery().status).toBeUndefined());
    expect(lastQuery().paymentStatus).toBe('partially_refunded');
  });

  it('shows where each job’s e-mail stands and filters by it', async () => {
    const user = userEvent.setup();
    serve([makeJob({ emailStatus: 'failed' }), makeJob({ emailStatus: 'retrying' })]);
    renderAdmin(<JobsPage />, { url: '/?emailStatus=retrying' });
    const table = await screen.findByRole('grid', { name: 'Jobs' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(within(rows[0]).getByText('Not delivered')).toBeTruthy();
    expect(within(rows[1]).getByText('Retrying')).toBeTruthy();
    expect(lastQuery()).toMatchObject({ emailStatus: 'retrying' });
    await choose(user, 'E-mail', 'Not delivered');
    await waitFor(() => expect(lastQuery()).toMatchObject({ emailStatus: 'failed', page: '1' }));
    await choose(user, 'E-mail', 'All e-mail statuses');
    await waitFor(() => expect(lastQuery().emailStatus).toBeUndefined());
  });

  it('filters by a date range, and explains a backwards one instead of requesting it', async () => {
    const user = userEvent.setup();
    serve();
    renderAdmin(<JobsPage />);
    await screen.findAllByRole('link', { name: /^3f2c1b8e/ });
    await user.type(screen.getByLabelText('Created from'), '2030-03-10');
    await waitFor(() => expect(lastQuery().from).toBe(new Date(2030, 2, 10).toISOString()));
    const before = listRequests().length;
    await user.type(screen.getByLabelText('Created to'), '2030-03-01');
    expect(await screen.findByText('The start date is after the end date.')).toBeTruthy();
    expect(listRequests()).toHaveLength(before);
    expect(screen.queryByRole('grid')).toBeNull();
  });

  it('debounces the search: one request when typing stops, not one per key', async () => {
    const user = userEvent.setup();
    serve();
    renderAdmin(<JobsPage />);
    await screen.findAllByRole('link', { name: /^3f2c1b8e/ });
    const before = listRequests().length;
    await user.type(screen.getByLabelText('Search jobs'), 'pi_test_42');
    await waitFor(() => expect(lastQuery().q).toBe('pi_test_42'));
    // let a would-be second debounce fire: still exactly one new request
    await act(() => new Promise((resolve) => setTimeout(resolve, 400)));
    expect(
      listRequests()
        .slice(before)
        .map((r) => queryOf(r.url).q),
    ).toEqual(['pi_test_42']);
  });

  it('sorts by a column header: first click descending for amounts, second ascending', async () => {
    const user = userEvent.setup();
    serve();
    renderAdmin(<JobsPage />);
    await screen.findAllByRole('link', { name: /^3f2c1b8e/ });
    const header = () => screen.getByRole('button', { name: 'Amount' });
    expect(header().closest('th')!.getAttribute('aria-sort')).toBe('none');
    await user.click(header());
    await waitFor(() => expect(lastQuery().sort).toBe('amount:desc'));
    await waitFor(() =>
      expect(header().closest('th')!.getAttribute('aria-sort')).toBe('descending'),
    );
    await user.click(header());
    await waitFor(() => expect(lastQuery().sort).toBe('amount:asc'));
    await user.click(await screen.findByRole('button', { name: 'Customer' }));
    await waitFor(() => expect(lastQuery().sort).toBe('email:asc'));
  });

  it('pages through the list with page links and changes the page size', async () => {
    const user = userEvent.setup();
    mockApi({
      [LIST]: (request: FakeRequest) => ({
        body: listAnswer([makeJob()], {
          page: Number(queryOf(request.url).page),
          pageSize: Number(queryOf(request.url).pageSize),
          total: 120,
        }),
      }),
    });
    renderAdmin(<JobsPage />);
    await screen.findByRole('link', { name: /^3f2c1b8e/ });
    expect(screen.getByRole('link', { name: 'Go to page 5' })).toBeTruthy();
    await user.click(screen.getByRole('link', { name: 'Go to page 2' }));
    await waitFor(() => expect(lastQuery().page).toBe('2'));
    await user.click(await screen.findByRole('link', { name: 'Go to next page' }));
    await waitFor(() => expect(lastQuery().page).toBe('3'));
    await choose(user, 'Jobs per page', '50');
    await waitFor(() => expect(lastQuery()).toMatchObject({ pageSize: '50', page: '1' }));
  });

  it('keeps the page on screen, marked busy, while the next one loads', async () => {
    const user = userEvent.setup();
    let release = () => undefined as void;
    mockApi({
      [LIST]: (request: FakeRequest) => {
        const page = Number(queryOf(request.url).page);
        const body = listAnswer([makeJob({ email: `page${page}@example.test` })], {
          page,
          total: 120,
        });
        if (page === 1) return { body };
        return new Promise((resolve) => {
          release = () => resolve({ body });
        });
      },
    });
    renderAdmin(<JobsPage />);
    expect(await screen.findByText('page1@example.test')).toBeTruthy();
    await user.click(screen.getByRole('link', { name: 'Go to page 2' }));
    await waitFor(() => expect(lastQuery().page).toBe('2'));
    // The previous page stays (no loader in its place) until the next one is there.
    const grid = screen.getByRole('grid', { name: 'Jobs' });
    expect(within(grid).getByText('page1@example.test')).toBeTruthy();
    expect(screen.queryByText('Loading jobs…')).toBeNull();
    expect(grid.closest('[aria-busy]')?.getAttribute('aria-busy')).toBe('true');
    await act(async () => release());
    expect(await screen.findByText('page2@example.test')).toBeTruthy();
    expect(screen.queryByText('page1@example.test')).toBeNull();
    expect(grid.closest('[aria-busy]')?.getAttribute('aria-busy')).toBe('false');
  });

  it('goes to the last page when the URL points past it', async () => {
    const answer = (request: FakeRequest) => {
      const page = Number(queryOf(request.url).page);
      return { body: listAnswer(page > 2 ? [] : [makeJob()], { page, total: 40 }) };
    };
    mockApi({ [LIST]: answer });
    renderAdmin(<JobsPage />, { url: '/?page=9' });
    await waitFor(() => expect(lastQuery().page).toBe('2'));
    expect(await screen.findByRole('link', { name: /^3f2c1b8e/ })).toBeTruthy();
    expect(listRequests().map((r) => queryOf(r.url).page)).toEqual(['9', '2']);
  });

  it('says so when no job matches, and offers to try again after an error', async () => {
    const user = userEvent.setup();
    let fail = true;
    mockApi({
      [LIST]: () => (fail ? apiError(500, 'Internal Server Error') : { body: listAnswer([]) }),
    });
    renderAdmin(<JobsPage />, { url: '/?status=failed' });
    expect(
      await screen.findByText('The jobs could not be loaded: Internal Server Error'),
    ).toBeTruthy();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('No job matches these filters.')).toBeTruthy();
  });

  it('renders in French', async () => {
    serve();
    renderAdmin(<JobsPage />, { locale: 'fr' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Commandes' })).toBeTruthy();
    await screen.findAllByRole('link', { name: /^3f2c1b8e/ });
    expect(screen.getByRole('button', { name: 'Montant' })).toBeTruthy();
    expect(screen.getByLabelText('Rechercher des commandes')).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Statut du paiement' })).toBeTruthy();
    expect(screen.getByText('Terminée')).toBeTruthy();
    expect(screen.getByText('2 commandes')).toBeTruthy();
    // no message id leaks through untranslated
    expect(document.body.textContent).not.toMatch(/jobs\.[a-z]/);
  });
});
