import fc from 'fast-check';
import { openShop, postJson, tableCounts, type Shop } from './helpers/shop';

/**
 * Every public route answers bad input with a 4xx in Strapi's error shape and leaves
 * the database unchanged; a property test throws arbitrary input at them: never a 5xx.
 * Also the sale rules (sale modes, per-file rules, image type and size) and clicks.
 */
describe(`public API input (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await openShop('public-input');
  });
  afterAll(async () => shop?.close());

  type Case = { name: string; request: () => Promise<Response>; status: number };
  const raw = (path: string, body: string, type = 'application/json') =>
    shop.api(path, { method: 'POST', headers: { 'content-type': type }, body });

  const cases = (): Case[] => {
    const { large, pdf, tiny } = shop.images;
    /** A valid checkout of large.png at 4x, but for `extra`. */
    const checkoutLarge4x = (extra: Record<string, unknown>) =>
      shop.api('/checkout', postJson({ fileId: large.id, resolution: '4x', ...extra }));
    return [
      { name: 'prices: no fileId', request: () => shop.api('/prices'), status: 400 },
      {
        name: 'prices: extra query field',
        request: () => shop.api(`/prices?fileId=${large.id}&price=1`),
        status: 400,
      },
      {
        name: 'prices: fileId with bad characters',
        request: () => shop.api('/prices?fileId=../../etc'),
        status: 400,
      },
      {
        name: 'prices: fileId repeated (array)',
        request: () => shop.api(`/prices?fileId=1&fileId=2`),
        status: 400,
      },
      {
        name: 'prices: unknown file',
        request: () => shop.api('/prices?fileId=999999'),
        status: 404,
      },
      {
        name: 'prices: unknown documentId',
        request: () => shop.api('/prices?fileId=zzzzzzzzzzzzzzzzzzzzzzzz'),
        status: 404,
      },
      {
        name: 'prices: not an image',
        request: () => shop.api(`/prices?fileId=${pdf.id}`),
        status: 403,
      },
      {
        name: 'prices: too small',
        request: () => shop.api(`/prices?fileId=${tiny.id}`),
        status: 403,
      },
      { name: 'checkout: empty body', request: () => raw('/checkout', '{}'), status: 400 },
      { name: 'checkout: array body', request: () => raw('/checkout', '[1,2]'), status: 400 },
      {
        name: 'checkout: malformed JSON',
        request: () => raw('/checkout', '{"fileId": '),
        status: 400,
      },
      {
        name: 'checkout: missing resolution',
        request: () => shop.api('/checkout', postJson({ fileId: large.id })),
        status: 400,
      },
      {
        name: 'checkout: wrong type resolution',
        request: () => shop.api('/checkout', postJson({ fileId: large.id, resolution: 4 })),
        status: 400,
      },
      {
        name: 'checkout: unknown resolution',
        request: () => shop.api('/checkout', postJson({ fileId: large.id, resolution: '3x' })),
        status: 400,
      },
      {
        name: 'checkout: extra field',
        request: () => checkoutLarge4x({ admin: true }),
        status: 400,
      },
      {
        name: 'checkout: bad e-mail',
        request: () => checkoutLarge4x({ email: 'not-an-email' }),
        status: 400,
      },
      {
        name: 'checkout: foreign returnUrl',
        request: () => checkoutLarge4x({ returnUrl: 'https://evil.example/steal' }),
        status: 400,
      },
      {
        name: 'checkout: javascript returnUrl',
        request: () => checkoutLarge4x({ returnUrl: 'javascript:alert(1)' }),
        status: 400,
      },
      {
        name: 'checkout: unknown file',
        request: () => shop.api('/checkout', postJson({ fileId: 999999, resolution: '4x' })),
        status: 404,
      },
      {
        name: 'checkout: not an image',
        request: () => shop.api('/checkout', postJson({ fileId: pdf.id, resolution: '4x' })),
        status: 403,
      },
      {
        name: 'checkout: too small',
        request: () => shop.api('/checkout', postJson({ fileId: tiny.id, resolution: '4x' })),
        status: 403,
      },
      {
        name: 'checkout: oversized body',
        request: () => checkoutLarge4x({ sourcePage: 'x'.repeat(2 * 1024 * 1024) }),
        status: 413,
      },
      {
        name: 'clicks: missing fileId',
        request: () => shop.api('/clicks', postJson({ sourcePage: '/a' })),
        status: 400,
      },
      {
        name: 'clicks: extra field',
        request: () => shop.api('/clicks', postJson({ fileId: large.id, ip: '1.2.3.4' })),
        status: 400,
      },
      { name: 'clicks: malformed JSON', request: () => raw('/clicks', 'nope'), status: 400 },
      {
        name: 'clicks: unknown file',
        request: () => shop.api('/clicks', postJson({ fileId: 999999 })),
        status: 404,
      },
      { name: 'jobs: not a UUID', request: () => shop.api('/jobs/12345'), status: 400 },
      {
        name: 'jobs: unknown job',
        request: () => shop.api('/jobs/3f2c1b8e-3d4a-4c5b-9e7f-0a1b2c3d4e5f'),
        status: 404,
      },
      { name: 'webhook: no signature', request: () => raw('/webhooks/stripe', '{}'), status: 400 },
    ];
  };

  it.each(Array.from({ length: 29 }, (_, i) => i))(
    'bad input case %i answers its 4xx in Strapi shape and changes nothing',
    async (index) => {
      const testCase = cases()[index];
      const before = await tableCounts(shop.db);
      const res = await testCase.request();
      expect({ name: testCase.name, status: res.status }).toEqual({
        name: testCase.name,
        status: testCase.status,
      });
      const body = await res.json();
      expect(body.error).toEqual(
        expect.objectContaining({
          status: testCase.status,
          name: expect.any(String),
          message: expect.any(String),
        }),
      );
      expect(await tableCounts(shop.db)).toEqual(before);
    },
  );

  it('has a case for every row of the table', () => {
    expect(cases()).toHaveLength(29);
  });

  it('never answers 5xx to arbitrary input (property test)', async () => {
    const routes = ['/prices', '/checkout', '/clicks', '/jobs/x'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.string(),
          fc
            .record(
              {
                fileId: fc.oneof(fc.string(), fc.integer(), fc.constant(shop.images.large.id)),
                resolution: fc.oneof(fc.string(), fc.constantFrom('4x', '8x', '16x', '0x')),
                email: fc.option(fc.string()),
                returnUrl: fc.option(fc.webUrl()),
              },
              { requiredKeys: [] },
            )
            .map((v) => JSON.stringify(v)),
        ),
        fc.string({ maxLength: 40 }),
        async (route, body, query) => {
          const path =
            route === '/jobs/x'
              ? `/jobs/${encodeURIComponent(query) || 'x'}`
              : `${route}?fileId=${encodeURIComponent(query)}`;
          const res =
            route === '/prices' || route === '/jobs/x'
              ? await shop.api(path)
              : await raw(route, body);
          await res.arrayBuffer();
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 150, interruptAfterTimeLimit: 60_000 },
    );
  });

  describe('sale rules', () => {
    const setMode = async (saleMode: string) =>
      expect((await shop.adminApi('/settings', { method: 'PUT', json: { saleMode } })).status).toBe(
        200,
      );
    const setRule = async (fileId: number, forSale: boolean | null) =>
      expect(
        (await shop.adminApi(`/media/${fileId}/sale`, { method: 'PUT', json: { forSale } })).status,
      ).toBe(200);
    const pricesStatus = async (fileId: number) =>
      (await shop.api(`/prices?fileId=${fileId}`)).status;
    afterAll(async () => {
      await setMode('all');
      await setRule(shop.images.large.id, null);
      await setRule(shop.images.medium.id, null);
    });

    it('opt-in sells only images switched on; opt-out all but those switched off; all sells every image', async () => {
      const { large, medium } = shop.images;
      await setRule(large.id, true);
      await setRule(medium.id, false);
      await setMode('opt-in');
      expect(await pricesStatus(large.id)).toBe(200);
      const refused = await shop.api(`/prices?fileId=${medium.id}`);
      expect(refused.status).toBe(403);
      expect((await refused.json()).error.details.reason).toBe('not_opted_in');
      expect(await pricesStatus(shop.images.small.id)).toBe(403);
      await setMode('opt-out');
      expect(await pricesStatus(medium.id)).toBe(403);
      expect(await pricesStatus(shop.images.small.id)).toBe(200);
      // the checkout route applies the same rules
      expect(
        (await shop.api('/checkout', postJson({ fileId: medium.id, resolution: '4x' }))).status,
      ).toBe(403);
      await setMode('all');
      expect(await pricesStatus(medium.id)).toBe(200);
    });

    it('lets only an admin with media.update change a rule', async () => {
      const res = await fetch(`${shop.app.url}/sell-my-images/media/${shop.images.large.id}/sale`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ forSale: false }),
      });
      expect(res.status).toBe(401);
    });
  });

  describe('clicks', () => {
    it('stores a click with a salted visitor hash and no raw IP', async () => {
      const before = await shop.db('smi_clicks').count({ n: '*' });
      const res = await shop.api('/clicks', {
        ...postJson({ fileId: shop.images.large.documentId, sourcePage: '/gallery/harbour' }),
        headers: { 'content-type': 'application/json', 'user-agent': 'test-agent/1.0' },
      });
      expect(res.status).toBe(204);
      const rows = await shop.db('smi_clicks').orderBy('id', 'desc').limit(1);
      expect(Number((await shop.db('smi_clicks').count({ n: '*' }))[0].n)).toBe(
        Number(before[0].n) + 1,
      );
      expect(rows[0]).toMatchObject({
        file_id: shop.images.large.id,
        source_page: '/gallery/harbour',
      });
      expect(rows[0].visitor_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(rows[0])).not.toContain('127.0.0.1');
    });
  });
});
