import { isoDay, DAY_MS } from '../../shared/utc-days';
import { buy, jobRow, openShop, postJson, type Shop } from './helpers/shop';
import { until } from './helpers/wait';

/**
 * The buyer's funnel in the analytics (docs/architecture.md "Previews, cart and purchases"):
 * clicks of each kind through `POST /clicks`, checkouts that saw the preview, and cart orders
 * (jobs sharing an orderId, seeded as the cart stores them). The buy-button figures (clicks,
 * conversion, rankings) count buy clicks only, old rows without a kind included.
 */
const JOB = 'plugin::sell-my-images.job';

describe(`analytics funnel (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  let currency: string;
  const now = Date.now();
  // yesterday to tomorrow: whatever the clock does during the test, everything is inside
  const PERIOD = `from=${isoDay(now - DAY_MS)}&to=${isoDay(now + DAY_MS)}`;
  const click = (body: Record<string, unknown>) => shop.api('/clicks', postJson(body));
  const overview = async () => {
    const res = await shop.adminApi(`/analytics/overview?${PERIOD}&currency=${currency}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { data: Record<string, unknown> }).data;
  };
  let seeded = 0;
  const seedJob = async (job: {
    orderId: string;
    line: number;
    size: number;
    paymentStatus: 'paid' | 'partially_refunded' | 'refunded';
    currency?: string;
    previewed?: boolean;
  }) => {
    seeded += 1;
    const refunded = job.paymentStatus === 'refunded';
    const created = await shop.app.testSupport('POST', `/documents/${JOB}`, {
      data: {
        jobId: `00000000-0000-4000-8000-${String(seeded).padStart(12, '0')}`,
        fileId: shop.images.small.id,
        fileName: shop.images.small.name,
        resolution: '4x',
        scale: 4,
        status: refunded ? 'failed' : 'completed',
        paymentStatus: job.paymentStatus,
        amount: 1000,
        amountRefunded: refunded ? 1000 : job.paymentStatus === 'partially_refunded' ? 200 : 0,
        currency: job.currency ?? currency,
        costAmount: 10,
        paidAt: new Date(now).toISOString(),
        email: 'cart@example.test',
        orderId: job.orderId,
        orderLine: job.line,
        orderSize: job.size,
        previewed: job.previewed ?? false,
      },
    });
    expect(created.status).toBe(201);
  };

  beforeAll(async () => {
    shop = await openShop('analytics-funnel');
    const { large, medium, small } = shop.images;

    // buy clicks: two without a kind (the default), one named; one more made old-style below
    for (const body of [
      { fileId: large.documentId },
      { fileId: large.documentId, sourcePage: '/gallery' },
      { fileId: medium.documentId, kind: 'buy' },
      { fileId: small.documentId, kind: 'buy' },
      { fileId: large.documentId, kind: 'preview' },
      { fileId: large.documentId, kind: 'preview' },
      { fileId: medium.documentId, kind: 'preview' },
      { fileId: medium.documentId, kind: 'cart_add' },
      { fileId: small.documentId, kind: 'cart_add' },
    ]) {
      expect((await click(body)).status).toBe(204);
    }
    // a click stored before clicks had a kind
    const oldStyle = { file_id: small.id, kind: 'buy' };
    expect(await shop.db('smi_clicks').where(oldStyle).update({ kind: null })).toBe(1);

    // one checkout after the preview, one without
    const previewed = await buy(shop, {
      fileId: large.documentId,
      resolution: '4x',
      email: 'seen@example.test',
      previewed: true,
    });
    const plain = await buy(shop, {
      fileId: medium.documentId,
      resolution: '4x',
      email: 'plain@example.test',
    });
    for (const jobId of [previewed.jobId, plain.jobId]) {
      await until(
        () => jobRow(shop, jobId),
        (row) => row.payment_status === 'paid',
        30_000,
      );
    }
    currency = String((await jobRow(shop, previewed.jobId)).currency);
    expect(Boolean((await jobRow(shop, previewed.jobId)).previewed)).toBe(true);
    expect(Boolean((await jobRow(shop, plain.jobId)).previewed)).toBe(false);

    // cart orders: paid (one line previewed), refunded in full, refunded in part, other currency
    const A = 'aaaaaaaa-0000-4000-8000-000000000001';
    const B = 'bbbbbbbb-0000-4000-8000-000000000002';
    const C = 'cccccccc-0000-4000-8000-000000000003';
    const D = 'dddddddd-0000-4000-8000-000000000004';
    await seedJob({ orderId: A, line: 0, size: 2, paymentStatus: 'paid', previewed: true });
    await seedJob({ orderId: A, line: 1, size: 2, paymentStatus: 'paid' });
    await seedJob({ orderId: B, line: 0, size: 2, paymentStatus: 'refunded', previewed: true });
    await seedJob({ orderId: B, line: 1, size: 2, paymentStatus: 'refunded' });
    await seedJob({ orderId: C, line: 0, size: 2, paymentStatus: 'refunded' });
    await seedJob({ orderId: C, line: 1, size: 2, paymentStatus: 'partially_refunded' });
    const other = currency === 'eur' ? 'gbp' : 'eur';
    await seedJob({ orderId: D, line: 0, size: 1, paymentStatus: 'paid', currency: other });
  }, 240_000);
  afterAll(async () => shop?.close());

  it('stores the kind of each click, buy by default, and refuses an unknown kind', async () => {
    const kinds: Array<{ kind: string | null; n: unknown }> = await shop
      .db('smi_clicks')
      .select('kind')
      .count({ n: '*' })
      .groupBy('kind');
    const byKind = Object.fromEntries(kinds.map((row) => [row.kind ?? 'null', Number(row.n)]));
    expect(byKind).toEqual({ buy: 3, preview: 3, cart_add: 2, null: 1 });

    const before = await shop.db('smi_clicks').count({ n: '*' });
    for (const kind of ['view', '', 'BUY', 3, null]) {
      const res = await click({ fileId: shop.images.large.documentId, kind });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { name: string } };
      expect(body.error.name).toBe('ValidationError');
    }
    expect(await shop.db('smi_clicks').count({ n: '*' })).toEqual(before);
  });

  it('refuses a checkout whose previewed is not a boolean', async () => {
    const res = await shop.api(
      '/checkout',
      postJson({ fileId: shop.images.large.documentId, resolution: '4x', previewed: 'yes' }),
    );
    expect(res.status).toBe(400);
  });

  it('answers the funnel figures exactly', async () => {
    const data = await overview();
    // sales: the two checkouts, order A's two lines, order C's partly refunded line
    expect(data).toMatchObject({
      currency,
      sales: 5,
      // buy clicks: 2 default + 1 named + 1 old-style (kind NULL); previews and cart adds apart
      clicks: 4,
      conversionRate: 5 / 4,
      previewViews: 3,
      cartAdds: 2,
      // A (paid) and C (one line still a sale); B refunded in full; D in another currency
      cartCheckouts: 2,
    });
    // sales whose buyer saw the preview: the previewed checkout and order A's first line
    expect(data.previewConversion).toBeCloseTo(2 / 3, 10);
  });

  it('ranks images and pages by buy clicks only', async () => {
    const images = await shop.adminApi(
      `/analytics/images?${PERIOD}&currency=${currency}&sort=clicks:desc&pageSize=100`,
    );
    expect(images.status).toBe(200);
    const rows = ((await images.json()) as { data: { results: any[] } }).data.results;
    const clicksOf = (id: number) => rows.find((r) => r.fileId === id)?.clicks;
    expect(clicksOf(shop.images.large.id)).toBe(2);
    expect(clicksOf(shop.images.medium.id)).toBe(1);
    expect(clicksOf(shop.images.small.id)).toBe(1);

    const pages = await shop.adminApi(`/analytics/pages?${PERIOD}&currency=${currency}`);
    expect(pages.status).toBe(200);
    const pageRows = ((await pages.json()) as { data: { results: any[] } }).data.results;
    const total = pageRows.reduce((n: number, r: { clicks: number }) => n + r.clicks, 0);
    expect(total).toBe(4);
    expect(pageRows.find((r) => r.sourcePage === '/gallery')?.clicks).toBe(1);
  });
});
