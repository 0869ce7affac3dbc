/**
 * The two images of a preview from the crop and the upscaler's enlargement of it: "before"
 * a plain nearest-neighbour enlargement to the same size, both with the same small
 * watermark in the bottom-right corner, encoded as WebP (docs/architecture.md "Previews,
 * cart and purchases"). Everything outside the watermark is the pixels as made.
 */
import sharp, { type OutputInfo, type Sharp } from 'sharp';

/** Size of the watermark's box, pixels (bottom-right corner; nothing else is touched). */
export const WATERMARK_BOX = { width: 84, height: 22 } as const;
export const PREVIEW_WEBP_QUALITY = 88;

function watermark(): Buffer {
  const { width, height } = WATERMARK_BOX;
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<text x="${width - 6}" y="${height - 6}" text-anchor="end" font-family="sans-serif" ` +
      `font-size="13" fill="#fff" fill-opacity="0.75" stroke="#000" stroke-opacity="0.35" ` +
      `stroke-width="0.6">Preview</text></svg>`,
  );
}

/**
 * The watermarked WebP of an image of `width` × `height` (a preview too small for the mark
 * has none). The one encoding of both images, so they differ only in their pixels.
 */
export function encodePreview(
  image: Sharp,
  size: { width: number; height: number },
  outputPath: string,
): Promise<OutputInfo> {
  const room = size.width >= WATERMARK_BOX.width && size.height >= WATERMARK_BOX.height;
  const marked = room ? image.composite([{ input: watermark(), gravity: 'southeast' }]) : image;
  return marked.webp({ quality: PREVIEW_WEBP_QUALITY }).toFile(outputPath);
}

/**
 * Writes `beforePath` and `afterPath` (width × height each): `afterSource` is the
 * upscaler's result, brought to exactly that size if it is not already; `cropPath` is
 * enlarged by nearest neighbour.
 */
export async function writePreviewImages(options: {
  cropPath: string;
  afterSource: string;
  width: number;
  height: number;
  beforePath: string;
  afterPath: string;
}): Promise<void> {
  const { width, height } = options;
  const before = sharp(options.cropPath).resize(width, height, { kernel: 'nearest', fit: 'fill' });
  const after = sharp(options.afterSource, { limitInputPixels: false })
    .removeAlpha()
    .toColourspace('srgb')
    .resize(width, height, { fit: 'fill', kernel: 'lanczos3' });
  await encodePreview(before, options, options.beforePath);
  await encodePreview(after, options, options.afterPath);
}
