import { DAY_MS, isoDay } from '../../shared/utc-days';
import { openShop, type Shop } from './helpers/shop';

/**
 * The analytics daily summaries (docs/architecture.md "Analytics rollups") on a real
 * playground, in a time zone far from UTC: raw jobs and clicks are seeded over the last two
 * weeks, the `build-rollups` task builds the summaries, and every answer read from them
 * (overview, images, pages, the CSV exports) must equal the same answer read raw (the test
 * support route turns the summaries off), for whole days, today (always raw), a day changed
 * after it was built, and a day not built yet.
 */
const JOB = 'plugin::sell-my-images.job';
const CLICK = 'plugin::sell-my-images.click';
const NOW = Date.now();
const TODAY = isoDay(NOW);
/** The UTC day `k` days before today, and an instant in it (`hh:mm:ss.mmm`). */
const day = (k: number) => isoDay(NOW - k * DAY_MS);
const at = (k: number, time: string) => `${day(k)}T${time}Z`;
const INJECTION = '=HYPERLINK("http://evil.test","x")';
/** The first day of the month 45 days ago: the month after it has ended, a whole month. */
const FIRST = `${day(45).slice(0, 7)}-01`;
const FIRST_MONTH = FIRST.slice(0, 7);
const DAYS_BUILT = Math.round((Date.parse(TODAY) - Date.parse(FIRST)) / DAY_MS);

type FileKey = 'large' | 'medium' | 'small' | 'tiny';
type Payment = 'paid' | 'partially_refunded' | 'refunded' | 'disputed' | 'unpaid';

interface SeedJob {
  file: FileKey;
  payment: Payment;
  paidAt: string | null;
  amount: number;
  currency?: string;
  page?: string | null;
  email?: string;
  refunded?: number;
  tax?: number;
  discount?: number;
  completed?: boolean;
  previewed?: boolean;
  orderId?: string;
}

const FILES: FileKey[] = ['large', 'medium', 'small', 'tiny'];
const PAGES = ['/gallery', '/blog', null, INJECTION];
const PAYMENTS: Payment[] = [
  'paid',
  'partially_refunded',
  'refunded',
  'disputed',
  'paid',
  'unpaid',
];

/** Every day from 12 days ago to today: varied statuses, currencies, taxes, refunds, orders. */
function seedJobs(): SeedJob[] {
  const jobs: SeedJob[] = [];
  for (let k = 12; k >= 0; k--) {
    for (let i = 0; i < 5; i++) {
      const n = k * 5 + i;
      const payment = PAYMENTS[n % PAYMENTS.length];
      const amount = 300 + ((n * 137) % 900);
      const taxed = n % 3 === 0;
      jobs.push({
        file: FILES[n % FILES.length],
        payment,
        paidAt:
          payment === 'unpaid' ? null : at(k, `${String(2 + i * 4).padStart(2, '0')}:15:00.000`),
        amount,
        currency: n % 4 === 3 ? 'eur' : 'usd',
        page: PAGES[(n + k) % PAGES.length],
        email: n % 2 === 0 ? `Buyer${n % 7}@Example.test` : `buyer${n % 7}@example.test`,
        refunded:
          payment === 'refunded'
            ? amount
            : payment === 'partially_refunded'
              ? Math.floor(amount / 3)
              : 0,
        tax: taxed ? Math.round(amount / 6) : undefined,
        discount: n % 5 === 0 ? 50 : undefined,
        completed: payment !== 'refunded' || n % 2 === 0,
        previewed: n % 4 === 1,
        orderId:
          n % 3 === 1
            ? `00000000-0000-4000-a000-${String(Math.floor(n / 2)).padStart(12, '0')}`
            : undefined,
      });
    }
  }
  // the last millisecond of a day and the first of the next
  jobs.push({
    file: 'large',
    payment: 'paid',
    paidAt: at(6, '23:59:59.999'),
    amount: 777,
    page: '/edge',
  });
  jobs.push({
    file: 'large',
    payment: 'paid',
    paidAt: at(5, '00:00:00.000'),
    amount: 888,
    page: '/edge',
  });
  // the oldest sales: whole months before the two weeks, read from the monthly rows
  jobs.push({
    file: 'tiny',
    payment: 'paid',
    paidAt: `${FIRST}T13:00:00.000Z`,
    amount: 999,
    page: '/old',
  });
  jobs.push({
    file: 'small',
    payment: 'paid',
    paidAt: at(31, '09:00:00.000'),
    amount: 555,
    page: '/old',
  });
  return jobs;
}

type SeedClick = { file: FileKey; page: string | null; at: string; kind: string };

/** Clicks of every kind, dated over the same days (one stored before clicks had a kind). */
function seedClicks(): SeedClick[] {
  const clicks: SeedClick[] = [];
  for (let k = 12; k >= 0; k--) {
    for (let i = 0; i < 6; i++) {
      const n = k * 6 + i;
      clicks.push({
        file: FILES[(n * 3) % FILES.length],
        page: PAGES[n % PAGES.length],
        at: at(k, `${String(1 + i * 3).padStart(2, '0')}:40:00.000`),
        kind: ['buy', 'buy', 'preview', 'buy', 'cart_add', 'buy'][i],
      });
    }
  }
  clicks.push({ file: 'small', page: '/edge', at: at(6, '23:59:59.999'), kind: 'buy' });
  clicks.push({ file: 'small', page: '/edge', at: at(5, '00:00:00.000'), kind: 'buy' });
  // the oldest rows: whole months before the two weeks, read from the monthly rows
  clicks.push({ file: 'tiny', page: '/old', at: `${FIRST}T12:00:00.000Z`, kind: 'buy' });
  clicks.push({ file: 'large', page: '/old', at: `${day(20)}T12:00:00.000Z`, kind: 'buy' });
  return clicks;
}

describe(`analytics rollups (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  const jobIds: string[] = [];
  const lateRefundJob = () => jobIds[jobIds.length - 1];

  const rollups = async (enabled: boolean) =>
    expect((await shop.app.testSupport('POST', '/analytics-rollups', { enabled })).status).toBe(
      200,
    );
  const buildPass = async () =>
    (await shop.app.testSupport('POST', '/tasks/build-rollups')).body.handled as number | null;
  const pastDaysCurrent = async () =>
    (await shop.db('smi_rollup_days').whereRaw('built_version = version').select('day'))
      .map((row: { day: string }) => row.day)
      .filter((d: string) => d.length === 10)
      .sort();
  /** Passes until every past day is current (rows changed minutes ago are looked at again). */
  const buildAll = async () => {
    for (let pass = 0; (await pastDaysCurrent()).length < DAYS_BUILT; pass++) {
      expect(pass).toBeLessThan(5);
      expect(await buildPass()).toBeGreaterThan(0);
    }
  };
  const read = async (path: string): Promise<unknown> => {
    const res = await shop.adminApi(path);
    expect(res.status).toBe(200);
    return path.includes('/export') ? res.text() : ((await res.json()) as { data: unknown }).data;
  };

  /** Every report on the periods that matter, one answer each. */
  const PERIODS = [
    `from=${FIRST}&to=${TODAY}`,
    `from=${FIRST}&to=${day(3)}`,
    `from=${day(12)}&to=${TODAY}`,
    `from=${day(9)}&to=${day(3)}`,
    `from=${day(6)}&to=${day(6)}`,
    `from=${day(5)}&to=${day(5)}`,
    `from=${day(1)}&to=${TODAY}`,
    `from=${day(8)}&to=${day(8)}`,
    `from=${day(5)}&to=${day(5)}&currency=EUR`,
    `from=${day(12)}&to=${TODAY}&currency=eur`,
  ];
  const PATHS = PERIODS.flatMap((period) => [
    `/analytics/overview?${period}`,
    `/analytics/images?${period}&sort=revenue:desc&pageSize=3`,
    `/analytics/images?${period}&sort=conversion:asc&pageSize=2&page=2`,
    `/analytics/images?${period}&sort=clicks:desc`,
    `/analytics/pages?${period}&sort=sales:desc`,
    `/analytics/pages?${period}&sort=revenue:asc&pageSize=2&page=2`,
    `/analytics/export?${period}&kind=sales`,
    `/analytics/export?${period}&kind=images&sort=clicks:desc`,
    `/analytics/export?${period}&kind=pages`,
  ]);
  const readAll = async () => {
    const answers: Record<string, unknown> = {};
    for (const path of PATHS) answers[path] = await read(path);
    return answers;
  };
  /** The answers with the summaries on, which must equal the raw answers. */
  const expectRollupsEqualRaw = async () => {
    await rollups(false);
    const raw = await readAll();
    await rollups(true);
    expect(await readAll()).toEqual(raw);
    return raw;
  };

  beforeAll(async () => {
    // Strapi and its database driver in a zone 13 hours from UTC: days must stay UTC days.
    // The test runs the passes itself (Strapi's cron off: no pass races its checks).
    shop = await openShop('analytics-rollups', { TZ: 'Pacific/Auckland', CRON_ENABLED: 'false' });
    const jobs = seedJobs();
    // a sale on day D, refunded in part on D+3 (below): the refund belongs to D's figures
    jobs.push({
      file: 'medium',
      payment: 'paid',
      paidAt: at(8, '12:00:00.000'),
      amount: 900,
      tax: 150,
    });
    for (const [i, j] of jobs.entries()) {
      const jobId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      const data = {
        jobId,
        fileId: shop.images[j.file].id,
        fileName: shop.images[j.file].name,
        resolution: '4x',
        scale: 4,
        status:
          j.payment === 'unpaid'
            ? 'awaiting_payment'
            : j.completed === false
              ? 'failed'
              : 'completed',
        paymentStatus: j.payment,
        amount: j.amount,
        amountRefunded: j.refunded ?? 0,
        amountTotal: j.tax || j.discount ? j.amount - (j.discount ?? 0) + (j.tax ?? 0) : null,
        amountTax: j.tax ?? null,
        amountDiscount: j.discount ?? null,
        currency: j.currency ?? 'usd',
        costAmount: Math.ceil(j.amount / 6),
        paidAt: j.paidAt,
        email: j.email ?? 'edge@example.test',
        sourcePage: j.page ?? null,
        previewed: j.previewed ?? false,
        orderId: j.orderId ?? null,
      };
      const created = await shop.app.testSupport('POST', `/documents/${JOB}`, { data });
      expect(created.status).toBe(201);
      jobIds.push(jobId);
    }
    for (const c of seedClicks()) {
      const created = await shop.app.testSupport('POST', `/documents/${CLICK}`, {
        data: { fileId: shop.images[c.file].id, sourcePage: c.page, createdAt: c.at, kind: c.kind },
      });
      expect(created.body.createdAt).toBe(c.at);
    }
    // a buy click stored before clicks had a kind
    const old = await shop.db('smi_clicks').where({ kind: 'buy' }).orderBy('id').first();
    expect(await shop.db('smi_clicks').where({ id: old.id }).update({ kind: null })).toBe(1);
  }, 180_000);
  afterAll(async () => shop?.close());

  it('answers as the raw rows while no day is built (an upgraded shop before its first pass)', async () => {
    const [{ n }] = await shop.db('smi_daily_summaries').count({ n: '*' });
    expect(Number(n)).toBe(0);
    await expectRollupsEqualRaw();
  });

  it('builds every past day, never today, and answers from the summaries as from the raw rows', async () => {
    await buildAll();
    const built = await pastDaysCurrent();
    expect(built).toEqual(Array.from({ length: DAYS_BUILT }, (_, i) => day(DAYS_BUILT - i)));
    // the first month is whole and past: its monthly rankings rows are current too
    expect(await buildPass()).toBeGreaterThanOrEqual(0);
    const months = await shop
      .db('smi_rollup_days')
      .where({ day: FIRST_MONTH })
      .whereRaw('built_version = version');
    expect(months).toHaveLength(1);
    expect(built).not.toContain(TODAY);
    const raw = await expectRollupsEqualRaw();
    // the reports read something: a whole period has sales and clicks
    const overview = raw[`/analytics/overview?${PERIODS[0]}`] as Record<string, number>;
    expect(overview.sales).toBeGreaterThan(10);
    expect(overview.clicks).toBeGreaterThan(10);
    expect(overview.previewViews).toBeGreaterThan(0);
    expect(overview.cartAdds).toBeGreaterThan(0);
    expect(overview.cartCheckouts).toBeGreaterThan(0);
  });

  it('reads the summaries for whole days (a summary changed by hand shows), raw rows for today', async () => {
    const row = { grain: 'day', day: day(2), currency: 'usd' };
    const before = (await read(`/analytics/overview?from=${day(2)}&to=${TODAY}`)) as Record<
      string,
      number
    >;
    await shop.db('smi_daily_summaries').where(row).increment('revenue', 1_000_000);
    try {
      const after = (await read(`/analytics/overview?from=${day(2)}&to=${TODAY}`)) as Record<
        string,
        number
      >;
      expect(after.revenue).toBe(before.revenue + 1_000_000);
    } finally {
      await shop.db('smi_daily_summaries').where(row).decrement('revenue', 1_000_000);
    }
    // the rankings read whole months from the monthly rows
    const images = `/analytics/images?from=${FIRST}&to=${TODAY}&sort=revenue:desc&pageSize=100`;
    const tiny = async () =>
      (
        (await read(images)) as { results: Array<{ fileId: number; revenue: number }> }
      ).results.find((r) => r.fileId === shop.images.tiny.id)!.revenue;
    const monthRow = {
      grain: 'mfile',
      day: FIRST_MONTH,
      currency: 'usd',
      file_id: shop.images.tiny.id,
    };
    const tinyBefore = await tiny();
    expect(
      await shop.db('smi_daily_summaries').where(monthRow).increment('revenue', 1_000_000),
    ).toBe(1);
    try {
      expect(await tiny()).toBe(tinyBefore + 1_000_000);
    } finally {
      await shop.db('smi_daily_summaries').where(monthRow).decrement('revenue', 1_000_000);
    }
    // a sale paid now is in today's figures at once (today is read raw)
    const created = await shop.app.testSupport('POST', `/documents/${JOB}`, {
      data: {
        jobId: '00000000-0000-4000-8000-999999999999',
        fileId: shop.images.tiny.id,
        resolution: '4x',
        scale: 4,
        status: 'completed',
        paymentStatus: 'paid',
        amount: 4321,
        currency: 'usd',
        paidAt: new Date().toISOString(),
        email: 'now@example.test',
      },
    });
    expect(created.status).toBe(201);
    const now = (await read(`/analytics/overview?from=${day(2)}&to=${TODAY}`)) as Record<
      string,
      number
    >;
    expect(now.revenue).toBe(before.revenue + 4321);
    await expectRollupsEqualRaw();
  });

  it('buckets by UTC day: a sale at 23:59:59.999 and one at 00:00:00.000 the next day', async () => {
    const edge = async (k: number) =>
      (
        await shop
          .db('smi_daily_summaries')
          .where({ grain: 'page', day: day(k), source_page: '/edge' })
      )
        .map((r: Record<string, unknown>) => ({
          currency: r.currency,
          sales: Number(r.sales),
          revenue: Number(r.revenue),
          clicks: Number(r.clicks),
        }))
        .sort((a, b) => String(a.currency).localeCompare(String(b.currency)));
    expect(await edge(6)).toEqual(
      [
        { currency: null, sales: 0, revenue: 0, clicks: 1 },
        { currency: 'usd', sales: 1, revenue: 777, clicks: 0 },
      ].sort((a, b) => String(a.currency).localeCompare(String(b.currency))),
    );
    expect(await edge(5)).toEqual(
      [
        { currency: null, sales: 0, revenue: 0, clicks: 1 },
        { currency: 'usd', sales: 1, revenue: 888, clicks: 0 },
      ].sort((a, b) => String(a.currency).localeCompare(String(b.currency))),
    );
  });

  it('a late refund (sale on D, refund on D+3) changes D once the task has passed, never D+3', async () => {
    const dayD = `/analytics/overview?from=${day(8)}&to=${day(8)}`;
    const dayD3 = `/analytics/overview?from=${day(5)}&to=${day(5)}`;
    const [beforeD, beforeD3] = [(await read(dayD)) as Record<string, number>, await read(dayD3)];
    const doc = await shop.db('smi_jobs').where({ job_id: lateRefundJob() }).first();
    const updated = await shop.app.testSupport(
      'POST',
      `/documents/${JOB}/${doc.document_id}/update`,
      { data: { paymentStatus: 'partially_refunded', amountRefunded: 300 } },
    );
    expect(updated.status).toBe(200);
    expect(await buildPass()).toBeGreaterThanOrEqual(1);
    const raw = await expectRollupsEqualRaw();
    const afterD = raw[dayD] as Record<string, number>;
    expect(afterD.refundedAmount).toBe(beforeD.refundedAmount + 300);
    // 300 refunded of 1,050 paid with 150 tax: 257 of it (rounded half up) was not tax
    expect(afterD.revenue).toBe(beforeD.revenue - 257);
    expect(raw[dayD3]).toEqual(beforeD3);
  });

  it('a day whose summaries are out of date is read raw until rebuilt', async () => {
    const doc = await shop.db('smi_jobs').where({ job_id: lateRefundJob() }).first();
    await shop
      .db('smi_rollup_days')
      .where({ day: day(8) })
      .increment('version', 1);
    await shop.app.testSupport('POST', `/documents/${JOB}/${doc.document_id}/update`, {
      data: { paymentStatus: 'refunded', amountRefunded: 1050, status: 'failed' },
    });
    // not rebuilt yet: the answer is the raw one all the same
    await expectRollupsEqualRaw();
    await buildPass();
    const [{ n }] = await shop
      .db('smi_rollup_days')
      .where({ day: day(8) })
      .whereRaw('built_version = version')
      .count({ n: '*' });
    expect(Number(n)).toBe(1);
    await expectRollupsEqualRaw();
  });
});
