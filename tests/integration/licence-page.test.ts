import { randomUUID } from 'node:crypto';
import path from 'node:path';
import sharp from 'sharp';
import { xmpProperty } from '../../server/src/upscalers/rights-xmp';
import { cameraPhoto, OWNER } from '../support/exif';
import { uploadFile, type UploadedFile } from './helpers/admin';
import {
  jobRow,
  openShop,
  publishPhoto,
  startCheckout,
  strapiError,
  type Shop,
} from './helpers/shop';
import { until } from './helpers/wait';

/**
 * A sale with a licence (docs/architecture.md "Rights metadata and licence page"): the
 * delivered file's XMP names the licence, the order and the licence page; the page shows
 * the job's licence snapshot in the buyer's language, and one 404 for every refusal.
 */
describe(`licence page (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  let photo: UploadedFile;

  beforeAll(async () => {
    // The local sharp upscaler (the default) until the last test switches to Upsampler.
    shop = await openShop('licence');
    // Strapi's size optimization re-encodes an upload without its metadata (README "Rights
    // metadata and the licence page"): off, so the original keeps its copyright.
    const upload = await fetch(`${shop.app.url}/upload/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${shop.admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        sizeOptimization: false,
        responsiveDimensions: true,
        autoOrientation: false,
      }),
    });
    expect(upload.status).toBe(200);
    photo = await uploadFile(shop.app, shop.admin, {
      name: 'camera.jpg',
      data: await cameraPhoto(160, 120, 'jpeg'),
      mime: 'image/jpeg',
    });
    await publishPhoto(shop.app, 'camera', photo.id);
  });
  afterAll(async () => shop?.close());

  const COMMERCIAL = {
    licenceId: 'commercial',
    licenceName: 'Commercial <Pro>',
    licenceText: 'Use in advertising & print.\nNo resale of the file.',
    licenceMultiplierPercent: 300,
  };

  /** Checkout, the licence snapshot given to the job before payment, paid, delivered. */
  async function licensedSale(
    fileId: string,
    email: string,
    snapshot: Record<string, unknown> | null,
    licence?: string,
  ) {
    const request = { fileId, resolution: '4x', email, ...(licence ? { licence } : {}) };
    const { jobId, session } = await startCheckout(shop, request);
    if (snapshot) {
      const set = await shop.app.testSupport('POST', `/jobs/${jobId}/licence`, snapshot);
      expect(set.status).toBe(200);
    }
    await shop.stripe.completeSession(session.id);
    const row = await until(
      () => jobRow(shop, jobId),
      (r) => r.status === 'completed' || r.status === 'failed',
      60_000,
    );
    expect(row.status).toBe('completed');
    const file = path.join(shop.app.environment().SMI_STORAGE_DIR as string, row.stored_file_key);
    const meta = await sharp(file).metadata();
    return { jobId, row, session, meta, xml: meta.xmp?.toString('utf8') ?? '' };
  }

  const page = (query: string) => fetch(`${shop.app.pluginUrl('/licence')}?${query}`);

  it("delivers a JPEG whose XMP names the licence, the order, its licence page and the original's owner; the page shows the snapshot", async () => {
    const email = 'licensed@example.test';
    const { jobId, meta, xml } = await licensedSale(photo.documentId, email, COMMERCIAL);
    expect(meta.format).toBe('jpeg');
    expect(xmpProperty(xml, 'xmpRights:Marked')).toBe('True');
    expect(xmpProperty(xml, 'smi:Licence')).toBe('Commercial <Pro>');
    expect(xmpProperty(xml, 'smi:OrderId')).toBe(jobId);
    expect(xmpProperty(xml, 'xmpRights:UsageTerms')).toBe(
      'Commercial <Pro> Use in advertising & print. No resale of the file.',
    );
    expect(xmpProperty(xml, 'dc:rights')).toBe(OWNER.Copyright);
    expect(xmpProperty(xml, 'dc:creator')).toBe(OWNER.Artist);
    // nothing personal unless the owner opts in
    expect(xml).not.toContain(email);

    const link = xmpProperty(xml, 'xmpRights:WebStatement') ?? '';
    const url = new URL(link);
    expect(`${url.origin}${url.pathname}`).toBe(shop.app.pluginUrl('/licence'));
    expect(url.searchParams.get('order')).toBe(jobId);

    const res = await fetch(link);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toMatch(
      /^default-src 'none'; style-src 'sha256-/,
    );
    expect(res.headers.get('cache-control')).toMatch(/^private/);
    expect(res.headers.get('x-robots-tag')).toMatch(/noindex/);
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(jobId);
    expect(html).toContain('camera.jpg');
    expect(html).toContain('4x — 640 × 480 px');
    expect(html).toContain('Commercial &lt;Pro&gt;');
    expect(html).toContain('Use in advertising &amp; print.\nNo resale of the file.');
    expect(html).not.toMatch(/<(script|link|img)\b/);

    // the page reads the job's snapshot (this shop's settings offer no licence at all)
    await shop.app.testSupport('POST', `/jobs/${jobId}/licence`, {
      licenceText: 'Changed afterwards',
    });
    expect(await (await fetch(link)).text()).toContain('Changed afterwards');
  });

  it('sells the licence the buyer chose at checkout: priced by its tier, named in the XMP, the buyer only with the opt-in', async () => {
    const tiers = [
      { id: 'personal', name: 'Personal', multiplierPercent: 100, text: 'Own use.' },
      { id: 'commercial', name: 'Commercial', multiplierPercent: 300, text: 'Any business use.' },
    ];
    const saved = await shop.adminApi('/settings', {
      method: 'PUT',
      json: { licences: tiers, rightsMetadataIncludesBuyer: true },
    });
    expect(saved.status).toBe(200);
    try {
      const prices = await (await shop.api(`/prices?fileId=${photo.documentId}`)).json();
      const personal = prices.licences[0].options.find(
        (o: { resolution: string }) => o.resolution === '4x',
      );
      const commercial = prices.licences[1].options.find(
        (o: { resolution: string }) => o.resolution === '4x',
      );
      expect(commercial.amount).toBe(personal.amount * 3);

      const email = 'chose-commercial@example.test';
      const { row, session, xml } = await licensedSale(photo.documentId, email, null, 'commercial');
      expect(session.amount_subtotal).toBe(commercial.amount);
      expect(row.licence_name).toBe('Commercial');
      expect(xmpProperty(xml, 'smi:Licence')).toBe('Commercial');
      expect(xmpProperty(xml, 'xmpRights:UsageTerms')).toContain('Any business use.');
      // The owner opted in: the licensee is the buyer.
      expect(xml).toContain(email);
      const html = await (await fetch(xmpProperty(xml, 'xmpRights:WebStatement') ?? '')).text();
      expect(html).toContain('Any business use.');
    } finally {
      const reset = await shop.adminApi('/settings', {
        method: 'PUT',
        json: { licences: [], rightsMetadataIncludesBuyer: false },
      });
      expect(reset.status).toBe(200);
    }
  });

  it('answers one 404 for a wrong or missing signature, an unknown order and an order without a licence', async () => {
    const { jobId, xml } = await licensedSale(
      photo.documentId,
      'refusals@example.test',
      COMMERCIAL,
    );
    const link = new URL(xmpProperty(xml, 'xmpRights:WebStatement') ?? '');
    const sig = link.searchParams.get('sig') ?? '';
    expect((await fetch(link)).status).toBe(200);

    const expected = strapiError(404, 'NotFoundError', 'No licence page here');
    const tampered = `${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const query of [
      `order=${jobId}&sig=${tampered}`,
      `order=${jobId}`,
      `order=${randomUUID()}&sig=${sig}`,
    ]) {
      const res = await page(query);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual(expected);
    }
    // a malformed order id is a bad request, not a page
    expect((await page(`order=42&sig=${sig}`)).status).toBe(400);

    // the same signed link, once the job has no licence
    await shop.app.testSupport('POST', `/jobs/${jobId}/licence`, {
      licenceId: null,
      licenceName: null,
    });
    const gone = await fetch(link);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual(expected);
  });

  it('speaks French to a French buyer, keeps a PNG a PNG, and marks a sale without a licence with the site and order only', async () => {
    const french = await licensedSale(shop.images.small.documentId, 'fr@example.test', {
      ...COMMERCIAL,
      licenceName: 'Commerciale',
      locale: 'fr',
    });
    expect(french.meta.format).toBe('png');
    expect(xmpProperty(french.xml, 'smi:Licence')).toBe('Commerciale');
    const html = await (
      await fetch(xmpProperty(french.xml, 'xmpRights:WebStatement') ?? '')
    ).text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Date d’achat');
    expect(html).toContain('Conditions de la licence');

    const plain = await licensedSale(shop.images.small.documentId, 'plain@example.test', null);
    expect(xmpProperty(plain.xml, 'xmpRights:Marked')).toBe('True');
    expect(xmpProperty(plain.xml, 'smi:OrderId')).toBe(plain.jobId);
    expect(xmpProperty(plain.xml, 'plus:LicensorName')).toBe(new URL(shop.app.url).host);
    expect(plain.xml).not.toContain('xmpRights:WebStatement');
    expect(plain.xml).not.toContain('xmpRights:UsageTerms');
  });

  it("splices the packet into a cloud (Upsampler) result, with the original's owner", async () => {
    const put = await shop.adminApi('/settings', {
      method: 'PUT',
      json: { upscaler: 'upsampler' },
    });
    expect(put.status).toBe(200);
    const { jobId, row, meta, xml } = await licensedSale(
      photo.documentId,
      'cloud@example.test',
      COMMERCIAL,
    );
    expect(row.upscaler).toBe('upsampler');
    expect(meta.format).toBe('jpeg');
    expect(xmpProperty(xml, 'smi:OrderId')).toBe(jobId);
    expect(xmpProperty(xml, 'smi:Licence')).toBe('Commercial <Pro>');
    expect(xmpProperty(xml, 'dc:rights')).toBe(OWNER.Copyright);
    const link = xmpProperty(xml, 'xmpRights:WebStatement') ?? '';
    expect(new URL(link).searchParams.get('order')).toBe(jobId);
    expect((await fetch(link)).status).toBe(200);
  });
});
