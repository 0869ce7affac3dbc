import sharp from 'sharp';
import type { ImageFormat, ImageInfo } from './types';

/** Upsampler's precise upscale charges 0.25 credits per output megapixel, at least 1. */
export const CREDITS_PER_MEGAPIXEL = 0.25;
/** Largest output the fake agrees to produce, to keep its memory use reasonable. */
export const MAX_OUTPUT_PIXELS = 100_000_000;

const CONTENT_TYPES: Record<ImageFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};
const EXTENSIONS: Record<ImageFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };

export function contentTypeOf(format: ImageFormat): string {
  return CONTENT_TYPES[format];
}

export function extensionOf(format: ImageFormat): string {
  return EXTENSIONS[format];
}

export function outputSize(
  width: number,
  height: number,
  factor: number,
): { width: number; height: number } {
  return { width: Math.round(width * factor), height: Math.round(height * factor) };
}

export function creditCostFor(width: number, height: number, factor: number): number {
  const out = outputSize(width, height, factor);
  return Math.max(1, Math.ceil(((out.width * out.height) / 1e6) * CREDITS_PER_MEGAPIXEL));
}

function isSupportedFormat(format: string | undefined): format is ImageFormat {
  return format === 'jpeg' || format === 'png' || format === 'webp';
}

/** Reads size and format of an image; rejects what is not a JPEG, PNG or WebP. */
export async function readImageInfo(bytes: Buffer): Promise<ImageInfo> {
  const metadata = await sharp(bytes)
    .metadata()
    .catch(() => {
      throw new Error('Input is not a readable image');
    });
  if (!isSupportedFormat(metadata.format)) {
    throw new Error(`Unsupported image format: ${metadata.format ?? 'unknown'}`);
  }
  if (!metadata.width || !metadata.height) throw new Error('Input image has no dimensions');
  return { width: metadata.width, height: metadata.height, format: metadata.format };
}

/** Lanczos resize to exactly `width` × `height`, encoded in `format`. */
export async function resizeImage(
  bytes: Buffer,
  width: number,
  height: number,
  format: ImageFormat,
): Promise<Buffer> {
  if (width * height > MAX_OUTPUT_PIXELS)
    throw new Error(`Output of ${width}x${height} is too large`);
  if (width < 1 || height < 1) throw new Error(`Output of ${width}x${height} is empty`);
  const pipeline = sharp(bytes).resize(width, height, { kernel: 'lanczos3', fit: 'fill' });
  switch (format) {
    case 'jpeg':
      return pipeline.jpeg({ quality: 92 }).toBuffer();
    case 'png':
      return pipeline.png().toBuffer();
    case 'webp':
      return pipeline.webp({ quality: 90 }).toBuffer();
  }
}

/** The smaller JPEG served at `compressedImageUrl`. */
export function compressImage(bytes: Buffer): Promise<Buffer> {
  return sharp(bytes).flatten({ background: '#ffffff' }).jpeg({ quality: 70 }).toBuffer();
}
