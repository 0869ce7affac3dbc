import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { embedXmp } from '../../server/src/delivery/xmp-embed';
import { validateResult } from '../../server/src/fulfilment/result-validation';
import { rightsXmp, xmpProperty } from '../../server/src/upscalers/rights-xmp';
import { cameraPhoto, COPYRIGHT, OWNER, readExif } from '../support/exif';

/**
 * A cloud result gets its rights packet spliced in without a decode (docs/architecture.md
 * "Rights metadata and licence page"): the pixels and the other metadata stay as they were.
 */
const packet = rightsXmp(
  {
    orderId: 'order-7',
    site: 'Shop & Co',
    siteUrl: 'https://shop.example',
    licenceName: 'Editorial',
    licenceText: 'News only.',
    licenceUrl: 'https://shop.example/api/sell-my-images/licence?order=order-7&sig=s',
    licensee: null,
  },
  { rights: 'Copyright Jane' },
);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'smi-embed-'));
});

describe('embedXmp', () => {
  test.each(['jpeg', 'png'] as const)(
    'writes the packet into a %s, replaces the XMP it had, keeps pixels, EXIF and validity',
    async (format) => {
      // A provider's result with an XMP packet of its own and the original's EXIF.
      const source = await sharp(await cameraPhoto(64, 48, format))
        .keepExif()
        .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><provider>old</provider></x:xmpmeta>')
        .toFormat(format)
        .toBuffer();
      const file = path.join(dir, `result.${format}`);
      await writeFile(file, source);

      expect(await embedXmp(file, packet)).toBe(true);
      const written = await readFile(file);
      const meta = await sharp(written).metadata();
      const xml = meta.xmp?.toString('utf8') ?? '';
      expect(xml).not.toContain('<provider>');
      expect(xmpProperty(xml, 'smi:OrderId')).toBe('order-7');
      expect(xmpProperty(xml, 'smi:Site')).toBe('Shop & Co');
      expect(xmpProperty(xml, 'dc:rights')).toBe('Copyright Jane');
      expect(readExif(meta.exif).text.get(COPYRIGHT)).toBe(OWNER.Copyright);
      const pixels = async (image: Buffer) => sharp(image).raw().toBuffer();
      expect((await pixels(written)).equals(await pixels(source))).toBe(true);
      expect(written.length).toBeGreaterThan(source.length);
      await expect(
        validateResult(file, { expectedWidth: 64, expectedHeight: 48 }),
      ).resolves.toMatchObject({ format, width: 64, height: 48 });

      // Again: still one packet, the new one.
      expect(await embedXmp(file, packet.replace(/order-7/g, 'order-8'))).toBe(true);
      const again = (await sharp(file).metadata()).xmp?.toString('utf8') ?? '';
      expect(xmpProperty(again, 'smi:OrderId')).toBe('order-8');
      expect(
        (await readFile(file)).toString('latin1').split('http://ns.adobe.com/xap/1.0/rights/')
          .length,
      ).toBe(2);
    },
  );

  it('leaves another format, or a file that only starts like an image, untouched', async () => {
    const webp = path.join(dir, 'result.webp');
    const bytes = await sharp(await cameraPhoto(16, 12, 'webp')).toBuffer();
    await writeFile(webp, bytes);
    expect(await embedXmp(webp, packet)).toBe(false);
    expect((await readFile(webp)).equals(bytes)).toBe(true);

    const broken = path.join(dir, 'broken.jpg');
    const garbage = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0xff, 0xff]),
      Buffer.alloc(10),
    ]);
    await writeFile(broken, garbage);
    expect(await embedXmp(broken, packet)).toBe(false);
    expect((await readFile(broken)).equals(garbage)).toBe(true);
  });
});
