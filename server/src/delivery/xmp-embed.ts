/**
 * Puts an XMP packet into a JPEG or PNG file without decoding it (docs/architecture.md
 * "Rights metadata and licence page"): a cloud upscaler's result is delivered as it came,
 * so its rights packet is spliced in as a JPEG APP1 segment or a PNG `iTXt` chunk, any
 * XMP it had before is dropped, and the pixel data is copied byte for byte. Other formats,
 * and files whose structure is not what it should be, are left as they are.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, rm, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { once } from 'node:events';

const JPEG_XMP_ID = Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_XMP_KEYWORD = Buffer.from('XML:com.adobe.xmp\0', 'latin1');
/** A JPEG segment holds at most 65,533 bytes after its length. */
const MAX_JPEG_XMP = 0xffff - 2 - JPEG_XMP_ID.length;

/** Largest file spliced in memory (one read, one write); a bigger one is streamed. */
export const IN_MEMORY_BYTES = 32 * 1024 * 1024;

/** What to write: bytes of our own, or a range [start, end) of the source file. */
type Piece = Buffer | { start: number; end: number };

/** Reads `length` bytes at `position` (fewer at the end) of the source: a file or its bytes. */
type Reader = (position: number, length: number) => Promise<Buffer>;

const fileReader =
  (handle: FileHandle): Reader =>
  async (position, length) => {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  };

const memoryReader =
  (bytes: Buffer): Reader =>
  (position, length) =>
    Promise.resolve(bytes.subarray(position, position + length));

/** The JPEG's pieces with `xmp` after its leading APPn segments and without its own XMP. */
async function jpegPieces(read: Reader, size: number, xmp: Buffer): Promise<Piece[] | null> {
  const start = await read(0, 3);
  if (start.length < 3 || start[0] !== 0xff || start[1] !== 0xd8 || start[2] !== 0xff) return null;
  if (xmp.length > MAX_JPEG_XMP) return null;
  const length = Buffer.alloc(2);
  length.writeUInt16BE(2 + JPEG_XMP_ID.length + xmp.length);
  const segment = Buffer.concat([Buffer.from([0xff, 0xe1]), length, JPEG_XMP_ID, xmp]);
  const pieces: Piece[] = [{ start: 0, end: 2 }];
  let at = 2;
  let inserted = false;
  // Segments up to the image data (SOS); standalone markers never come before it.
  while (at + 4 <= size) {
    const header = await read(at, 4 + JPEG_XMP_ID.length);
    if (header[0] !== 0xff) return null;
    const marker = header[1] as number;
    if (marker === 0xda) break;
    const end = at + 2 + header.readUInt16BE(2);
    if (end > size) return null;
    const isApp = marker >= 0xe0 && marker <= 0xef;
    if (!isApp && !inserted) {
      pieces.push(segment);
      inserted = true;
    }
    const isXmp = marker === 0xe1 && header.subarray(4).equals(JPEG_XMP_ID);
    if (!isXmp) pieces.push({ start: at, end });
    at = end;
  }
  if (!inserted) pieces.push(segment);
  pieces.push({ start: at, end: size });
  return pieces;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The PNG's pieces with an XMP `iTXt` after IHDR, without the XMP it had before its image data. */
async function pngPieces(read: Reader, size: number, xmp: Buffer): Promise<Piece[] | null> {
  if (!(await read(0, 8)).equals(PNG_SIGNATURE)) return null;
  // keyword, compression flag and method, empty language tag and translated keyword, text
  const data = Buffer.concat([PNG_XMP_KEYWORD, Buffer.from([0, 0, 0, 0]), xmp]);
  const typed = Buffer.concat([Buffer.from('iTXt', 'latin1'), data]);
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  typed.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(typed), 8 + data.length);
  const pieces: Piece[] = [];
  let at = 8;
  while (at + 8 <= size) {
    const header = await read(at, 8 + PNG_XMP_KEYWORD.length);
    const type = header.toString('latin1', 4, 8);
    const end = at + 12 + header.readUInt32BE(0);
    if (end > size) return null;
    if (type === 'IDAT' || type === 'IEND') break;
    // libvips writes XMP as zTXt, most others as iTXt: either is dropped.
    const isText = type === 'iTXt' || type === 'zTXt' || type === 'tEXt';
    const isXmp = isText && header.subarray(8).equals(PNG_XMP_KEYWORD);
    if (!isXmp) pieces.push({ start: at, end });
    if (type === 'IHDR') pieces.push(chunk);
    at = end;
  }
  if (!pieces.includes(chunk)) return null;
  return [{ start: 0, end: 8 }, ...pieces, { start: at, end: size }];
}

/**
 * Writes `xmp` into the JPEG or PNG at `file` (replaced whole, through a temporary file).
 * Resolves false, the file untouched, for another format or a structure it does not follow.
 */
export async function embedXmp(file: string, xmp: string): Promise<boolean> {
  const packet = Buffer.from(xmp, 'utf8');
  const piecesOf = async (read: Reader, size: number) =>
    (await jpegPieces(read, size, packet)) ?? (await pngPieces(read, size, packet));
  const handle = await open(file, 'r');
  let pieces: Piece[] | null;
  let bytes: Buffer | null = null;
  try {
    const { size } = await handle.stat();
    if (size <= IN_MEMORY_BYTES) bytes = await handle.readFile();
    pieces = await piecesOf(bytes ? memoryReader(bytes) : fileReader(handle), size);
  } finally {
    await handle.close();
  }
  if (!pieces) return false;
  const temporary = `${file}.xmp`;
  if (bytes) {
    const source = bytes;
    const parts = pieces.map((piece) =>
      Buffer.isBuffer(piece) ? piece : source.subarray(piece.start, piece.end),
    );
    try {
      await writeFile(temporary, Buffer.concat(parts));
      await rename(temporary, file);
      return true;
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
  try {
    const out = createWriteStream(temporary);
    for (const piece of pieces) {
      if (Buffer.isBuffer(piece)) {
        if (!out.write(piece)) await once(out, 'drain');
      } else if (piece.end > piece.start) {
        for await (const bytes of createReadStream(file, {
          start: piece.start,
          end: piece.end - 1,
        }))
          if (!out.write(bytes)) await once(out, 'drain');
      }
    }
    out.end();
    await once(out, 'close');
    await rename(temporary, file);
    return true;
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
