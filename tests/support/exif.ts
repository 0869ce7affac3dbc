import sharp from 'sharp';

/**
 * A camera photo as a site owner might upload it: turned (Orientation 6), in Display P3,
 * with the photographer's Artist and Copyright, and personal data a buyer must not get:
 * where it was taken (GPS), the camera and its serial number, the camera owner's name.
 */
export const OWNER = { Artist: 'Jane Doe', Copyright: 'Copyright 2025 Jane Doe (Studio)' };
export const PERSONAL = ['Canon', 'EOS R5', 'SN-424242', 'Jane Private'];

export async function cameraPhoto(
  width: number,
  height: number,
  format: 'jpeg' | 'png' | 'webp',
): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37) % 251;
  // libvips drops a trailing ` (…)` of a value as its own annotation: ` ()` keeps "(Studio)".
  const photo = sharp(pixels, { raw: { width, height, channels: 3 } })
    .withExif({
      IFD0: {
        Make: 'Canon',
        Model: 'EOS R5',
        Artist: OWNER.Artist,
        Copyright: `${OWNER.Copyright} ()`,
      },
      IFD2: { BodySerialNumber: 'SN-424242', CameraOwnerName: 'Jane Private' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '48/1 51/1 30/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '2/1 17/1 40/1',
      },
    })
    .withMetadata({ orientation: 6, icc: 'p3' });
  return photo[format]().toBuffer();
}

/** What an image's EXIF says: its IFD0 text tags by id, and whether it has a GPS block. */
export function readExif(exif: Buffer | undefined): { text: Map<number, string>; gps: boolean } {
  const text = new Map<number, string>();
  if (!exif) return { text, gps: false };
  const tiff = exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? exif.subarray(6) : exif;
  const le = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (at: number) => (le ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (le ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd0 = u32(4);
  let gps = false;
  for (let i = 0; i < u16(ifd0); i++) {
    const entry = ifd0 + 2 + i * 12;
    const tag = u16(entry);
    if (tag === 0x8825) gps = true;
    if (u16(entry + 2) !== 2) continue;
    const length = u32(entry + 4);
    const start = length <= 4 ? entry + 8 : u32(entry + 8);
    text.set(tag, tiff.toString('latin1', start, start + length).replace(/\0+$/, ''));
  }
  return { text, gps };
}

/** libvips' own copy of a named ICC profile, as it attaches it. */
async function profile(name: 'p3' | 'srgb'): Promise<Buffer | undefined> {
  const tagged = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#fff' } })
    .withIccProfile(name)
    .png()
    .toBuffer();
  return (await sharp(tagged).metadata()).icc;
}

export const ARTIST = 0x013b;
export const COPYRIGHT = 0x8298;

/** Checks that `image` kept what a sold copy keeps of `cameraPhoto`, and nothing else. */
export async function expectSaleMetadata(
  image: string | Buffer,
  icc: 'p3' | 'srgb',
): Promise<void> {
  const meta = await sharp(image).metadata();
  const exif = readExif(meta.exif);
  expect(exif.gps).toBe(false);
  expect(exif.text.get(ARTIST)).toBe(OWNER.Artist);
  expect(exif.text.get(COPYRIGHT)).toBe(OWNER.Copyright);
  const everything = (meta.exif ?? Buffer.alloc(0)).toString('latin1');
  for (const personal of PERSONAL) expect(everything).not.toContain(personal);
  expect(meta.orientation).toBe(6);
  expect(meta.xmp).toBeUndefined();
  expect(meta.iptc).toBeUndefined();
  const expected = await profile(icc);
  expect(Boolean(meta.icc && expected && meta.icc.equals(expected))).toBe(true);
}
