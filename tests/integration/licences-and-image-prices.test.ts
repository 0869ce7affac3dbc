import Stripe from 'stripe';
import { openShop, postJson, publishPhoto, sessionOf, uploadPng, type Shop } from './helpers/shop';

/**
 * Licence tiers and per-image prices priced on the server (issue 16 items 6 and 7), and
 * revenue net of tax and after discounts (item 1, analytics side): /prices, /checkout, the
 * Stripe session's line item, the job's snapshot, the admin's media views and analytics
 * (docs/architecture.md "Money rules"). The reference pricing: markup 200 %, so 2000×2000
 * at 4x = 192 cents and at 8x = 768.
 */
const LICENCES = [
  { id: 'personal', name: 'Personal', multiplierPercent: 100, text: 'Personal use only.' },
  { id: 'commercial', name: 'Commercial', multiplierPercent: 300, text: 'Any commercial use.' },
  { id: 'editorial', name: 'Editorial', multiplierPercent: 150, text: 'News and comment.' },
];
const JOB = 'plugin::sell-my-images.job';

describe(`licences and image prices (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  let stripe: Stripe;

  beforeAll(async () => {
    shop = await openShop('licences');
    stripe = new Stripe(shop.stripe.apiKey, {
      host: '127.0.0.1',
      port: shop.stripe.port,
      protocol: 'http',
    });
    await putSettings({ markupPercent: 200, licences: LICENCES });
  });
  afterAll(async () => shop?.close());

  async function putSettings(json: Record<string, unknown>) {
    const res = await shop.adminApi('/settings', { method: 'PUT', json });
    expect(res.status).toBe(200);
  }
  const prices = async (fileId: number | string) =>
    (await shop.api(`/prices?fileId=${fileId}`)).json();
  const large = () => shop.images.large.documentId;
  const checkout = (body: Record<string, unknown>) =>
    shop.api('/checkout', postJson({ fileId: large(), resolution: '4x', ...body }));
  const adminJob = async (jobId: string) =>
    (await (await shop.adminApi(`/jobs/${jobId}`)).json()).data.job;
  const unitAmount = async (jobId: string) => {
    const items = await stripe.checkout.sessions.listLineItems(sessionOf(shop, jobId).id);
    return items.data.map((item) => item.price?.unit_amount);
  };
  const setPrice = (fileId: number, json: unknown) =>
    shop.adminApi(`/media/${fileId}/price`, { method: 'PUT', json });
  const amounts = (options: Array<{ amount: number }>) => options.map((o) => o.amount);

  describe('licences', () => {
    it('lists each licence with its options priced; options are the first licence', async () => {
      const answer = await prices(large());
      expect(answer.priceRule).toBe('default');
      expect(answer).not.toHaveProperty('tax');
      expect(answer.licences.map((l: { id: string }) => l.id)).toEqual([
        'personal',
        'commercial',
        'editorial',
      ]);
      const [personal, commercial, editorial] = answer.licences;
      expect(personal).toMatchObject({ name: 'Personal', multiplierPercent: 100 });
      expect(personal.text).toBe('Personal use only.');
      expect(amounts(personal.options)).toEqual([192, 768]);
      expect(amounts(commercial.options)).toEqual([576, 2304]);
      expect(amounts(editorial.options)).toEqual([288, 1152]);
      expect(commercial.options[0].formatted).toBe('$5.76');
      expect(answer.options).toEqual(personal.options);
    });

    it('charges ×3 for the commercial licence and keeps its snapshot on the job', async () => {
      const res = await checkout({ licence: 'commercial', locale: 'fr-CA', email: 'a@b.test' });
      expect(res.status).toBe(201);
      const { jobId } = await res.json();
      expect(await unitAmount(jobId)).toEqual([576]);
      expect(await adminJob(jobId)).toMatchObject({
        amount: 576,
        licenceId: 'commercial',
        licenceName: 'Commercial',
        licenceText: 'Any commercial use.',
        licenceMultiplierPercent: 300,
        priceRule: 'default',
        locale: 'fr',
        taxBehavior: null,
      });
    });

    it('sells the first licence when none is sent', async () => {
      const res = await checkout({});
      expect(res.status).toBe(201);
      const { jobId } = await res.json();
      expect(await unitAmount(jobId)).toEqual([192]);
      expect(await adminJob(jobId)).toMatchObject({
        amount: 192,
        licenceId: 'personal',
        licenceMultiplierPercent: 100,
        locale: null,
      });
    });

    it('refuses an unknown licence with the offered ids', async () => {
      const res = await checkout({ licence: 'broadcast' });
      expect(res.status).toBe(400);
      const { error } = await res.json();
      expect(error.name).toBe('ValidationError');
      expect(error.details.errors[0]).toMatchObject({
        path: ['licence'],
        message: 'Offered: personal, commercial, editorial',
      });
    });

    it('says the tax behaviour with Stripe Tax on and records it on the job', async () => {
      await putSettings({ tax: 'stripe_tax', taxBehavior: 'inclusive' });
      expect((await prices(large())).tax).toEqual({ behavior: 'inclusive' });
      const res = await checkout({ licence: 'editorial' });
      expect(res.status).toBe(201);
      const { jobId } = await res.json();
      expect(await adminJob(jobId)).toMatchObject({ amount: 288, taxBehavior: 'inclusive' });
      await putSettings({ tax: 'none' });
      expect(await prices(large())).not.toHaveProperty('tax');
    });
  });

  describe('per-image prices', () => {
    afterEach(async () => {
      expect(
        (await setPrice(shop.images.large.id, { fixedPrices: null, multiplierPercent: null }))
          .status,
      ).toBe(200);
    });

    it('a fixed price beats the markup rule at once, on /prices and /checkout', async () => {
      const res = await setPrice(shop.images.large.id, {
        fixedPrices: { '4x': 1500 },
        multiplierPercent: null,
      });
      expect(res.status).toBe(200);
      expect((await res.json()).data).toEqual({
        fileId: shop.images.large.id,
        fixedPrices: { '4x': 1500 },
        multiplierPercent: null,
      });
      const answer = await prices(large());
      expect(answer.priceRule).toBe('image_fixed');
      // 4x fixed, 8x still the shop's rule; the licence multiplies the fixed price
      expect(amounts(answer.options)).toEqual([1500, 768]);
      expect(amounts(answer.licences[1].options)).toEqual([4500, 2304]);
      const bought = await checkout({ licence: 'commercial' });
      const { jobId } = await bought.json();
      expect(await unitAmount(jobId)).toEqual([4500]);
      expect(await adminJob(jobId)).toMatchObject({ amount: 4500, priceRule: 'image_fixed' });
      // other images keep the shop's price
      expect((await prices(shop.images.medium.documentId)).priceRule).toBe('default');
    });

    it('the owner minimum does not apply to a fixed price, it does to a multiplied one', async () => {
      await putSettings({ minimumPrice: 300 });
      await setPrice(shop.images.large.id, { fixedPrices: { '4x': 100 }, multiplierPercent: 50 });
      const answer = await prices(large());
      // 4x fixed 100 (Stripe minimum 50 only); 8x 768 × 0.5 = 384
      expect(amounts(answer.options)).toEqual([100, 384]);
      expect(answer.priceRule).toBe('image_multiplier');
      await putSettings({ minimumPrice: 50 });
    });

    it('a multiplier multiplies the shop rule; cleared, the shop rule is back', async () => {
      await setPrice(shop.images.large.id, { fixedPrices: null, multiplierPercent: 250 });
      const answer = await prices(large());
      expect([answer.priceRule, ...amounts(answer.options)]).toEqual([
        'image_multiplier',
        480,
        1920,
      ]);
      const { jobId } = await (await checkout({ licence: 'personal' })).json();
      expect(await adminJob(jobId)).toMatchObject({ amount: 480, priceRule: 'image_multiplier' });

      await setPrice(shop.images.large.id, { fixedPrices: null, multiplierPercent: null });
      const back = await prices(large());
      expect([back.priceRule, ...amounts(back.options)]).toEqual(['default', 192, 768]);
    });

    it('shows the price in the media list and in the side panel, priced with it', async () => {
      await setPrice(shop.images.large.id, {
        fixedPrices: { '8x': 2000 },
        multiplierPercent: null,
      });
      const list = await (await shop.adminApi('/media?q=large')).json();
      expect(list.data.results[0].price).toEqual({
        fixedPrices: { '8x': 2000 },
        multiplierPercent: null,
      });
      const medium = await (await shop.adminApi('/media?q=medium')).json();
      expect(medium.data.results[0].price).toEqual({ fixedPrices: null, multiplierPercent: null });

      const entry = await publishPhoto(shop.app, 'priced', shop.images.large.id);
      const panel = await (
        await shop.adminApi(`/entries/api::photo.photo/${entry}/media?status=published`)
      ).json();
      const image = panel.data.images[0];
      expect(image.price).toEqual({ fixedPrices: { '8x': 2000 }, multiplierPercent: null });
      expect(image.priceRule).toBe('image_fixed');
      expect(amounts(image.prices)).toEqual([192, 2000]);
    });

    it('validates the body and the file', async () => {
      const bad = async (json: unknown, path: string) => {
        const res = await setPrice(shop.images.large.id, json);
        expect(res.status).toBe(400);
        const { error } = await res.json();
        expect(error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toContain(
          path,
        );
      };
      await bad({ fixedPrices: { '4.5x': 100 }, multiplierPercent: null }, 'fixedPrices.4.5x');
      await bad({ fixedPrices: { '4x': 0 }, multiplierPercent: null }, 'fixedPrices.4x');
      await bad({ fixedPrices: { '4x': 100_000_000 }, multiplierPercent: null }, 'fixedPrices.4x');
      await bad({ fixedPrices: null, multiplierPercent: 0 }, 'multiplierPercent');
      await bad({ fixedPrices: null, multiplierPercent: 100_001 }, 'multiplierPercent');
      const unknown = await setPrice(99_999, { fixedPrices: null, multiplierPercent: 200 });
      expect(unknown.status).toBe(404);
    });

    it('goes with its file when the file is deleted', async () => {
      const extra = await uploadPng(shop, 'extra.png', 800, 800);
      expect((await setPrice(extra.id, { fixedPrices: null, multiplierPercent: 200 })).status).toBe(
        200,
      );
      expect(await shop.db('smi_image_prices').where({ file_id: extra.id })).toHaveLength(1);
      const removed = await fetch(`${shop.app.url}/upload/files/${extra.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${shop.admin.token}` },
      });
      expect(removed.status).toBe(200);
      expect(await shop.db('smi_image_prices').where({ file_id: extra.id })).toHaveLength(0);
    });
  });

  it('refuses a licence once the shop has none, and answers no licences', async () => {
    await putSettings({ licences: [] });
    const answer = await prices(large());
    expect(answer).not.toHaveProperty('licences');
    expect(amounts(answer.options)).toEqual([192, 768]);
    const res = await checkout({ licence: 'personal' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details.errors[0].path).toEqual(['licence']);
    const { jobId } = await (await checkout({})).json();
    expect(await adminJob(jobId)).toMatchObject({ amount: 192, licenceId: null });
  });

  describe('analytics: revenue net of tax and after discounts', () => {
    interface Seed {
      amount: number;
      total?: number;
      tax?: number;
      discount?: number;
      refunded?: number;
      paymentStatus: 'paid' | 'partially_refunded' | 'refunded';
      paidAt: string;
      licence?: string;
    }
    const SEEDS: Seed[] = [
      // exclusive tax: paid 1200 of which 200 tax
      {
        amount: 1000,
        total: 1200,
        tax: 200,
        paymentStatus: 'paid',
        paidAt: '2025-04-01T10:00:00.000Z',
        licence: 'Commercial',
      },
      // 20 % promotion code, tax included (133 of the 800 paid)
      {
        amount: 1000,
        total: 800,
        tax: 133,
        discount: 200,
        paymentStatus: 'paid',
        paidAt: '2025-04-02T10:00:00.000Z',
      },
      // half of a taxed sale refunded: 600 of 1200 paid back, 100 of it tax
      {
        amount: 1000,
        total: 1200,
        tax: 200,
        refunded: 600,
        paymentStatus: 'partially_refunded',
        paidAt: '2025-04-03T10:00:00.000Z',
      },
      // a taxed sale refunded in full: nothing
      {
        amount: 1000,
        total: 1200,
        tax: 200,
        refunded: 1200,
        paymentStatus: 'refunded',
        paidAt: '2025-04-03T11:00:00.000Z',
      },
      // before issue 16: no total recorded, no tax
      { amount: 500, paymentStatus: 'paid', paidAt: '2025-04-04T10:00:00.000Z' },
    ];
    /** What each sale brings in, computed here apart from the server's SQL. */
    const netOf = (s: Seed) => {
      if (s.paymentStatus === 'refunded') return 0;
      const paid = s.total ?? s.amount;
      const tax = s.tax ?? 0;
      const refunded = s.refunded ?? 0;
      return paid - tax - (tax ? Math.round((refunded * (paid - tax)) / paid) : refunded);
    };
    const sales = SEEDS.filter((s) => s.paymentStatus !== 'refunded');
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const PERIOD = 'from=2025-04-01&to=2025-04-10&currency=EUR';

    beforeAll(async () => {
      for (const [index, s] of SEEDS.entries()) {
        const created = await shop.app.testSupport('POST', `/documents/${JOB}`, {
          data: {
            jobId: `00000000-0000-4000-8000-00000000000${index}`,
            fileId: shop.images.small.id,
            resolution: '4x',
            scale: 4,
            status: 'completed',
            paymentStatus: s.paymentStatus,
            amount: s.amount,
            amountTotal: s.total ?? null,
            amountTax: s.tax ?? null,
            amountDiscount: s.discount ?? null,
            amountRefunded: s.refunded ?? 0,
            currency: 'eur',
            costAmount: 0,
            paidAt: s.paidAt,
            licenceName: s.licence ?? null,
          },
        });
        expect(created.status).toBe(201);
      }
    });

    it('the overview, series, rankings and summary count what was paid net of tax', async () => {
      const revenue = sum(SEEDS.map(netOf));
      expect(revenue).toBe(1000 + 667 + 500 + 500);
      const overview = (await (await shop.adminApi(`/analytics/overview?${PERIOD}`)).json()).data;
      expect(overview).toMatchObject({
        revenue,
        sales: sales.length,
        tax: 200 + 133 + 100,
        discounts: 200,
        refundedSales: 1,
        refundedAmount: 1800,
      });
      expect(overview.series.find((p: { date: string }) => p.date === '2025-04-03')).toEqual({
        date: '2025-04-03',
        sales: 1,
        revenue: 500,
      });
      const images = (await (await shop.adminApi(`/analytics/images?${PERIOD}`)).json()).data;
      expect(
        images.results.find((r: { fileId: number }) => r.fileId === shop.images.small.id),
      ).toMatchObject({ sales: sales.length, revenue });
      const summary = (await (await shop.adminApi('/analytics/summary')).json()).data;
      expect(summary.find((r: { currency: string }) => r.currency === 'eur')).toMatchObject({
        sales: sales.length,
        revenue,
      });
    });

    it('the CSV shows discount, tax, total paid and licence apart, and revenue net', async () => {
      const text = await (await shop.adminApi(`/analytics/export?${PERIOD}&kind=sales`)).text();
      const lines = text
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      expect(
        lines[0].endsWith(',amount,refunded,revenue,cost,discount,tax,total_paid,licence'),
      ).toBe(true);
      const rows = lines.slice(1);
      expect(rows).toHaveLength(SEEDS.length);
      const row = (index: number) => rows.find((l) => l.includes(`0000000000${index}"`))!;
      // amount, refunded, revenue, cost, discount, tax, total paid, licence
      expect(row(0).endsWith(',10.00,0.00,10.00,0.00,0.00,2.00,12.00,"Commercial"')).toBe(true);
      expect(row(1).endsWith(',10.00,0.00,6.67,0.00,2.00,1.33,8.00,')).toBe(true);
      expect(row(2).endsWith(',10.00,6.00,5.00,0.00,0.00,2.00,12.00,')).toBe(true);
      expect(row(3).endsWith(',10.00,12.00,0.00,0.00,0.00,2.00,12.00,')).toBe(true);
      expect(row(4).endsWith(',5.00,0.00,5.00,0.00,0.00,0.00,5.00,')).toBe(true);
    });
  });
});
