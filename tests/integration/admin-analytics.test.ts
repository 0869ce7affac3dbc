import { inviteAdmin } from './helpers/admin';
import { openShop, postJson, type Shop } from './helpers/shop';

/**
 * Analytics endpoints (issue 5) on a real playground: jobs and clicks are created through
 * Strapi's document service (test-support routes), so they are stored exactly as the plugin
 * stores them on this database; every figure the endpoints answer is compared with the same
 * figure computed here, in plain JavaScript, from the seeded list.
 */
const JOB = 'plugin::sell-my-images.job';
const CLICK = 'plugin::sell-my-images.click';
const FROM = '2025-03-01';
const TO = '2025-03-10';
const PERIOD = `from=${FROM}&to=${TO}`;
const INJECTION = '=HYPERLINK("http://evil.test","x")';

type FileKey = 'large' | 'medium' | 'small' | 'tiny';

interface SeedJob {
  file: FileKey;
  paymentStatus: 'paid' | 'partially_refunded' | 'refunded' | 'unpaid';
  status: 'awaiting_payment' | 'pending' | 'completed' | 'failed';
  amount: number;
  refunded?: number;
  cost: number;
  currency: string;
  paidAt: string | null;
  email?: string;
  page?: string;
  fileName?: string;
}

interface SeedClick {
  file: FileKey;
  page: string | null;
  at: string;
}

const JOBS: SeedJob[] = [
  {
    file: 'large',
    paymentStatus: 'paid',
    status: 'completed',
    amount: 500,
    cost: 100,
    currency: 'usd',
    paidAt: '2025-03-01T10:00:00.000Z',
    email: 'ann@example.test',
    page: '/gallery',
  },
  // last half-second of the first day; the same customer with another spelling of her address
  {
    file: 'large',
    paymentStatus: 'paid',
    status: 'pending',
    amount: 700,
    cost: 150,
    currency: 'usd',
    paidAt: '2025-03-01T23:59:59.500Z',
    email: 'Ann@Example.test',
    page: '/gallery',
  },
  {
    file: 'medium',
    paymentStatus: 'partially_refunded',
    status: 'completed',
    amount: 1000,
    refunded: 300,
    cost: 200,
    currency: 'usd',
    paidAt: '2025-03-03T00:00:00.000Z',
    email: 'bob@example.test',
    page: INJECTION,
    fileName: '@SUM(1+1)',
  },
  // refunded after delivery: no revenue, but the upscale was paid for
  {
    file: 'medium',
    paymentStatus: 'refunded',
    status: 'completed',
    amount: 900,
    refunded: 900,
    cost: 180,
    currency: 'usd',
    paidAt: '2025-03-04T12:00:00.000Z',
    email: 'cy@example.test',
    page: '/blog',
  },
  // refunded because the upscale failed: neither revenue nor cost
  {
    file: 'small',
    paymentStatus: 'refunded',
    status: 'failed',
    amount: 400,
    refunded: 400,
    cost: 80,
    currency: 'usd',
    paidAt: '2025-03-05T08:00:00.000Z',
    email: 'dee@example.test',
    page: '/blog',
  },
  {
    file: 'small',
    paymentStatus: 'paid',
    status: 'completed',
    amount: 800,
    cost: 100,
    currency: 'eur',
    paidAt: '2025-03-02T09:00:00.000Z',
    email: 'eve@example.test',
    page: '/blog',
  },
  {
    file: 'small',
    paymentStatus: 'unpaid',
    status: 'awaiting_payment',
    amount: 600,
    cost: 90,
    currency: 'usd',
    paidAt: null,
    email: 'fay@example.test',
  },
  // one second before the period
  {
    file: 'large',
    paymentStatus: 'paid',
    status: 'completed',
    amount: 450,
    cost: 90,
    currency: 'usd',
    paidAt: '2025-02-28T23:59:59.000Z',
    email: 'gus@example.test',
    page: '/gallery',
  },
  {
    file: 'tiny',
    paymentStatus: 'paid',
    status: 'completed',
    amount: 300,
    cost: 60,
    currency: 'usd',
    paidAt: '2025-03-10T23:00:00.000Z',
    email: 'hal@example.test',
  },
];

const CLICKS: SeedClick[] = [
  ...['2025-03-01T09:00:00.000Z', '2025-03-02T09:00:00.000Z'].map((at) => ({
    file: 'large' as const,
    page: '/gallery',
    at,
  })),
  ...['2025-03-03T09:00:00.000Z', '2025-03-04T09:00:00.000Z'].map((at) => ({
    file: 'large' as const,
    page: '/blog',
    at,
  })),
  { file: 'large', page: '/gallery', at: '2025-02-28T23:00:00.000Z' },
  { file: 'large', page: '/gallery', at: '2025-03-11T00:00:00.000Z' },
  ...['2025-03-02T10:00:00.000Z', '2025-03-06T10:00:00.000Z'].map((at) => ({
    file: 'medium' as const,
    page: INJECTION,
    at,
  })),
  ...['2025-03-07T10:00:00.000Z', '2025-03-08T10:00:00.000Z', '2025-03-10T23:59:59.999Z'].map(
    (at) => ({ file: 'small' as const, page: '/blog', at }),
  ),
  { file: 'small', page: null, at: '2025-03-09T10:00:00.000Z' },
];

/* ---------- the expected figures, computed from the lists above ---------- */

const inPeriod = (iso: string | null, from = FROM, to = TO) =>
  iso !== null && iso.slice(0, 10) >= from && iso.slice(0, 10) <= to;
const isSale = (j: SeedJob) =>
  j.paymentStatus === 'paid' || j.paymentStatus === 'partially_refunded';
const net = (j: SeedJob) => j.amount - (j.refunded ?? 0);
const paidIn = (currency: string) =>
  JOBS.filter((j) => j.currency === currency && j.paymentStatus !== 'unpaid' && inPeriod(j.paidAt));
const salesIn = (currency: string) => paidIn(currency).filter(isSale);
const clicksIn = () => CLICKS.filter((c) => inPeriod(c.at));
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function expectedOverview(currency: string) {
  const sales = salesIn(currency);
  const revenue = sum(sales.map(net));
  const cost = sum(
    paidIn(currency)
      .filter((j) => isSale(j) || j.status === 'completed')
      .map((j) => j.cost),
  );
  const clicks = clicksIn().length;
  return {
    from: FROM,
    to: TO,
    currency,
    revenue,
    cost,
    profit: revenue - cost,
    sales: sales.length,
    averageSale: sales.length ? Math.round(revenue / sales.length) : null,
    refundedSales: paidIn(currency).filter((j) => j.paymentStatus === 'refunded').length,
    refundedAmount: sum(paidIn(currency).map((j) => j.refunded ?? 0)),
    uniqueCustomers: new Set(sales.map((j) => j.email!.toLowerCase())).size,
    clicks,
  };
}

function expectedGroups(
  key: (x: { file: FileKey; page: string | null }) => string | null,
  currency = 'usd',
) {
  const groups = new Map<string | null, { clicks: number; sales: number; revenue: number }>();
  const at = (k: string | null) =>
    groups.get(k) ?? groups.set(k, { clicks: 0, sales: 0, revenue: 0 }).get(k)!;
  for (const c of clicksIn()) at(key(c)).clicks++;
  for (const j of salesIn(currency)) {
    const g = at(key({ file: j.file, page: j.page ?? null }));
    g.sales++;
    g.revenue += net(j);
  }
  return groups;
}

describe(`admin analytics (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  const fileId = (key: FileKey) => shop.images[key].id;
  const get = async (path: string) => {
    const res = await shop.adminApi(path);
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    shop = await openShop('admin-analytics');
    for (const [i, j] of JOBS.entries()) {
      const data = {
        jobId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        fileId: fileId(j.file),
        fileName: j.fileName ?? shop.images[j.file].name,
        resolution: '4x',
        scale: 4,
        status: j.status,
        paymentStatus: j.paymentStatus,
        amount: j.amount,
        amountRefunded: j.refunded ?? 0,
        currency: j.currency,
        costAmount: j.cost,
        paidAt: j.paidAt,
        email: j.email,
        sourcePage: j.page ?? null,
      };
      const created = await shop.app.testSupport('POST', `/documents/${JOB}`, { data });
      expect(created.status).toBe(201);
      expect(created.body.paidAt).toBe(j.paidAt);
    }
    for (const c of CLICKS) {
      const created = await shop.app.testSupport('POST', `/documents/${CLICK}`, {
        data: { fileId: fileId(c.file), sourcePage: c.page, createdAt: c.at },
      });
      expect(created.status).toBe(201);
      // the document service keeps a given createdAt: the clicks are dated as seeded
      expect(created.body.createdAt).toBe(c.at);
    }
  });
  afterAll(async () => shop?.close());

  it('sums the period: refunds apart, costs of delivered jobs, unique customers, clicks and conversion', async () => {
    const { status, body } = await get(`/analytics/overview?${PERIOD}`);
    expect(status).toBe(200);
    const expected = expectedOverview('usd');
    expect(body.data).toMatchObject(expected);
    expect(body.data.margin).toBeCloseTo(expected.profit / expected.revenue, 10);
    expect(body.data.conversionRate).toBeCloseTo(expected.sales / expected.clicks, 10);
    expect(body.data.currencies).toEqual(['eur', 'usd']);
    // the refunded money never shows in revenue
    expect(body.data.revenue).toBe(sum(salesIn('usd').map(net)));
    expect(body.data.revenue).toBeLessThan(
      sum(paidIn('usd').map((j) => j.amount)) - expected.refundedAmount + 1,
    );
  });

  it('gives one point per UTC day, zero days included, sales dated by paidAt', async () => {
    const { body } = await get(`/analytics/overview?${PERIOD}`);
    const days = Array.from({ length: 10 }, (_, i) => `2025-03-${String(i + 1).padStart(2, '0')}`);
    const expected = days.map((date) => {
      const sales = salesIn('usd').filter((j) => j.paidAt!.startsWith(date));
      return { date, sales: sales.length, revenue: sum(sales.map(net)) };
    });
    expect(body.data.series).toEqual(expected);
    expect(expected.filter((p) => p.sales === 0).length).toBeGreaterThan(0);
  });

  it('answers another currency apart, and shorter periods cut at the day boundary', async () => {
    const eur = await get(`/analytics/overview?${PERIOD}&currency=EUR`);
    expect(eur.body.data).toMatchObject(expectedOverview('eur'));
    const firstDay = await get(`/analytics/overview?from=${FROM}&to=${FROM}`);
    const onFirstDay = salesIn('usd').filter((j) => j.paidAt!.startsWith(FROM));
    expect(firstDay.body.data).toMatchObject({
      sales: onFirstDay.length,
      revenue: sum(onFirstDay.map(net)),
      series: [{ date: FROM, sales: onFirstDay.length, revenue: sum(onFirstDay.map(net)) }],
    });
  });

  it('defaults to the last 30 days, today included, and counts a click sent now through the public API', async () => {
    const before = (await get('/analytics/overview')).body.data;
    const today = new Date().toISOString().slice(0, 10);
    expect(before.to).toBe(today);
    expect(before.from).toBe(new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10));
    expect(before.series).toHaveLength(30);
    expect(
      (
        await shop.api(
          '/clicks',
          postJson({ fileId: shop.images.large.documentId, sourcePage: '/today' }),
        )
      ).status,
    ).toBe(204);
    const after = (await get('/analytics/overview')).body.data;
    expect(after.clicks).toBe(before.clicks + 1);
  });

  it('lists images sorted and paginated, with names and thumbnails', async () => {
    const groups = expectedGroups((x) => String(fileId(x.file)));
    const expected = [...groups.entries()].map(([id, g]) => ({
      fileId: Number(id),
      ...g,
      conversion: g.clicks ? g.sales / g.clicks : null,
    }));
    const byRevenue = [...expected].sort((a, b) => b.revenue - a.revenue || a.fileId - b.fileId);

    const first = await get(`/analytics/images?${PERIOD}&pageSize=2`);
    expect(first.status).toBe(200);
    expect(first.body.data.pagination).toEqual({
      page: 1,
      pageSize: 2,
      total: expected.length,
      pageCount: Math.ceil(expected.length / 2),
    });
    const second = await get(`/analytics/images?${PERIOD}&pageSize=2&page=2`);
    const listed = [...first.body.data.results, ...second.body.data.results];
    expect(
      listed.map((r: any) => ({
        fileId: r.fileId,
        clicks: r.clicks,
        sales: r.sales,
        revenue: r.revenue,
      })),
    ).toEqual(
      byRevenue
        .slice(0, 4)
        .map(({ fileId: id, clicks, sales, revenue }) => ({ fileId: id, clicks, sales, revenue })),
    );
    const large = listed.find((r: any) => r.fileId === fileId('large'));
    expect(large.name).toBe('large.png');
    // 2000×2000 has a thumbnail format; the 60 px image is its own thumbnail
    expect(large.thumbnailUrl).toMatch(/\/uploads\/thumbnail_large/);
    const tiny = listed.find((r: any) => r.fileId === fileId('tiny'));
    if (tiny) expect(tiny.thumbnailUrl).toBe(shop.images.tiny.url);

    const byClicksAsc = (await get(`/analytics/images?${PERIOD}&sort=clicks:asc&pageSize=100`)).body
      .data.results;
    expect(byClicksAsc.map((r: any) => r.clicks)).toEqual(
      [...expected].map((e) => e.clicks).sort((a, b) => a - b),
    );
    const byConversion = (
      await get(`/analytics/images?${PERIOD}&sort=conversion:desc&pageSize=100`)
    ).body.data.results;
    // highest first, images without clicks (no rate) last
    expect(byConversion.map((r: any) => r.conversion)).toEqual(
      [...expected].map((e) => e.conversion).sort((a, b) => (b ?? -1) - (a ?? -1)),
    );
    // past the last page: no rows, the total still right
    const past = await get(`/analytics/images?${PERIOD}&page=9`);
    expect(past.body.data).toMatchObject({
      results: [],
      pagination: { total: expected.length, page: 9 },
    });
  });

  it('lists pages, the unknown page as null', async () => {
    const groups = expectedGroups((x) => x.page);
    const { body } = await get(`/analytics/pages?${PERIOD}&sort=sales:desc&pageSize=100`);
    expect(body.data.pagination.total).toBe(groups.size);
    const got = new Map(
      body.data.results.map((r: any) => [
        r.sourcePage,
        { clicks: r.clicks, sales: r.sales, revenue: r.revenue },
      ]),
    );
    expect(got).toEqual(groups);
    expect(body.data.results.map((r: any) => r.sales)).toEqual(
      [...groups.values()].map((g) => g.sales).sort((a, b) => b - a),
    );
  });

  it('has the indexes the aggregation reads, on this database', async () => {
    const client = shop.app.database.client;
    const names = async (): Promise<string[]> => {
      if (client === 'sqlite')
        return (await shop.db.raw(`SELECT name FROM sqlite_master WHERE type = 'index'`)).map(
          (r: any) => r.name,
        );
      if (client === 'postgres')
        return (await shop.db.raw(`SELECT indexname AS name FROM pg_indexes`)).rows.map(
          (r: any) => r.name,
        );
      return (
        await shop.db.raw(
          `SELECT DISTINCT index_name AS name FROM information_schema.statistics WHERE table_schema = DATABASE()`,
        )
      )[0].map((r: any) => r.name);
    };
    const indexes = await names();
    expect(indexes).toEqual(
      expect.arrayContaining(['smi_jobs_sales_idx', 'smi_clicks_created_file_idx']),
    );
    // the covering index of the per-page ranking exists where it can (see analytics-indexes.ts)
    expect(indexes.includes('smi_clicks_created_page_kind_idx')).toBe(client === 'sqlite');
    expect(indexes.includes('smi_clicks_created_page_idx')).toBe(false);
  });

  it('answers bad input with 400 in Strapi’s error shape', async () => {
    const bad = [
      'from=2025-13-01',
      'from=2025-02-30',
      'from=yesterday',
      `from=${TO}&to=${FROM}`,
      'from=2024-01-01&to=2025-03-01',
      'currency=dollars',
      'from=2025-03-01&from=2025-03-02',
      'unknown=1',
    ];
    for (const query of bad) {
      const { status, body } = await get(`/analytics/overview?${query}`);
      expect([query, status]).toEqual([query, 400]);
      expect(body).toMatchObject({
        data: null,
        error: { status: 400, name: 'ValidationError', message: 'Invalid query' },
      });
      expect(body.error.details.errors.length).toBeGreaterThan(0);
    }
    for (const query of [
      'sort=price:desc',
      'sort=revenue',
      'pageSize=101',
      'page=0',
      'page=1.5',
      'pageSize=abc',
    ]) {
      const { status, body } = await get(`/analytics/images?${PERIOD}&${query}`);
      expect([query, status, body.error?.name]).toEqual([query, 400, 'ValidationError']);
      expect((await get(`/analytics/pages?${PERIOD}&${query}`)).status).toBe(400);
    }
    const range = await get('/analytics/overview?from=2024-01-01&to=2025-01-01');
    expect(range.body.error.details.errors[0]).toMatchObject({
      path: ['to'],
      message: expect.stringContaining('366'),
    });
    expect((await get('/analytics/overview?from=2024-01-01&to=2024-12-31')).status).toBe(200);
    expect((await get(`/analytics/export?${PERIOD}&kind=everything`)).status).toBe(400);
    expect((await get(`/analytics/export?${PERIOD}`)).status).toBe(400);
  });

  it('exports CSV files: sales, images, pages, with formula injection neutralised', async () => {
    const res = await shop.adminApi(`/analytics/export?${PERIOD}&kind=sales`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="sell-my-images-sales-${FROM}_${TO}.csv"`,
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    // a UTF-8 byte-order mark first, for Excel (fetch's text() would hide it)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'paid_at,job_id,payment_status,status,file_id,file_name,resolution,source_page,currency,amount,refunded,revenue,cost,discount,tax,total_paid,licence',
    );
    const paid = paidIn('usd');
    expect(lines).toHaveLength(paid.length + 1);
    const rows = lines.slice(1);
    expect(rows.map((l) => l.split(',')[0].replace(/"/g, '')).sort()).toEqual(
      paid.map((j) => j.paidAt).sort(),
    );
    const partial = rows.find((l) => l.includes('partially_refunded'))!;
    // text quoted, a formula-looking cell prefixed with an apostrophe, amounts as decimals
    expect(partial).toContain(`"'@SUM(1+1)"`);
    expect(partial).toContain(`"'=HYPERLINK(""http://evil.test"",""x"")"`);
    // no discount, no tax: the buyer paid the amount; no licence tiers
    expect(partial.endsWith(',"USD",10.00,3.00,7.00,2.00,0.00,0.00,10.00,')).toBe(true);
    expect(text).not.toMatch(/(^|,)"?[=@+-]/m);

    const images = await (
      await shop.adminApi(`/analytics/export?${PERIOD}&kind=images&sort=revenue:desc`)
    ).text();
    const imageLines = images.trimEnd().split('\r\n');
    expect(imageLines[0]).toBe('file_id,name,clicks,sales,conversion,revenue,currency');
    const groups = expectedGroups((x) => String(fileId(x.file)));
    expect(imageLines).toHaveLength(groups.size + 1);
    const largeGroup = groups.get(String(fileId('large')))!;
    expect(imageLines).toContain(
      `${fileId('large')},"large.png",${largeGroup.clicks},${largeGroup.sales},${(largeGroup.sales / largeGroup.clicks).toFixed(4)},${(largeGroup.revenue / 100).toFixed(2)},"USD"`,
    );

    const pages = await (await shop.adminApi(`/analytics/export?${PERIOD}&kind=pages`)).text();
    const pageLines = pages.trimEnd().split('\r\n');
    expect(pageLines).toHaveLength(expectedGroups((x) => x.page).size + 1);
    expect(pages).toContain(`"'=HYPERLINK(""http://evil.test"",""x"")"`);
    expect(pages).not.toMatch(/(^|,)"=/m);
  });

  it('refuses an admin without analytics.read (403) and an anonymous call (401)', async () => {
    expect((await fetch(`${shop.app.url}/sell-my-images/analytics/overview`)).status).toBe(401);
    // an Author (Strapi's built-in role, no plugin permissions), invited and registered
    const asOwner = {
      authorization: `Bearer ${shop.admin.token}`,
      'content-type': 'application/json',
    };
    const roles = (await (await fetch(`${shop.app.url}/admin/roles`, { headers: asOwner })).json())
      .data as Array<{ id: number; code: string }>;
    const author = roles.find((r) => r.code === 'strapi-author')!;
    const { token } = await inviteAdmin(shop.app, shop.admin.token, {
      firstname: 'Ann',
      lastname: 'Author',
      email: 'author@example.test',
      password: 'Author-Passw0rd',
      roles: [author.id],
    });
    for (const path of ['overview', 'images', 'pages', 'export?kind=sales']) {
      const res = await fetch(`${shop.app.url}/sell-my-images/analytics/${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect([path, res.status]).toEqual([path, 403]);
    }
  });
});

/**
 * PostgreSQL and MySQL store Strapi datetimes as the Node process's local wall-clock time
 * (analytics-sql.ts): with Strapi running thirteen hours ahead of UTC, sales just before and
 * just after UTC midnight must still land on their UTC days, and periods cut at UTC midnight.
 */
describe(`admin analytics, Strapi in another time zone (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  const PAID = [
    '2025-03-01T23:30:00.000Z',
    '2025-03-02T00:30:00.000Z',
    '2025-03-02T12:00:00.000Z',
    '2025-03-03T10:59:00.000Z',
  ];

  beforeAll(async () => {
    shop = await openShop('analytics-tz', { TZ: 'Pacific/Auckland' });
    for (const [i, paidAt] of PAID.entries()) {
      const data = {
        jobId: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`,
        fileId: shop.images.large.id,
        resolution: '4x',
        scale: 4,
        status: 'completed',
        paymentStatus: 'paid',
        amount: 100 * (i + 1),
        currency: 'usd',
        costAmount: 10,
        paidAt,
        email: `tz${i}@example.test`,
      };
      expect((await shop.app.testSupport('POST', `/documents/${JOB}`, { data })).status).toBe(201);
      const click = await shop.app.testSupport('POST', `/documents/${CLICK}`, {
        data: { fileId: shop.images.large.id, createdAt: paidAt },
      });
      expect(click.body.createdAt).toBe(paidAt);
    }
  });
  afterAll(async () => shop?.close());

  it('buckets by UTC day and cuts periods at UTC midnight', async () => {
    const all = (
      await (await shop.adminApi('/analytics/overview?from=2025-03-01&to=2025-03-03')).json()
    ).data;
    const expected = ['2025-03-01', '2025-03-02', '2025-03-03'].map((date) => {
      const onDay = PAID.map((at, i) => ({ at, amount: 100 * (i + 1) })).filter((s) =>
        s.at.startsWith(date),
      );
      return { date, sales: onDay.length, revenue: sum(onDay.map((s) => s.amount)) };
    });
    expect(all.series).toEqual(expected);
    const second = (
      await (await shop.adminApi('/analytics/overview?from=2025-03-02&to=2025-03-02')).json()
    ).data;
    expect(second).toMatchObject({
      sales: expected[1].sales,
      revenue: expected[1].revenue,
      clicks: expected[1].sales,
    });
  });
});
