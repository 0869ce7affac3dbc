/**
 * Validates a downloaded or locally produced result before it is delivered:
 *  1. it is an image (magic bytes and sharp's metadata) in an allowed format → else `bad_format`;
 *  2. its dimensions are the expected ones within `tolerancePx` → else `wrong_size`;
 *  3. every pixel row decodes, with libvips told to fail on truncated data → else `corrupt`.
 *
 * The full decode never holds the decoded image: the pipeline shrinks each row to one
 * pixel (box filter over every pixel, shrink-on-load disabled so JPEG/WebP are decoded at
 * full size) and reads sequentially, so memory is a few rows plus a `height`-pixel column;
 * a 64 MP PNG validates in well under 300 MB.
 *
 * A result up to IN_MEMORY_BYTES is read from disk once and every check works on those
 * bytes (the header, sharp's metadata and the decode would otherwise each open and read the
 * file); a bigger one is read from its path by each check, to keep memory bounded.
 */
import { open, readFile, stat } from 'node:fs/promises';
import sharp, { type Metadata } from 'sharp';

type ResultInvalidCode = 'bad_format' | 'wrong_size' | 'corrupt';

export class ResultInvalidError extends Error {
  readonly code: ResultInvalidCode;
  readonly details: Record<string, unknown>;

  constructor(code: ResultInvalidCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ResultInvalidError';
    this.code = code;
    this.details = details;
  }
}

export function isResultInvalidError(error: unknown): error is ResultInvalidError {
  return error instanceof ResultInvalidError;
}

/** Largest result validated from memory (one read); a bigger one is read from disk per check. */
export const IN_MEMORY_BYTES = 32 * 1024 * 1024;

const DEFAULT_ALLOWED_FORMATS: readonly string[] = ['jpeg', 'png', 'webp', 'tiff'];

export interface ValidateResultOptions {
  expectedWidth: number;
  expectedHeight: number;
  /** Allowed difference per dimension, in pixels. Default 1. */
  tolerancePx?: number;
  /** sharp format names. Default jpeg, png, webp, tiff. */
  allowedFormats?: readonly string[];
  /** libvips' failOn level for the full decode. Default 'truncated'. */
  failOn?: 'none' | 'truncated' | 'error' | 'warning';
  /** Upper bound of the full decode's run time. Default 120 s. */
  decodeTimeoutSeconds?: number;
}

interface ValidatedResult {
  format: string;
  width: number;
  height: number;
  bytes: number;
}

/** The image format the first bytes announce (sharp's names), or undefined. */
export function sniffImageFormat(header: Buffer): string | undefined {
  const starts = (bytes: number[], offset = 0) =>
    bytes.every((byte, index) => header[offset + index] === byte);
  const ascii = (text: string, offset: number) =>
    header.subarray(offset, offset + text.length).toString('latin1') === text;
  if (starts([0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii('RIFF', 0) && ascii('WEBP', 8)) return 'webp';
  if (
    starts([0x49, 0x49, 0x2a, 0x00]) ||
    starts([0x4d, 0x4d, 0x00, 0x2a]) ||
    starts([0x49, 0x49, 0x2b, 0x00]) ||
    starts([0x4d, 0x4d, 0x00, 0x2b])
  ) {
    return 'tiff';
  }
  if (ascii('GIF87a', 0) || ascii('GIF89a', 0)) return 'gif';
  if (ascii('ftyp', 4)) return 'heif';
  return undefined;
}

async function readHeader(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/**
 * Checks format, dimensions and a full decode of the file at `path`. Resolves with what
 * was found; rejects with a ResultInvalidError (`bad_format`, `wrong_size`, `corrupt`).
 * File system errors (a missing file) are passed through unchanged.
 */
export async function validateResult(
  path: string,
  options: ValidateResultOptions,
): Promise<ValidatedResult> {
  const { expectedWidth, expectedHeight } = options;
  const tolerancePx = options.tolerancePx ?? 1;
  const allowedFormats = options.allowedFormats ?? DEFAULT_ALLOWED_FORMATS;

  const info = await stat(path);
  if (!info.isFile() || info.size === 0)
    throw new ResultInvalidError('bad_format', 'The result is empty', { bytes: info.size });
  const bytes = info.size;

  // The file's bytes when small enough, else its path: what sharp reads below.
  const input: Buffer | string = bytes <= IN_MEMORY_BYTES ? await readFile(path) : path;
  const header = typeof input === 'string' ? await readHeader(path, 32) : input.subarray(0, 32);
  const sniffed = sniffImageFormat(header);
  if (sniffed === undefined)
    throw new ResultInvalidError('bad_format', 'The result is not an image', { bytes });
  if (!allowedFormats.includes(sniffed)) {
    throw new ResultInvalidError('bad_format', `The result format ${sniffed} is not allowed`, {
      format: sniffed,
      bytes,
    });
  }

  let metadata: Metadata;
  try {
    metadata = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new ResultInvalidError('corrupt', `The result could not be read: ${firstLine(error)}`, {
      format: sniffed,
      bytes,
    });
  }
  const format = metadata.format;
  if (format === undefined || !allowedFormats.includes(format)) {
    throw new ResultInvalidError(
      'bad_format',
      `The result format ${format ?? 'unknown'} is not allowed`,
      { format, bytes },
    );
  }
  const width = metadata.width;
  const height = metadata.height;
  if (!width || !height)
    throw new ResultInvalidError('corrupt', 'The result has no dimensions', { format, bytes });
  if (
    Math.abs(width - expectedWidth) > tolerancePx ||
    Math.abs(height - expectedHeight) > tolerancePx
  ) {
    throw new ResultInvalidError(
      'wrong_size',
      `The result is ${width}×${height}, expected ${expectedWidth}×${expectedHeight} (±${tolerancePx} px)`,
      { format, width, height, expectedWidth, expectedHeight, bytes },
    );
  }

  try {
    await sharp(input, {
      failOn: options.failOn ?? 'truncated',
      sequentialRead: true,
      // Exactly the pixels just checked: nothing bigger can be decoded by this call.
      limitInputPixels: width * height,
    })
      .resize({ width: 1, height, fit: 'fill', kernel: 'linear', fastShrinkOnLoad: false })
      .timeout({ seconds: options.decodeTimeoutSeconds ?? 120 })
      .raw()
      .toBuffer();
  } catch (error) {
    throw new ResultInvalidError('corrupt', `The result does not decode: ${firstLine(error)}`, {
      format,
      width,
      height,
      bytes,
    });
  }
  return { format, width, height, bytes };
}
