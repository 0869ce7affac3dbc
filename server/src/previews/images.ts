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

/** The watermarked WebP of an image, already at its final size. */
function finish(image: Sharp, outputPath: string): Promise<OutputInfo> {
  const mark = watermark();
  return image
    .composite([{ input: mark, gravity: 'southeast' }])
    .webp({ quality: PREVIEW_WEBP_QUALITY })
    .toFile(outputPath);
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
  // A watermark larger than a tiny preview would not fit: the box is the image then.
  const room = width >= WATERMARK_BOX.width && height >= WATERMARK_BOX.height;
  const before = sharp(options.cropPath).resize(width, height, { kernel: 'nearest', fit: 'fill' });
  const after = sharp(options.afterSource, { limitInputPixels: false })
    .removeAlpha()
    .toColourspace('srgb')
    .resize(width, height, { fit: 'fill', kernel: 'lanczos3' });
  if (!room) {
    await before.webp({ quality: PREVIEW_WEBP_QUALITY }).toFile(options.beforePath);
    await after.webp({ quality: PREVIEW_WEBP_QUALITY }).toFile(options.afterPath);
    return;
  }
  await finish(before, options.beforePath);
  await finish(after, options.afterPath);
}
