/**
 * The crop of a preview: a PREVIEW_CROP_SIZE square of the original where it has most
 * detail — centred on the point sharp's `attention` strategy finds — or the whole image
 * when it is smaller (docs/architecture.md "Previews, cart and purchases").
 */
import sharp from 'sharp';
import { PREVIEW_CROP_SIZE } from '../../../shared/contracts/previews';

export interface CropBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The `size` square (or less, on a small image) centred on `focus`, kept inside the image. */
export function placeCrop(
  width: number,
  height: number,
  focus: { x: number; y: number },
  size: number = PREVIEW_CROP_SIZE,
): CropBox {
  const cropWidth = Math.min(size, width);
  const cropHeight = Math.min(size, height);
  const clamp = (value: number, max: number) => Math.max(0, Math.min(max, Math.round(value)));
  return {
    left: clamp(focus.x - cropWidth / 2, width - cropWidth),
    top: clamp(focus.y - cropHeight / 2, height - cropHeight),
    width: cropWidth,
    height: cropHeight,
  };
}

/**
 * Where the crop goes in the image at `inputPath` (`maxInputPixels` bounds the decode).
 * sharp reports its attention point only when it crops, so the image is cropped (never
 * scaled) along one side to find it.
 */
export async function findCrop(
  inputPath: string,
  maxInputPixels: number,
  size: number = PREVIEW_CROP_SIZE,
): Promise<CropBox> {
  const image = sharp(inputPath, { limitInputPixels: maxInputPixels, failOn: 'truncated' });
  const { width = 0, height = 0 } = await image.metadata().then((m) => ({
    width: m.autoOrient?.width ?? m.width,
    height: m.autoOrient?.height ?? m.height,
  }));
  if (width <= size && height <= size) return placeCrop(width, height, { x: 0, y: 0 }, size);
  const target = height > size ? { width, height: size } : { width: size, height };
  const { info } = await image
    .autoOrient()
    .resize({ ...target, fit: 'cover', position: sharp.strategy.attention })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const focus = { x: info.attentionX ?? width / 2, y: info.attentionY ?? height / 2 };
  return placeCrop(width, height, focus, size);
}

/** Writes the crop as a lossless RGB PNG (the upscaler's input). */
export async function writeCrop(
  inputPath: string,
  box: CropBox,
  outputPath: string,
  maxInputPixels: number,
): Promise<void> {
  await sharp(inputPath, { limitInputPixels: maxInputPixels, failOn: 'truncated' })
    .autoOrient()
    .extract(box)
    .removeAlpha()
    .toColourspace('srgb')
    // Never a palette (sharp keeps one from a palette input): the crop is the pixels as they are.
    .png({ palette: false })
    .toFile(outputPath);
}
