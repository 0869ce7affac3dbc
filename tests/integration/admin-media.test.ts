import { createRestrictedAdmin } from './helpers/admin';
import { openShop, postJson, strapiError, tableCounts, uploadPng, type Shop } from './helpers/shop';

/**
 * Sellable media admin API against a real playground: the media list (images only,
 * searched, filtered by folder and paged by the database) with the same sale decision
 * as GET /prices (which keeps the reason to itself), bulk rules, the Content Manager side
 * panel's entry media, the same availability of each option everywhere, and RBAC.
 */
describe(`admin media API (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;

  beforeAll(async () => {
    // No Upsampler key: choosing Upsampler leaves the shop without a working upscaler.
    shop = await openShop('admin-media', { SMI_UPSAMPLER_API_KEY: undefined });
  });
  afterAll(async () => shop?.close());

  const json = async (res: Response) => ({ status: res.status, body: await res.json() });
  const get = async (path: string) => json(await shop.adminApi(path));
  const put = async (path: string, body: unknown) =>
    json(await shop.adminApi(path, { method: 'PUT', json: body }));
  const setMode = async (saleMode: 'all' | 'opt-in' | 'opt-out') =>
    expect((await put('/settings', { saleMode })).status).toBe(200);
  const prices = (documentId: string) => shop.api(`/prices?fileId=${documentId}`);
  /** Every image of the library, by name (one page of the largest size). */
  const listed = async (query = '') => {
    const { status, body } = await get(`/media?pageSize=100${query}`);
    expect(status).toBe(200);
    return Object.fromEntries(body.data.results.map((item: any) => [item.name, item]));
  };
  const clearRules = async () => {
    const ids = Object.values(shop.images).map((file) => file.id);
    expect((await put('/media/sale', { fileIds: ids, forSale: null })).status).toBe(200);
  };

  describe('list', () => {
    it('lists images only (not the PDF), newest first, counted and paged by the database', async () => {
      const first = await get('/media?pageSize=3');
      expect(first.status).toBe(200);
      expect(first.body.data.saleMode).toBe('all');
      expect(first.body.data.pagination).toEqual({ page: 1, pageSize: 3, pageCount: 2, total: 4 });
      const second = await get('/media?pageSize=3&page=2');
      expect(second.body.data.pagination).toEqual({ page: 2, pageSize: 3, pageCount: 2, total: 4 });
      const names = [...first.body.data.results, ...second.body.data.results].map(
        (item: any) => item.name,
      );
      // uploaded large, medium, small, tiny in that order: newest first
      expect(names).toEqual(['tiny.png', 'small.png', 'medium.png', 'large.png']);

      const large =
        first.body.data.results.find((item: any) => item.name === 'large.png') ??
        second.body.data.results.find((item: any) => item.name === 'large.png');
      expect(large).toMatchObject({
        id: shop.images.large.id,
        documentId: shop.images.large.documentId,
        url: shop.images.large.url,
        width: 2000,
        height: 2000,
        mime: 'image/png',
        folder: null,
        rule: null,
        forSale: true,
      });
      expect(large.thumbnailUrl).toMatch(/thumbnail_/);
      expect(large).not.toHaveProperty('reason');
      const beyond = await get('/media?page=9');
      expect(beyond.body.data).toMatchObject({ results: [], pagination: { page: 9, total: 4 } });
    });

    it('decides like GET /prices in each sale mode, with the per-file rules', async () => {
      await clearRules();
      const check = async (
        expected: Record<string, { forSale: boolean; rule: boolean | null; reason?: string }>,
      ) => {
        const items = await listed();
        for (const [name, state] of Object.entries(expected)) {
          expect([
            name,
            { forSale: items[name].forSale, rule: items[name].rule, reason: items[name].reason },
          ]).toEqual([name, state]);
          const res = await prices(items[name].documentId);
          // the list's forSale is exactly what the public route answers
          expect([name, res.status]).toEqual([name, state.forSale ? 200 : 404]);
        }
      };

      await setMode('all');
      expect((await put(`/media/${shop.images.large.id}/sale`, { forSale: false })).status).toBe(
        200,
      );
      const unpublished = await uploadPng(shop, 'unpublished.png', 800, 800);
      await check({
        'large.png': { forSale: false, rule: false, reason: 'opted_out' }, // switched off stays off
        'medium.png': { forSale: true, rule: null }, // a published entry shows it
        'tiny.png': { forSale: false, rule: null, reason: 'too_small' },
        'unpublished.png': { forSale: false, rule: null, reason: 'not_published' },
      });
      expect((await put(`/media/${unpublished.id}/sale`, { forSale: true })).status).toBe(200);
      await check({ 'unpublished.png': { forSale: true, rule: true } });

      await setMode('opt-out');
      await check({
        'large.png': { forSale: false, rule: false, reason: 'opted_out' },
        'medium.png': { forSale: true, rule: null },
        'tiny.png': { forSale: false, rule: null, reason: 'too_small' },
      });

      await setMode('opt-in');
      expect((await put(`/media/${shop.images.medium.id}/sale`, { forSale: true })).status).toBe(
        200,
      );
      expect((await put(`/media/${shop.images.tiny.id}/sale`, { forSale: true })).status).toBe(200);
      await check({
        'large.png': { forSale: false, rule: false, reason: 'not_opted_in' },
        'medium.png': { forSale: true, rule: true },
        'small.png': { forSale: false, rule: null, reason: 'not_opted_in' },
        'tiny.png': { forSale: false, rule: true, reason: 'too_small' }, // a rule cannot sell a too-small image
      });

      // The minimum size setting moves the line.
      expect((await put('/settings', { minImageSize: 1500 })).status).toBe(200);
      await check({ 'medium.png': { forSale: false, rule: true, reason: 'too_small' } });
      expect((await put('/settings', { minImageSize: 100 })).status).toBe(200);
      await setMode('all');
      await clearRules();
      const removed = await fetch(`${shop.app.url}/upload/files/${unpublished.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${shop.admin.token}` },
      });
      expect(removed.status).toBe(200);
    });

    it('searches names case-insensitively', async () => {
      const { body } = await get('/media?q=MEDI');
      expect(body.data.results.map((item: any) => item.name)).toEqual(['medium.png']);
      expect(body.data.pagination.total).toBe(1);
      expect((await get('/media?q=nothing-like-this')).body.data).toMatchObject({
        results: [],
        pagination: { total: 0, pageCount: 0 },
      });
      // a search for the PDF's name still lists images only
      expect((await get('/media?q=terms')).body.data.pagination.total).toBe(0);
    });

    it('filters by folder (its own files) or the root, and lists the folders', async () => {
      const created = await fetch(`${shop.app.url}/upload/folders`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${shop.admin.token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ name: 'Holidays', parent: null }),
      });
      expect(created.status).toBe(201);
      const folder = (await created.json()).data;
      const moved = await fetch(`${shop.app.url}/upload/actions/bulk-move`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${shop.admin.token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          fileIds: [shop.images.small.id],
          folderIds: [],
          destinationFolderId: folder.id,
        }),
      });
      expect(moved.status).toBe(200);

      const inFolder = await get(`/media?folder=${folder.id}`);
      expect(inFolder.body.data.results.map((item: any) => [item.name, item.folder])).toEqual([
        ['small.png', { id: folder.id, name: 'Holidays', path: folder.path }],
      ]);
      const atRoot = await get('/media?folder=root');
      expect(atRoot.body.data.results.map((item: any) => item.name).sort()).toEqual([
        'large.png',
        'medium.png',
        'tiny.png',
      ]);
      expect((await get('/media')).body.data.pagination.total).toBe(4);

      const folders = await get('/media/folders');
      expect(folders.status).toBe(200);
      expect(folders.body.data).toEqual([
        { id: folder.id, name: 'Holidays', path: folder.path, label: 'Holidays' },
      ]);

      const unknown = await get('/media?folder=987654');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toMatchObject({ status: 404, name: 'NotFoundError' });
    });

    it('refuses bad queries in Strapi’s error shape', async () => {
      for (const query of [
        'pageSize=101',
        'pageSize=0',
        'page=0',
        'page=abc',
        'folder=abc',
        'folder=-1',
        'sort=name',
        `q=${'x'.repeat(201)}`,
        'q[$ne]=a',
      ]) {
        const { status, body } = await get(`/media?${query}`);
        expect([query, status]).toEqual([query, 400]);
        expect(body).toMatchObject({
          data: null,
          error: { status: 400, name: 'ValidationError', message: 'Invalid query' },
        });
        expect(body.error.details.errors.length).toBeGreaterThan(0);
      }
    });
  });

  describe('bulk rules', () => {
    it('turns several images off at once, and GET /prices then refuses them (404)', async () => {
      await setMode('opt-out');
      const ids = [shop.images.large.id, shop.images.medium.id];
      const off = await put('/media/sale', { fileIds: ids, forSale: false });
      expect(off.status).toBe(200);
      expect(off.body.data).toEqual({
        saleMode: 'opt-out',
        results: ids.map((id) => ({ id, rule: false, forSale: false, reason: 'opted_out' })),
      });
      const refused = await prices(shop.images.large.documentId);
      expect(refused.status).toBe(404);
      expect(await refused.json()).toEqual(
        strapiError(404, 'NotFoundError', 'No image for sale with this id'),
      );
      expect((await prices(shop.images.medium.documentId)).status).toBe(404);
      expect((await prices(shop.images.small.documentId)).status).toBe(200);
      const rows = await shop.db('smi_sale_rules').whereIn('file_id', ids).orderBy('file_id');
      expect(rows.map((row: any) => [Number(row.file_id), Boolean(row.for_sale)])).toEqual(
        [...ids].sort((a, b) => a - b).map((id) => [id, false]),
      );

      // on again (updating the existing rules), then back to the sale mode (rules removed)
      const on = await put('/media/sale', {
        fileIds: [...ids, shop.images.small.id],
        forSale: true,
      });
      expect(on.body.data.results.every((item: any) => item.forSale && item.rule === true)).toBe(
        true,
      );
      expect((await prices(shop.images.large.documentId)).status).toBe(200);
      const reset = await put('/media/sale', {
        fileIds: [...ids, shop.images.small.id],
        forSale: null,
      });
      expect(reset.body.data.results.map((item: any) => item.rule)).toEqual([null, null, null]);
      expect(Number((await shop.db('smi_sale_rules').count({ n: '*' }).first())?.n)).toBe(0);
      await setMode('all');
    });

    it('changes nothing and answers 404 with the unknown ids', async () => {
      const before = await tableCounts(shop.db);
      const res = await put('/media/sale', {
        fileIds: [shop.images.large.id, 987654],
        forSale: false,
      });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({
        data: null,
        error: { status: 404, name: 'NotFoundError', details: { missing: [987654] } },
      });
      expect(await tableCounts(shop.db)).toEqual(before);
    });

    it('refuses bad bodies', async () => {
      const before = await tableCounts(shop.db);
      const bodies = [
        {},
        { fileIds: [], forSale: true },
        { fileIds: Array.from({ length: 101 }, (_, i) => i + 1), forSale: true },
        { fileIds: ['1'], forSale: true },
        { fileIds: [1.5], forSale: true },
        { fileIds: [shop.images.large.id], forSale: 'yes' },
        { fileIds: [shop.images.large.id] },
        { fileIds: [shop.images.large.id], forSale: true, extra: 1 },
        [shop.images.large.id],
      ];
      for (const body of bodies) {
        const res = await put('/media/sale', body);
        expect([JSON.stringify(body).slice(0, 40), res.status]).toEqual([
          JSON.stringify(body).slice(0, 40),
          400,
        ]);
        expect(res.body.error).toMatchObject({ status: 400, name: 'ValidationError' });
      }
      expect(await tableCounts(shop.db)).toEqual(before);
    });
  });

  describe('entry media (Content Manager side panel)', () => {
    const entryPath = (model: string, documentId: string, query = '') =>
      `/entries/${encodeURIComponent(model)}/${documentId}/media${query}`;

    it('lists the images of a draft entry with their sale state and the prices GET /prices quotes', async () => {
      const created = await shop.app.testSupport('POST', '/documents/api::photo.photo', {
        data: { title: 'Dunes', image: shop.images.large.id },
      });
      expect(created.status).toBe(201);
      const documentId = created.body.documentId as string;

      const { status, body } = await get(entryPath('api::photo.photo', documentId));
      expect(status).toBe(200);
      expect(body.data).toMatchObject({ saleMode: 'all', currency: 'usd', mediaFields: ['image'] });
      expect(body.data.images).toHaveLength(1);
      const [entryImage] = body.data.images;
      expect(entryImage).toMatchObject({
        fileId: shop.images.large.id,
        documentId: shop.images.large.documentId,
        field: 'image',
        name: 'large.png',
        width: 2000,
        height: 2000,
        rule: null,
        forSale: true,
      });
      expect(entryImage.thumbnailUrl).toMatch(/thumbnail_/);
      const quote = await (await prices(shop.images.large.documentId)).json();
      expect(entryImage.prices.map((p: any) => p.resolution)).toEqual(['4x', '8x']);
      expect(entryImage.prices).toEqual(
        // the public options without the output megapixels (and the local-AI time estimate)
        quote.options.map(
          ({ megapixels: _megapixels, expectedSeconds: _expectedSeconds, ...shown }: any) => shown,
        ),
      );

      // The rule shows up, and the prices stay visible for an image switched off.
      await setMode('opt-out');
      expect((await put(`/media/${shop.images.large.id}/sale`, { forSale: false })).status).toBe(
        200,
      );
      const after = (await get(entryPath('api::photo.photo', documentId))).body.data.images[0];
      expect(after).toMatchObject({ rule: false, forSale: false, reason: 'opted_out' });
      expect(after.prices).toEqual(entryImage.prices);
      await clearRules();
      await setMode('all');

      // Never published: the published version does not exist.
      expect(
        (await get(entryPath('api::photo.photo', documentId, '?status=published'))).status,
      ).toBe(404);
    });

    it('answers an empty list for an entry without an image', async () => {
      const created = await shop.app.testSupport('POST', '/documents/api::photo.photo', {
        data: { title: 'No image yet' },
      });
      const { status, body } = await get(entryPath('api::photo.photo', created.body.documentId));
      expect(status).toBe(200);
      expect(body.data).toMatchObject({ mediaFields: ['image'], images: [] });
    });

    it('answers 404 for an unknown entry and 400 for a model that is not an api:: content type', async () => {
      const missing = await get(entryPath('api::photo.photo', 'zzzzzzzzzzzzzzzzzzzzzzzz'));
      expect(missing.status).toBe(404);
      expect(missing.body.error).toMatchObject({ status: 404, name: 'NotFoundError' });
      for (const [model, documentId, query] of [
        ['plugin::upload.file', 'abc', ''],
        ['plugin::sell-my-images.job', 'abc', ''],
        ['api::nothing.nothing', 'abc', ''],
        ['admin::user', 'abc', ''],
        ['api::photo.photo', 'a b', ''],
        ['api::photo.photo', 'abc', '?status=archived'],
        ['api::photo.photo', 'abc', '?locale=../x'],
        ['api::photo.photo', 'abc', '?populate=*'],
      ]) {
        const res = await get(entryPath(model, encodeURIComponent(documentId), query));
        expect([model, documentId, query, res.status]).toEqual([model, documentId, query, 400]);
        expect(res.body.error).toMatchObject({ status: 400, name: 'ValidationError' });
      }
    });
  });

  describe('availability: GET /prices, checkout, the price preview and the side panel agree', () => {
    let entry: string;
    beforeAll(async () => {
      const created = await shop.app.testSupport('POST', '/documents/api::photo.photo', {
        data: { title: 'Availability', image: shop.images.large.id },
      });
      entry = created.body.documentId;
    });
    afterAll(async () => {
      expect(
        (await put('/settings', { upscaler: 'sharp', resolutions: ['4x', '8x'] })).status,
      ).toBe(200);
    });

    type Shown = { resolution: string; available: boolean; reason?: string };
    const view = (options: Shown[]) =>
      options.map((o) => [o.resolution, o.available, o.reason ?? null]);
    /** Each resolution of large.png (2000×2000) as each place shows it. */
    async function everywhere() {
      const quote = await (await prices(shop.images.large.documentId)).json();
      const panel = (await get(`/entries/api::photo.photo/${entry}/media`)).body.data.images[0];
      const preview = await shop.adminApi('/settings/price-preview', { method: 'POST', json: {} });
      const sample = (await preview.json()).data.samples.find(
        (s: { width: number; height: number }) => s.width === 2000 && s.height === 2000,
      );
      return {
        prices: view(quote.options),
        panel: view(panel.prices),
        preview: view(sample.options),
      };
    }
    const checkout = (resolution: string) =>
      shop.api('/checkout', postJson({ fileId: shop.images.large.documentId, resolution }));

    it('marks what the upscaler cannot make unavailable everywhere, and checkout refuses it', async () => {
      // sharp makes at most 268 MP: 2000x2000 at 16x (1024 MP) cannot be made.
      expect((await put('/settings', { resolutions: ['4x', '8x', '16x'] })).status).toBe(200);
      const expected = [
        ['4x', true, null],
        ['8x', true, null],
        ['16x', false, 'exceeds_upscaler_output'],
      ];
      expect(await everywhere()).toEqual({ prices: expected, panel: expected, preview: expected });
      const before = await tableCounts(shop.db);
      const refused = await checkout('16x');
      expect(refused.status).toBe(400);
      expect((await refused.json()).error.details).toMatchObject({
        reason: 'exceeds_upscaler_output',
      });
      expect(await tableCounts(shop.db)).toEqual(before);
    });

    it('offers nothing while the chosen upscaler is not configured (Upsampler without a key): checkout answers 503', async () => {
      expect((await put('/settings', { upscaler: 'upsampler' })).status).toBe(200);
      const expected = ['4x', '8x', '16x'].map((res) => [res, false, 'upscaler_not_configured']);
      expect(await everywhere()).toEqual({ prices: expected, panel: expected, preview: expected });
      const before = await tableCounts(shop.db);
      const refused = await checkout('4x');
      expect(refused.status).toBe(503);
      expect((await refused.json()).error).toMatchObject({
        status: 503,
        message: 'Upscaling is not configured on this site yet',
      });
      expect(await tableCounts(shop.db)).toEqual(before);
      expect(shop.stripe.count('POST', '/v1/checkout/sessions')).toBe(0);
    });
  });

  describe('RBAC', () => {
    it('lets a role with only `read` look (not at entries it may not read) but not change a rule', async () => {
      const { token } = await createRestrictedAdmin(shop.app, shop.admin.token, {
        role: 'Media viewer',
        email: 'viewer@example.test',
        actions: ['read'],
      });
      const asViewer = (path: string, init: RequestInit = {}) =>
        fetch(`${shop.app.url}/sell-my-images${path}`, {
          ...init,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        });

      expect((await asViewer('/media')).status).toBe(200);
      expect((await asViewer('/media/folders')).status).toBe(200);
      const before = await tableCounts(shop.db);
      const single = await asViewer(`/media/${shop.images.large.id}/sale`, {
        method: 'PUT',
        body: JSON.stringify({ forSale: false }),
      });
      expect(single.status).toBe(403);
      expect((await single.json()).error).toMatchObject({ status: 403 });
      const bulk = await asViewer('/media/sale', {
        method: 'PUT',
        body: JSON.stringify({ fileIds: [shop.images.large.id], forSale: false }),
      });
      expect(bulk.status).toBe(403);
      expect(await tableCounts(shop.db)).toEqual(before);

      // Without Content Manager read access to photos, the panel's route refuses too.
      const created = await shop.app.testSupport('POST', '/documents/api::photo.photo', {
        data: { title: 'Private', image: shop.images.small.id },
      });
      const entry = await asViewer(`/entries/api::photo.photo/${created.body.documentId}/media`);
      expect(entry.status).toBe(403);
      expect((await entry.json()).error).toMatchObject({ status: 403, name: 'ForbiddenError' });

      expect((await fetch(`${shop.app.url}/sell-my-images/media`)).status).toBe(401);
    });
  });
});
