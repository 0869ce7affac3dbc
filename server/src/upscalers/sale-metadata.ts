/**
 * What a sold copy keeps of its original's metadata: who owns it (EXIF `Artist` and
 * `Copyright`), how it is turned (`Orientation`) and its colours (the ICC profile). Never
 * where it was taken (GPS), the camera, its serial number or owner, the dates, the maker
 * notes, the original's XMP or IPTC: a buyer gets the picture, not the photographer's
 * whereabouts. A sale's copy gets an XMP rights packet of its own (rights-xmp), written by
 * the same encode (docs/architecture.md "Rights metadata and licence page").
 */
import type { Metadata, Sharp } from 'sharp';
import { originalCredits, rightsXmp, type SaleRights } from './rights-xmp';

const OWNERSHIP_TAGS: Record<number, 'Artist' | 'Copyright'> = {
  0x013b: 'Artist',
  0x8298: 'Copyright',
};
const ASCII = 2;
const MAX_TEXT = 1000;

/**
 * The `Artist` and `Copyright` of an EXIF block (as sharp's `metadata().exif` gives it:
 * a TIFF structure, with or without the `Exif\0\0` marker). Anything malformed is skipped.
 */
export function ownershipTags(
  exif: Buffer | undefined,
): Partial<Record<'Artist' | 'Copyright', string>> {
  if (!exif) return {};
  const tiff = exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? exif.subarray(6) : exif;
  const order = tiff.length >= 8 ? tiff.toString('latin1', 0, 2) : '';
  if (order !== 'II' && order !== 'MM') return {};
  const u16 = (at: number) => (order === 'II' ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (order === 'II' ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd0 = u32(4);
  if (ifd0 + 2 > tiff.length) return {};
  const tags: Partial<Record<'Artist' | 'Copyright', string>> = {};
  for (let index = 0; index < u16(ifd0); index++) {
    const entry = ifd0 + 2 + index * 12;
    if (entry + 12 > tiff.length) break;
    const name = OWNERSHIP_TAGS[u16(entry)];
    if (!name || u16(entry + 2) !== ASCII) continue;
    const length = u32(entry + 4);
    const start = length <= 4 ? entry + 8 : u32(entry + 8);
    if (start + length > tiff.length) continue;
    // Copyright may hold two NUL-separated parts (photographer, editor).
    const text = tiff
      .toString('utf8', start, start + length)
      .split('\0')
      .map((part) => part.trim())
      .filter(Boolean)
      .join('; ')
      .slice(0, MAX_TEXT);
    if (text) tags[name] = text;
  }
  return tags;
}

/**
 * Writes the output of `pipeline` with only what a sold copy keeps of `original`:
 * `icc: 'keep'` attaches the original's profile (the pixels are still in its colour
 * space), `'srgb'` an sRGB one (they were converted). With `rights`, the copy also carries
 * the sale's XMP rights packet, with the original's copyright and creator in it.
 */
export function withSaleMetadata(
  pipeline: Sharp,
  original: Pick<Metadata, 'exif' | 'orientation' | 'iptc' | 'xmp'>,
  icc: 'keep' | 'srgb',
  rights?: SaleRights,
): Sharp {
  // libvips reads a trailing ` (…)` of a value as its own annotation and drops it: an
  // empty one is added so that a value's own parentheses stay.
  const IFD0: Record<string, string> = { Orientation: `${original.orientation ?? 1} ()` };
  for (const [name, value] of Object.entries(ownershipTags(original.exif))) {
    IFD0[name] = `${value} ()`;
  }
  const colours = icc === 'keep' ? pipeline.keepIccProfile() : pipeline.withIccProfile('srgb');
  // Replaces the EXIF block (the original's is not merged in); the original's XMP and IPTC
  // are not kept, only what the rights packet copies of them.
  const exif = colours.withExif({ IFD0 });
  return rights
    ? exif.withXmp(rightsXmp(rights, originalCredits(original, ownershipTags(original.exif))))
    : exif;
}
