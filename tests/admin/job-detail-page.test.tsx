import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import JobDetailPage from '../../admin/src/pages/JobDetailPage';
import { adminState, apiError, grant, mockApi } from './support/admin-test-state';
import { renderAdmin } from './support/render';
import { detailAnswer, makeJob } from './jobs/fixtures';

jest.setTimeout(30_000);

const DETAIL = 'GET /sell-my-images/jobs/:jobId';
const detailRequests = () =>
  adminState.requests.filter(
    (r) => r.method === 'GET' && /^\/sell-my-images\/jobs\/[^/]+$/.test(r.url),
  );
const posts = () => adminState.requests.filter((r) => r.method === 'POST');

function open(
  job = makeJob(),
  actions?: Parameters<typeof detailAnswer>[1],
  locale: 'en' | 'fr' = 'en',
) {
  mockApi({ [DETAIL]: detailAnswer(job, actions) });
  renderAdmin(<JobDetailPage />, { url: `/jobs/${job.jobId}`, path: '/jobs/:jobId', locale });
  return job;
}

describe('job detail page', () => {
  it('shows every field grouped, and the timeline as an ordered list', async () => {
    const job = open(makeJob({ errorMessage: 'Upscaler said no' }));
    expect(await screen.findByRole('heading', { level: 1, name: `Job ${job.jobId}` })).toBeTruthy();
    expect(detailRequests().map((r) => r.url)).toEqual([`/sell-my-images/jobs/${job.jobId}`]);

    const customer = await screen.findByRole('region', { name: 'Customer' });
    expect(within(customer).getByText(job.email)).toBeTruthy();
    const payment = screen.getByRole('region', { name: 'Payment' });
    expect(within(payment).getByText('$1.92')).toBeTruthy();
    expect(within(payment).getByText(job.stripePaymentIntentId)).toBeTruthy();
    expect(within(payment).getByText('Paid')).toBeTruthy();
    const image = screen.getByRole('region', { name: 'Image' });
    expect(within(image).getByRole('img', { name: 'sunset.png' }).getAttribute('src')).toBe(
      '/uploads/thumbnail_sunset.png',
    );
    expect(within(image).getByText('2000 × 1600 px')).toBeTruthy();
    expect(
      within(screen.getByRole('region', { name: 'Processing' })).getByText('Upscaler said no'),
    ).toBeTruthy();
    expect(
      within(screen.getByRole('region', { name: 'Delivery' })).getByText(job.storedFileKey),
    ).toBeTruthy();

    const timeline = screen.getByRole('list', { name: 'Timeline' });
    expect(timeline.tagName).toBe('OL');
    const items = within(timeline)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items).toHaveLength(5);
    expect(items[0]).toContain('Created as Awaiting payment');
    expect(items[1]).toContain('Awaiting payment → Pending');
    expect(items[1]).toContain('by Stripe');
    expect(items[1]).toContain('Reason: checkout.session.completed');
    expect(items[3]).toContain('Processing → Completed');
    expect(items[4]).toContain('Completed (no status change)');
    expect(items[4]).toContain('by admin #3');
  });

  it('shows a processing job’s progress bar, tile count, last update and how its image is made', async () => {
    open(
      makeJob({
        status: 'processing',
        upscaler: 'local-ai',
        upscalerDetail: 'ESRGAN slim 4x + Lanczos 2x',
        progressDone: 12,
        progressTotal: 40,
        progress: 30,
        progressUpdatedAt: new Date(Date.now() - 5_000).toISOString(),
        completedAt: null,
      }),
    );
    const processing = await screen.findByRole('region', { name: 'Processing' });
    const bar = within(processing).getByRole('progressbar', { name: 'Upscaling progress' });
    expect(bar.getAttribute('aria-valuenow')).toBe('30');
    expect(within(processing).getByText('12 of 40 tiles (30 %)')).toBeTruthy();
    expect(within(processing).getByText(/^updated [5-9] s ago$/)).toBeTruthy();
    expect(within(processing).getByText('Method').nextElementSibling?.textContent).toBe(
      'ESRGAN slim 4x + Lanczos 2x',
    );
  });

  it('shows no progress bar once the job is no longer processing, nor a method it does not have', async () => {
    open(
      makeJob({
        status: 'completed',
        progressDone: 40,
        progressTotal: 40,
        progress: 100,
        progressUpdatedAt: '2030-01-01T10:03:00.000Z',
      }),
    );
    const processing = await screen.findByRole('region', { name: 'Processing' });
    expect(within(processing).queryByRole('progressbar')).toBeNull();
    expect(within(processing).queryByText(/tiles/)).toBeNull();
    expect(within(processing).queryByText('Method')).toBeNull();
  });

  it('asks for confirmation, then calls the API, notifies and reloads the job', async () => {
    const user = userEvent.setup();
    const job = makeJob({ status: 'failed', errorCode: 'internal_error' });
    mockApi({
      'POST /sell-my-images/jobs/:jobId/retry': detailAnswer({ ...job, status: 'pending' }),
    });
    open(job, { retry: true, refund: true });
    await user.click(await screen.findByRole('button', { name: 'Retry' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Retry this job?' });
    expect(posts()).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Confirm retry' }));
    await waitFor(() =>
      expect(posts().map((r) => r.url)).toEqual([`/sell-my-images/jobs/${job.jobId}/retry`]),
    );
    await waitFor(() =>
      expect(adminState.notifications).toEqual([
        { type: 'success', message: 'The job is back in the queue.' },
      ]),
    );
    await waitFor(() => expect(detailRequests()).toHaveLength(2));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  });

  it('shows the job’s e-mails: attempts, last error and next attempt of one being retried', async () => {
    const job = makeJob({ emailStatus: 'retrying' });
    mockApi({
      [DETAIL]: detailAnswer(
        job,
        {},
        {
          mails: [
            {
              id: 2,
              kind: 'link',
              status: 'pending',
              attempts: 3,
              nextAttemptAt: '2030-01-01T12:00:00.000Z',
              lastError: 'Message failed: 451 Service unavailable',
              linkExpiresAt: '2031-01-02T10:00:00.000Z',
              sentAt: null,
              createdAt: '2030-01-01T11:00:00.000Z',
            },
            {
              id: 1,
              kind: 'reminder',
              status: 'cancelled',
              attempts: 0,
              nextAttemptAt: null,
              lastError: 'a newer link replaced it',
              linkExpiresAt: '2030-12-02T10:00:00.000Z',
              sentAt: null,
              createdAt: '2030-01-01T10:04:00.000Z',
            },
          ],
        },
      ),
    });
    renderAdmin(<JobDetailPage />, { url: `/jobs/${job.jobId}`, path: '/jobs/:jobId' });
    const list = await screen.findByRole('list', { name: 'E-mails' });
    const [retrying, cancelled] = within(list).getAllByRole('listitem');
    expect(within(retrying).getByText('Download link')).toBeTruthy();
    expect(within(retrying).getByText('Retrying')).toBeTruthy();
    expect(within(retrying).getByText(/3 attempts/)).toBeTruthy();
    expect(within(retrying).getByText(/^Next attempt: /)).toBeTruthy();
    expect(
      within(retrying).getByText('Last error: Message failed: 451 Service unavailable'),
    ).toBeTruthy();
    expect(within(cancelled).getByText('Cancelled')).toBeTruthy();
    expect(within(cancelled).queryByText(/^Next attempt/)).toBeNull();
  });

  it('says the e-mail is queued when the provider refused a resend', async () => {
    const user = userEvent.setup();
    const job = makeJob();
    mockApi({
      'POST /sell-my-images/jobs/:jobId/resend': detailAnswer(job, {}, { mail: 'retrying' }),
    });
    open(job, { resend: true });
    await user.click(await screen.findByRole('button', { name: 'Resend e-mail' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Resend the download e-mail?' });
    await user.click(within(dialog).getByRole('button', { name: 'Confirm resend' }));
    await waitFor(() =>
      expect(adminState.notifications).toEqual([
        {
          type: 'info',
          message:
            'The mail provider refused the e-mail for now; it is queued and retried automatically.',
        },
      ]),
    );
  });

  it('reads the job again after an action and shows its new state and actions', async () => {
    const user = userEvent.setup();
    const job = makeJob({ status: 'failed', errorCode: 'internal_error' });
    let current = detailAnswer(job, { retry: true });
    mockApi({
      [DETAIL]: () => ({ body: current }),
      'POST /sell-my-images/jobs/:jobId/retry': () => {
        current = detailAnswer({ ...job, status: 'pending' }, { retry: false });
        return { body: current };
      },
    });
    renderAdmin(<JobDetailPage />, { url: `/jobs/${job.jobId}`, path: '/jobs/:jobId' });
    const payment = await screen.findByRole('region', { name: 'Payment' });
    expect(within(payment).getByText('Failed')).toBeTruthy();
    await user.click(await screen.findByRole('button', { name: 'Retry' }));
    await user.click(await screen.findByRole('button', { name: 'Confirm retry' }));
    await waitFor(() =>
      expect(
        within(screen.getByRole('region', { name: 'Payment' })).getByText('Pending'),
      ).toBeTruthy(),
    );
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(detailRequests()).toHaveLength(2);
  });

  it('does nothing when the confirmation is cancelled', async () => {
    const user = userEvent.setup();
    open(makeJob(), { resend: true, newLink: true, refund: true });
    await user.click(await screen.findByRole('button', { name: 'Refund' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Refund this job?' });
    expect(within(dialog).getByRole('button', { name: 'Confirm refund' })).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(posts()).toHaveLength(0);
    expect(adminState.notifications).toHaveLength(0);
  });

  it('shows the server message when an action is refused', async () => {
    const user = userEvent.setup();
    const job = makeJob();
    mockApi({
      'POST /sell-my-images/jobs/:jobId/resend': () =>
        apiError(409, 'The link has expired; issue a new link instead'),
    });
    open(job, { resend: true });
    await user.click(await screen.findByRole('button', { name: 'Resend e-mail' }));
    await user.click(await screen.findByRole('button', { name: 'Confirm resend' }));
    await waitFor(() =>
      expect(adminState.notifications).toEqual([
        {
          type: 'danger',
          message: 'The action failed: The link has expired; issue a new link instead',
        },
      ]),
    );
  });

  it('says when a refund had already been made', async () => {
    const user = userEvent.setup();
    const job = makeJob();
    mockApi({
      'POST /sell-my-images/jobs/:jobId/refund': {
        data: { outcome: 'already_refunded', ...detailAnswer(job).data },
      },
    });
    open(job, { refund: true });
    await user.click(await screen.findByRole('button', { name: 'Refund' }));
    await user.click(await screen.findByRole('button', { name: 'Confirm refund' }));
    await waitFor(() =>
      expect(adminState.notifications).toEqual([
        { type: 'info', message: 'This payment had already been refunded.' },
      ]),
    );
  });

  it('shows only the actions the job state allows', async () => {
    open(makeJob(), { resend: true, newLink: true, refund: false, retry: false });
    await screen.findByRole('button', { name: 'Resend e-mail' });
    expect(screen.getByRole('button', { name: 'New link' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Refund' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('hides the refund button from a role without jobs.refund', async () => {
    grant(['read', 'jobs.read', 'jobs.retry']);
    open(makeJob(), { resend: true, newLink: true, refund: true });
    await screen.findByRole('button', { name: 'Resend e-mail' });
    expect(screen.queryByRole('button', { name: 'Refund' })).toBeNull();
  });

  it('hides retry, resend and new link from a role without jobs.retry', async () => {
    grant(['read', 'jobs.read', 'jobs.refund']);
    open(makeJob({ status: 'failed' }), { retry: true, resend: true, newLink: true, refund: true });
    await screen.findByRole('button', { name: 'Refund' });
    for (const name of ['Retry', 'Resend e-mail', 'New link'])
      expect(screen.queryByRole('button', { name })).toBeNull();
  });

  it('says when there is no such job', async () => {
    mockApi({
      [DETAIL]: () => apiError(404, 'No job with this id'),
    });
    renderAdmin(<JobDetailPage />, {
      url: '/jobs/3f2c1b8e-3d4a-4c5b-9e7f-0a1b2c3d4e5f',
      path: '/jobs/:jobId',
    });
    expect(await screen.findByText('There is no job with this id.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to jobs' }).getAttribute('href')).toBe('/jobs');
  });

  it('renders in French', async () => {
    const user = userEvent.setup();
    const job = open(makeJob(), { resend: true, newLink: true, refund: true }, 'fr');
    expect(
      await screen.findByRole('heading', { level: 1, name: `Commande ${job.jobId}` }),
    ).toBeTruthy();
    expect(await screen.findByRole('region', { name: 'Livraison' })).toBeTruthy();
    expect(
      within(screen.getByRole('list', { name: 'Historique' })).getAllByRole('listitem')[1]
        .textContent,
    ).toContain('En attente de paiement → En file d’attente');
    await user.click(await screen.findByRole('button', { name: 'Rembourser' }));
    expect(await screen.findByRole('button', { name: 'Confirmer le remboursement' })).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/jobs\.[a-z]/);
  });
});
