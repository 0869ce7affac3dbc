import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { verifyLicenceSignature } from '../../server/src/delivery/licence-links';
import { renderLicencePage } from '../../server/src/delivery/licence-page';
import { saleRightsOf } from '../../server/src/delivery/rights-metadata';
import {
  iptcDatasets,
  MAX_USAGE_TERMS,
  originalCredits,
  rightsXmp,
  usageTerms,
  xmpProperty,
  type SaleRights,
} from '../../server/src/upscalers/rights-xmp';
import { ownershipTags, withSaleMetadata } from '../../server/src/upscalers/sale-metadata';
import { upscaleImageFile } from '../../server/src/upscalers/local-ai/upscale-image';
import { createSharpUpscaler } from '../../server/src/upscalers/sharp';
import { cameraPhoto, expectSaleMetadata, OWNER, readExif, COPYRIGHT } from '../support/exif';

/**
 * The XMP rights packet of a sold copy and the licence page (docs/architecture.md "Rights
 * metadata and licence page"): every value escaped, the buyer only on opt-in, read back
 * from files sharp really wrote.
 */
const strapi = {
  config: {
    get: (key: string, fallback?: unknown) =>
      ({ 'server.app.keys': ['k1', 'k2'], 'server.url': 'https://shop.example' })[key] ?? fallback,
  },
} as never;

const HOSTILE = `Tom & Jerry's <b>"shop"</b>\u0001 ]]>`;
const JOB_ID = '3f0a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';

const rights = (over: Partial<SaleRights> = {}): SaleRights => ({
  orderId: JOB_ID,
  site: 'Photo Shop',
  siteUrl: 'https://shop.example',
  licenceName: 'Commercial',
  licenceText: 'Use it in ads.\nNo resale.',
  licenceUrl: 'https://shop.example/api/sell-my-images/licence?order=x&sig=y',
  licensee: null,
  ...over,
});

const job = {
  jobId: JOB_ID,
  email: 'buyer@example.test',
  licenceId: 'commercial',
  licenceName: 'Commercial',
  licenceText: 'Use it in ads.',
};

describe('rights XMP packet', () => {
  it('escapes every value: what is read back is what was given, minus what XML cannot carry', () => {
    const xml = rightsXmp(
      rights({ site: HOSTILE, licenceName: HOSTILE, licenceText: HOSTILE, licensee: HOSTILE }),
      { rights: HOSTILE, creator: HOSTILE, credit: HOSTILE },
    );
    expect(xml).not.toContain('<b>');
    expect(xml).not.toContain('\u0001');
    const clean = HOSTILE.replace('\u0001', '');
    for (const name of ['smi:Site', 'dc:rights', 'dc:creator', 'photoshop:Credit', 'smi:Licence'])
      expect(xmpProperty(xml, name)).toBe(clean);
    expect(xmpProperty(xml, 'plus:LicenseeName')).toBe(clean);
    expect(xmpProperty(xml, 'xmpRights:WebStatement')).toBe(rights().licenceUrl);
    expect(xml).toContain('order=x&amp;sig=y');
  });

  it('names the buyer only when the owner opted in', () => {
    const off = saleRightsOf(strapi, job, { siteName: null, rightsMetadataIncludesBuyer: false });
    const on = saleRightsOf(strapi, job, { siteName: 'Shop', rightsMetadataIncludesBuyer: true });
    expect(off.licensee).toBeNull();
    expect(rightsXmp(off, {})).not.toContain('buyer@example.test');
    expect(rightsXmp(off, {})).not.toContain('plus:Licensee>');
    expect(on.licensee).toBe('buyer@example.test');
    expect(xmpProperty(rightsXmp(on, {}), 'plus:LicenseeName')).toBe('buyer@example.test');
    // the site: its name, else the public URL's host
    expect([off.site, on.site]).toEqual(['shop.example', 'Shop']);
  });

  it("links the order's signed licence page, and marks a sale without a licence with the site and order only", () => {
    const licensed = saleRightsOf(strapi, job, {
      siteName: null,
      rightsMetadataIncludesBuyer: false,
    });
    const url = new URL(licensed.licenceUrl ?? '');
    expect(url.pathname).toBe('/api/sell-my-images/licence');
    expect(url.searchParams.get('order')).toBe(JOB_ID);
    expect(verifyLicenceSignature(strapi, JOB_ID, url.searchParams.get('sig') ?? '')).toBe(true);

    const plain = saleRightsOf(
      strapi,
      { ...job, licenceId: null, licenceName: null, licenceText: null },
      { siteName: null, rightsMetadataIncludesBuyer: false },
    );
    const xml = rightsXmp(plain, {});
    expect(xmpProperty(xml, 'xmpRights:Marked')).toBe('True');
    expect(xmpProperty(xml, 'smi:OrderId')).toBe(JOB_ID);
    expect(xmpProperty(xml, 'xmpMM:DocumentID')).toBe(`urn:smi:order:${JOB_ID}`);
    expect(xmpProperty(xml, 'plus:LicensorName')).toBe('shop.example');
    expect(xml).not.toContain('xmpRights:UsageTerms');
    expect(xml).not.toContain('xmpRights:WebStatement');
  });

  it('cuts long terms at a word, pointing to the page for the rest', () => {
    const long = rights({ licenceText: 'word '.repeat(2000) });
    const terms = usageTerms(long) ?? '';
    expect(terms.length).toBeLessThanOrEqual(MAX_USAGE_TERMS);
    expect(terms.startsWith('Commercial\n\nword word')).toBe(true);
    expect(terms.endsWith(`… (full terms: ${long.licenceUrl})`)).toBe(true);
    expect(usageTerms(rights())).toBe('Commercial\n\nUse it in ads.\nNo resale.');
  });

  it("reads the original's owner from its XMP first, then IPTC, then EXIF", async () => {
    const exifOnly = await sharp(await cameraPhoto(8, 6, 'jpeg')).metadata();
    expect(originalCredits(exifOnly, ownershipTags(exifOnly.exif))).toEqual({
      rights: OWNER.Copyright,
      creator: OWNER.Artist,
    });
    // IIM record 2: 116 copyright notice, 80 by-line, 110 credit
    const dataset = (id: number, text: string) =>
      Buffer.concat([Buffer.from([0x1c, 2, id, 0, Buffer.byteLength(text)]), Buffer.from(text)]);
    const iptc = Buffer.concat([
      Buffer.from('Photoshop 3.0\0'),
      dataset(116, '© IPTC Owner'),
      dataset(80, 'IPTC Creator'),
      dataset(110, 'IPTC Credit'),
    ]);
    expect(iptcDatasets(iptc)).toEqual({
      116: '© IPTC Owner',
      80: 'IPTC Creator',
      110: 'IPTC Credit',
    });
    const xmp = Buffer.from(
      '<x:xmpmeta><rdf:RDF><rdf:Description photoshop:Credit="XMP &amp; Credit">' +
        '<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">© XMP Owner</rdf:li></rdf:Alt></dc:rights>' +
        '</rdf:Description></rdf:RDF></x:xmpmeta>',
    );
    expect(originalCredits({ xmp, iptc }, { Copyright: 'exif', Artist: 'exif artist' })).toEqual({
      rights: '© XMP Owner',
      creator: 'IPTC Creator',
      credit: 'XMP & Credit',
    });
  });
});

describe('rights written by the encode of the delivered file', () => {
  test.each(['jpeg', 'png', 'webp'] as const)(
    'a %s keeps its EXIF owner and orientation and carries the packet',
    async (format) => {
      const input = await cameraPhoto(40, 30, format);
      const original = await sharp(input).metadata();
      const out = await withSaleMetadata(
        sharp(input).resize(80, 60),
        original,
        'keep',
        rights({ licensee: 'buyer@example.test' }),
      )
        .toFormat(format)
        .toBuffer();
      const meta = await sharp(out).metadata();
      expect(meta.format).toBe(format);
      expect(meta.orientation).toBe(6);
      expect(readExif(meta.exif).text.get(COPYRIGHT)).toBe(OWNER.Copyright);
      const xml = meta.xmp?.toString('utf8') ?? '';
      expect(xmpProperty(xml, 'xmpRights:Marked')).toBe('True');
      expect(xmpProperty(xml, 'xmpRights:UsageTerms')).toBe('Commercial Use it in ads. No resale.');
      expect(xmpProperty(xml, 'xmpRights:WebStatement')).toBe(rights().licenceUrl);
      expect(xmpProperty(xml, 'smi:OrderId')).toBe(JOB_ID);
      expect(xmpProperty(xml, 'dc:rights')).toBe(OWNER.Copyright);
      expect(xmpProperty(xml, 'dc:creator')).toBe(OWNER.Artist);
      expect(xmpProperty(xml, 'plus:LicenseeName')).toBe('buyer@example.test');
      // nothing personal of the original came along
      expect(out.toString('latin1')).not.toContain('SN-424242');
    },
  );

  it('the sharp upscaler writes the request rights; without them, the file is as before (no XMP)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'smi-rights-'));
    const inputPath = path.join(dir, 'camera.jpg');
    await writeFile(inputPath, await cameraPhoto(40, 30, 'jpeg'));
    const upscaler = createSharpUpscaler({ workDir: dir });
    const request = { imageUrl: 'https://unused.example/x', scale: 2, inputPath };
    const sold = await upscaler.submit({ ...request, jobId: 'sold', rights: rights() });
    const plain = await upscaler.submit({ ...request, jobId: 'plain' });
    if (sold.status.state !== 'succeeded' || plain.status.state !== 'succeeded')
      throw new Error('expected result files');
    const soldMeta = await sharp(sold.status.resultPath).metadata();
    expect(xmpProperty(soldMeta.xmp?.toString() ?? '', 'smi:Licence')).toBe('Commercial');
    await expectSaleMetadata(plain.status.resultPath ?? '', 'p3');
  });
});

it("the local AI upscaler's final encode writes the packet, with the original's owner", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'smi-rights-ai-'));
  const inputPath = path.join(dir, 'camera.jpg');
  await writeFile(inputPath, await cameraPhoto(30, 20, 'jpeg'));
  // A stand-in model: each pixel doubled (the network is not what is tested here).
  const model = {
    scale: 2,
    padding: 0,
    async upscale(rgb: Uint8Array, width: number, height: number) {
      return sharp(rgb, { raw: { width, height, channels: 3 } })
        .resize(width * 2, height * 2, { kernel: 'nearest' })
        .raw()
        .toBuffer();
    },
  };
  const outputPath = path.join(dir, 'sold.jpg');
  await upscaleImageFile({
    inputPath,
    outputPath,
    workDir: dir,
    scale: 2,
    model,
    tileSize: 16,
    format: 'jpeg',
    maxInputPixels: 1e7,
    rights: rights(),
  });
  const meta = await sharp(outputPath).metadata();
  expect([meta.width, meta.height]).toEqual([60, 40]);
  const xml = meta.xmp?.toString('utf8') ?? '';
  expect(xmpProperty(xml, 'smi:OrderId')).toBe(JOB_ID);
  expect(xmpProperty(xml, 'smi:Licence')).toBe('Commercial');
  expect(xmpProperty(xml, 'dc:rights')).toBe(OWNER.Copyright);
});

describe('licence page', () => {
  const pageJob = {
    jobId: JOB_ID,
    fileName: '<script>alert(1)</script>.jpg',
    resolution: '4x',
    outputWidth: 8000,
    outputHeight: 6000,
    paidAt: '2026-03-04T10:20:00.000Z',
    createdAt: '2026-03-04T10:19:00.000Z',
    paymentStatus: 'paid' as const,
    licenceName: 'Commercial <ltd>',
    licenceText: 'Line one & two\nLine <three>',
    locale: null,
  };

  it('shows the snapshot escaped, line breaks kept, in English by default', () => {
    const html = renderLicencePage(pageJob, 'Photo & Co');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>Photo &amp; Co</h1>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;.jpg');
    expect(html).toContain('Commercial &lt;ltd&gt;');
    expect(html).toContain('Line one &amp; two\nLine &lt;three&gt;');
    expect(html).toContain('4x — 8000 × 6000 px');
    expect(html).toContain('4 March 2026');
    expect(html).toContain('Date of purchase');
    expect(html).not.toContain('refunded');
  });

  it('speaks French to a French buyer and says when the order was refunded', () => {
    const html = renderLicencePage({ ...pageJob, locale: 'fr-CA', paymentStatus: 'refunded' }, 'S');
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Date d’achat');
    expect(html).toContain('4 mars 2026');
    expect(html).toContain('la licence ne s’applique plus');
  });
});
