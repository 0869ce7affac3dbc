import fc from 'fast-check';
import { openShop, postJson, tableCounts, uploadPng, type Shop } from './helpers/shop';

/**
 * Every public route answers bad input with a 4xx in Strapi's error shape and leaves
 * the database unchanged; a property test throws arbitrary input at them: never a 5xx.
 * Also the sale rules (sale modes, published use, per-file rules, image type and size,
 * numeric ids) and clicks. An unknown file and a file not for sale answer the same 404.
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
    const [large, pdf, tiny] = [shop.images.large, shop.images.pdf, shop.images.tiny].map(
      (file) => ({ id: file.documentId, numeric: file.id }),
    );
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
        status: 404,
      },
      {
        name: 'prices: too small',
        request: () => shop.api(`/prices?fileId=${tiny.id}`),
        status: 404,
      },
      {
        name: 'prices: numeric id (not accepted by default)',
        request: () => shop.api(`/prices?fileId=${large.numeric}`),
        status: 404,
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
        status: 404,
      },
      {
        name: 'checkout: too small',
        request: () => shop.api('/checkout', postJson({ fileId: tiny.id, resolution: '4x' })),
        status: 404,
      },
      {
        name: 'checkout: numeric id (not accepted by default)',
        request: () => shop.api('/checkout', postJson({ fileId: large.numeric, resolution: '4x' })),
        status: 404,
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
        request: () => shop.api('/clicks', postJson({ fileId: 'zzzzzzzzzzzzzzzzzzzzzzzz' })),
        status: 404,
      },
      {
        name: 'clicks: not for sale (too small)',
        request: () => shop.api('/clicks', postJson({ fileId: tiny.id })),
        status: 404,
      },
      {
        name: 'clicks: numeric id (not accepted by default)',
        request: () => shop.api('/clicks', postJson({ fileId: large.numeric })),
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

  it.each(Array.from({ length: 33 }, (_, i) => i))(
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
    expect(cases()).toHaveLength(33);
  });

  it('answers an unknown file and a file not for sale alike (404, same body), on every route', async () => {
    const { tiny, pdf } = shop.images;
    const bodies = async (fileId: string | number) => [
      await (await shop.api(`/prices?fileId=${fileId}`)).json(),
      await (await shop.api('/checkout', postJson({ fileId, resolution: '4x' }))).json(),
      await (await shop.api('/clicks', postJson({ fileId }))).json(),
    ];
    const unknown = await bodies('zzzzzzzzzzzzzzzzzzzzzzzz');
    expect(unknown[0]).toEqual({
      data: null,
      error: {
        status: 404,
        name: 'NotFoundError',
        message: 'No image for sale with this id',
        details: {},
      },
    });
    expect(unknown[1]).toEqual(unknown[0]);
    expect(unknown[2]).toEqual(unknown[0]);
    for (const fileId of [tiny.documentId, pdf.documentId, 999999, tiny.id])
      expect([fileId, await bodies(fileId)]).toEqual([fileId, unknown]);
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
                fileId: fc.oneof(
                  fc.string(),
                  fc.integer(),
                  fc.constant(shop.images.large.documentId),
                ),
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
    const setSettings = async (json: Record<string, unknown>) =>
      expect((await shop.adminApi('/settings', { method: 'PUT', json })).status).toBe(200);
    const setMode = (saleMode: string) => setSettings({ saleMode });
    const setRule = async (fileId: number, forSale: boolean | null) =>
      expect(
        (await shop.adminApi(`/media/${fileId}/sale`, { method: 'PUT', json: { forSale } })).status,
      ).toBe(200);
    const pricesStatus = async (fileId: string | number) =>
      (await shop.api(`/prices?fileId=${fileId}`)).status;
    const document = (uid: string, documentId: string, action: string, body: unknown = {}) =>
      shop.app.testSupport('POST', `/documents/${uid}/${documentId}/${action}`, body);
    afterAll(async () => {
      await setSettings({ saleMode: 'all', acceptNumericFileIds: false });
      await setRule(shop.images.large.id, null);
      await setRule(shop.images.medium.id, null);
    });

    it('opt-in sells only images switched on; opt-out all but those switched off; all the published ones', async () => {
      const { large, medium, small } = shop.images;
      await setRule(large.id, true);
      await setRule(medium.id, false);
      await setMode('opt-in');
      expect(await pricesStatus(large.documentId)).toBe(200);
      const refused = await shop.api(`/prices?fileId=${medium.documentId}`);
      expect(refused.status).toBe(404);
      expect((await refused.json()).error.details).toEqual({}); // the reason is the admin's
      expect(await pricesStatus(small.documentId)).toBe(404);
      await setMode('opt-out');
      expect(await pricesStatus(medium.documentId)).toBe(404);
      expect(await pricesStatus(small.documentId)).toBe(200);
      // the checkout route applies the same rules
      expect(
        (await shop.api('/checkout', postJson({ fileId: medium.documentId, resolution: '4x' })))
          .status,
      ).toBe(404);
      await setMode('all');
      expect(await pricesStatus(medium.documentId)).toBe(404); // switched off stays off
      await setRule(medium.id, null);
      expect(await pricesStatus(medium.documentId)).toBe(200);
    });

    it('in sale mode all, sells an image only while a published entry uses it (or it is switched on)', async () => {
      await setMode('all');
      const scan = await uploadPng(shop, 'id-scan.png', 800, 600);
      const status = () => pricesStatus(scan.documentId);
      // Uploaded, used by nothing: private.
      expect(await status()).toBe(404);
      // Used by a draft only.
      const draft = await shop.app.testSupport('POST', '/documents/api::photo.photo', {
        data: { title: 'Draft', image: scan.id },
      });
      expect(draft.status).toBe(201);
      expect(await status()).toBe(404);
      // Published: for sale at once (this instance's cache follows content changes).
      expect((await document('api::photo.photo', draft.body.documentId, 'publish')).status).toBe(
        200,
      );
      expect(await status()).toBe(200);
      // Unpublished again: private again.
      await document('api::photo.photo', draft.body.documentId, 'unpublish');
      expect(await status()).toBe(404);
      // Switched on, it is sold anyway; switched off, never.
      await setRule(scan.id, true);
      expect(await status()).toBe(200);
      await setRule(scan.id, null);
      expect(await status()).toBe(404);
      // opt-out sells it (every eligible image but those switched off)
      await setMode('opt-out');
      expect(await status()).toBe(200);
      await setMode('all');
      // The admin sees why.
      const listed = await (await shop.adminApi('/media?q=id-scan')).json();
      expect(listed.data.results[0]).toMatchObject({
        rule: null,
        forSale: false,
        reason: 'not_published',
      });
    });

    it('follows media inside components, nested components and dynamic zones, and content types without draft & publish', async () => {
      await setMode('all');
      const upload = (name: string) => uploadPng(shop, name, 640, 480);
      const [cover, block, slide, portrait, unused] = await Promise.all(
        ['cover.png', 'block.png', 'slide.png', 'portrait.png', 'unused.png'].map(upload),
      );
      const article = await shop.app.testSupport('POST', '/documents/api::article.article', {
        data: {
          title: 'Harbour',
          cover: { caption: 'Cover', image: cover.id },
          blocks: [
            { __component: 'shared.figure', caption: 'Block', image: block.id },
            { __component: 'shared.carousel', slides: [{ caption: 'Slide', image: slide.id }] },
          ],
        },
      });
      expect(article.status).toBe(201);
      const statuses = async () =>
        Promise.all([cover, block, slide].map((file) => pricesStatus(file.documentId)));
      expect(await statuses()).toEqual([404, 404, 404]); // a draft
      await document('api::article.article', article.body.documentId, 'publish');
      expect(await statuses()).toEqual([200, 200, 200]);
      // Without draft & publish, every entry counts as published.
      const author = await shop.app.testSupport('POST', '/documents/api::author.author', {
        data: { name: 'Ada', portrait: portrait.id },
      });
      expect(author.status).toBe(201);
      expect(await pricesStatus(portrait.documentId)).toBe(200);
      expect(await pricesStatus(unused.documentId)).toBe(404);
      // Deleting the entry takes its images off sale.
      await document('api::author.author', author.body.documentId, 'delete');
      expect(await pricesStatus(portrait.documentId)).toBe(404);
    });

    it('accepts numeric ids only when the owner opts in for old frontends', async () => {
      const { large } = shop.images;
      expect(await pricesStatus(large.id)).toBe(404);
      await setSettings({ acceptNumericFileIds: true });
      expect(await pricesStatus(large.id)).toBe(200);
      const answer = await (await shop.api(`/prices?fileId=${large.id}`)).json();
      expect(answer.fileId).toBe(String(large.id));
      await setSettings({ acceptNumericFileIds: false });
      expect(await pricesStatus(large.id)).toBe(404);
      expect(await pricesStatus(large.documentId)).toBe(200);
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
