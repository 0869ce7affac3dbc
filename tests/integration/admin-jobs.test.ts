import { createRestrictedAdmin } from './helpers/admin';
import { buy, jobRow, openShop, startCheckout, strapiError, type Shop } from './helpers/shop';
import { until } from './helpers/wait';

/**
 * The admin job API the Jobs pages use (docs/architecture.md "Admin panel"): thumbnails in the rows,
 * the sortable columns, the actions a job's state allows, 400 for a bad query in
 * Strapi's error shape, and RBAC (403) for a role without `jobs.refund`.
 */
describe(`admin job API (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  const ids: Record<'completed' | 'awaiting' | 'failed', string> = {
    completed: '',
    awaiting: '',
    failed: '',
  };

  const job = (jobId: string) => jobRow(shop, jobId);
  const list = async (query: string) => {
    const res = await shop.adminApi(`/jobs?${query}`);
    expect(res.status).toBe(200);
    return (await res.json()).data as { results: any[]; pagination: any };
  };
  const checkout = async (fileId: string, resolution: string, email: string) =>
    (await startCheckout(shop, { fileId, resolution, email })).jobId;

  beforeAll(async () => {
    shop = await openShop('admin-jobs', { SMI_UPSCALER: 'sharp' });
    ids.completed = (
      await buy(shop, {
        fileId: shop.images.small.documentId,
        resolution: '4x',
        email: 'carol@example.test',
      })
    ).jobId;
    await until(
      () => job(ids.completed),
      (row) => row.status === 'completed',
      60_000,
    );
    ids.awaiting = await checkout(shop.images.medium.documentId, '8x', 'alice@example.test');
    ids.failed = await checkout(shop.images.medium.documentId, '4x', 'bob@example.test');
    // A paid job that failed for good but was not refunded yet (e.g. Stripe was down).
    await shop
      .db('smi_jobs')
      .where({ job_id: ids.failed })
      .update({ status: 'failed', payment_status: 'paid', error_code: 'internal_error' });
  });
  afterAll(async () => shop?.close());

  it('gives every row the thumbnail of its media-library file, found in one batch', async () => {
    const { results } = await list('pageSize=10');
    expect(results.map((r) => r.jobId).sort()).toEqual(Object.values(ids).sort());
    for (const row of results) {
      const file = await shop.db('files').where({ id: row.fileId }).first();
      const formats = typeof file.formats === 'string' ? JSON.parse(file.formats) : file.formats;
      expect(formats?.thumbnail?.url).toMatch(/^\/uploads\/thumbnail_/);
      expect(row.thumbnailUrl).toBe(formats.thumbnail.url);
      expect(row.fileUrl).toBe(file.url);
      expect(row.fileName).toBe(file.name);
      expect(row).not.toHaveProperty('downloadTokenHash');
      expect(row).not.toHaveProperty('leaseOwner');
    }
    const thumbnail = await fetch(`${shop.app.url}${results[0].thumbnailUrl}`);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toMatch(/^image\//);
  });

  it('sorts by e-mail, status, payment status and resolution, both ways', async () => {
    const emails = (await list('sort=email:asc')).results.map((r) => r.email);
    expect(emails).toEqual(['alice@example.test', 'bob@example.test', 'carol@example.test']);
    expect((await list('sort=email:desc')).results.map((r) => r.email)).toEqual(
      [...emails].reverse(),
    );
    expect((await list('sort=status:asc')).results.map((r) => r.status)).toEqual([
      'awaiting_payment',
      'completed',
      'failed',
    ]);
    // status sorts in the order of a job's life, and pages across statuses
    expect((await list('sort=status:desc')).results.map((r) => r.status)).toEqual([
      'failed',
      'completed',
      'awaiting_payment',
    ]);
    expect((await list('sort=status:asc&pageSize=1&page=2')).results.map((r) => r.status)).toEqual([
      'completed',
    ]);
    const tail = await list('sort=status:desc&pageSize=2&page=2&paymentStatus=paid');
    expect([tail.results.map((r) => r.status), tail.pagination.total]).toEqual([[], 2]);
    const resolutions = (await list('sort=resolution:desc')).results.map((r) => r.resolution);
    expect(resolutions[0]).toBe('8x');
    expect((await list('sort=paymentStatus:asc')).results.map((r) => r.paymentStatus)).toEqual([
      'paid',
      'paid',
      'unpaid',
    ]);
  });

  it('finds a job by a pasted prefix of its id, and takes a date-only `to` as the whole day', async () => {
    expect((await list(`q=${ids.awaiting.slice(0, 8)}`)).results.map((r) => r.jobId)).toEqual([
      ids.awaiting,
    ]);
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await list(`from=${today}&to=${today}`)).pagination.total).toBe(3);
    expect((await list(`from=${tomorrow}`)).pagination.total).toBe(0);
    const paged = await list('pageSize=2&page=2&sort=email:asc');
    expect(paged.results.map((r) => r.email)).toEqual(['carol@example.test']);
    expect(paged.pagination).toEqual({ page: 2, pageSize: 2, total: 3, pageCount: 2 });
  });

  it('says in the detail which actions the job state allows, and the handlers agree', async () => {
    const detail = async (jobId: string) =>
      (await (await shop.adminApi(`/jobs/${jobId}`)).json()).data;
    const completed = await detail(ids.completed);
    expect(completed.actions).toEqual({ retry: false, resend: true, newLink: true, refund: true });
    expect(completed.job.thumbnailUrl).toMatch(/^\/uploads\/thumbnail_/);
    expect(completed.timeline.map((t: any) => t.toStatus)).toEqual([
      'awaiting_payment',
      'pending',
      'processing',
      'completed',
    ]);
    expect((await detail(ids.awaiting)).actions).toEqual({
      retry: false,
      resend: false,
      newLink: false,
      refund: false,
    });
    expect((await detail(ids.failed)).actions).toEqual({
      retry: true,
      resend: false,
      newLink: false,
      refund: true,
    });

    // what the detail says is not allowed, the action refuses with 409 in Strapi's shape
    const refused = await shop.adminApi(`/jobs/${ids.awaiting}/resend`, { method: 'POST' });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual(
      strapiError(409, 'ConflictError', 'Only completed jobs have a link to send'),
    );
    expect((await shop.adminApi(`/jobs/${ids.completed}/retry`, { method: 'POST' })).status).toBe(
      409,
    );

    // after a refund, the answer carries the new state: no refund, no retry, and the
    // delivery is revoked, so no resend and no new link either
    const refund = await shop.adminApi(`/jobs/${ids.completed}/refund`, { method: 'POST' });
    expect(refund.status).toBe(200);
    const refunded = (await refund.json()).data;
    expect(refunded.outcome).toBe('refunded');
    expect(refunded.actions).toEqual({
      retry: false,
      resend: false,
      newLink: false,
      refund: false,
    });
  });

  it('answers 400 in Strapi error shape for a bad query, 400/404 for a bad job id, never a 500', async () => {
    const bad = [
      'sort=ipHash:asc',
      'sort=email',
      'page=0',
      'page=abc',
      'page=',
      'pageSize=101',
      'status=completed&status=failed',
      'paymentStatus=free',
      'from=2030-02-01&to=2030-01-01',
      'from=yesterday',
      'q[$ne]=x',
      'foo=1',
    ];
    for (const query of bad) {
      const res = await shop.adminApi(`/jobs?${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      const body = await res.json();
      expect(body).toMatchObject({
        data: null,
        error: { status: 400, name: 'ValidationError', message: 'Invalid query' },
      });
      expect(body.error.details.errors.length).toBeGreaterThan(0);
    }
    expect((await shop.adminApi('/jobs/not-a-uuid')).status).toBe(400);
    expect((await shop.adminApi('/jobs/3f2c1b8e-3d4a-4c5b-9e7f-0a1b2c3d4e5f')).status).toBe(404);
    expect(
      (await shop.adminApi('/jobs/3f2c1b8e-3d4a-4c5b-9e7f-0a1b2c3d4e5f/refund', { method: 'POST' }))
        .status,
    ).toBe(404);
  });

  it('refuses refunds (403) to a role without jobs.refund, and still lets it read and resend', async () => {
    const { token } = await createRestrictedAdmin(shop.app, shop.admin.token, {
      role: 'Job clerk',
      actions: ['read', 'jobs.read', 'jobs.retry'],
      email: 'clerk@example.test',
    });
    const asClerk = (path: string, method = 'GET') =>
      fetch(`${shop.app.url}/sell-my-images${path}`, {
        method,
        headers: { authorization: `Bearer ${token}` },
      });

    expect((await asClerk('/jobs')).status).toBe(200);
    const refund = await asClerk(`/jobs/${ids.failed}/refund`, 'POST');
    expect(refund.status).toBe(403);
    expect((await refund.json()).error).toMatchObject({ status: 403 });
    expect((await job(ids.failed)).payment_status).toBe('paid');
    // jobs.retry also covers resending the e-mail: the clerk gets past the permission
    // check, and the job's state answers (it was refunded above, so delivery is revoked)
    const resend = await asClerk(`/jobs/${ids.completed}/resend`, 'POST');
    expect(resend.status).toBe(409);
    expect((await resend.json()).error.message).toMatch(/delivery is revoked/);
    expect((await asClerk('/settings')).status).toBe(403);
  });
});
