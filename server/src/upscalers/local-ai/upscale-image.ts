/**
 * A whole image through ESRGAN, tile by tile (runs in the inference worker).
 *
 * Memory stays bounded: the decoded original (3 bytes per input pixel, capped by the
 * input limit), one band of output (one row of tiles) and the model's working memory
 * for one tile. Each finished band goes to disk as a libvips `.v` file; the bands are
 * then joined, enlarged (bicubic) when the model's factor is below the asked scale, and
 * encoded to the result by libvips, which streams through them rather than holding the
 * output image in memory.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { encode, type SharpOutputFormat } from '../sharp';
import { extractRegion, placeTile, planTiles, processedPixels } from './tiling';

export interface TileUpscaler {
  /** The model's factor. */
  scale: number;
  /** Context pixels per tile side (the model's receptive radius). */
  padding: number;
  upscale(rgb: Uint8Array, width: number, height: number): Promise<Uint8Array>;
}

export interface UpscaleImageOptions {
  inputPath: string;
  /** The result file (written next to it first, then renamed, so it appears whole). */
  outputPath: string;
  /** Folder for the band files (removed when done). */
  workDir: string;
  /** The asked factor: the result is exactly width × scale by height × scale (see plan). */
  scale: number;
  model: TileUpscaler;
  tileSize: number;
  format: SharpOutputFormat;
  maxInputPixels: number;
  onProgress?(done: number, total: number): void;
}

export interface UpscaleImageResult {
  width: number;
  height: number;
  tiles: number;
  /** Input megapixels the model processed, context included (what the time depends on). */
  processedMegapixels: number;
}

export class InputError extends Error {}

export async function upscaleImageFile(options: UpscaleImageOptions): Promise<UpscaleImageResult> {
  const { model, scale } = options;
  const { data, info } = await sharp(options.inputPath, { limitInputPixels: options.maxInputPixels, failOn: 'truncated' })
    .removeAlpha()
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true })
    .catch((error: Error) => {
      throw new InputError(`The original cannot be decoded: ${error.message.split('\n')[0]}`);
    });
  if (info.channels !== 3) throw new InputError(`Expected an RGB image, got ${info.channels} channels`);
  const metadata = await sharp(options.inputPath, { limitInputPixels: false }).metadata();
  const { width, height } = info;
  const targetWidth = width * scale;
  const targetHeight = height * scale;
  const bandWidth = width * model.scale;

  const plan = planTiles(width, height, options.tileSize, model.padding);
  const stem = path.join(options.workDir, `${path.basename(options.outputPath)}.${randomBytes(6).toString('hex')}`);
  const temporary: string[] = [];
  try {
    options.onProgress?.(0, plan.tiles.length);
    let done = 0;
    for (let row = 0; row < plan.rows; row++) {
      const tiles = plan.tiles.filter((tile) => tile.row === row);
      const bandHeight = (tiles[0]?.height ?? 0) * model.scale;
      const band = new Uint8Array(bandWidth * bandHeight * 3);
      for (const tile of tiles) {
        const upscaled = await model.upscale(extractRegion(data, width, tile), tile.inputWidth, tile.inputHeight);
        placeTile(upscaled, tile, model.scale, band, bandWidth);
        options.onProgress?.(++done, plan.tiles.length);
      }
      const bandPath = `${stem}.band${row}.v`;
      temporary.push(bandPath);
      await sharp(band, { raw: { width: bandWidth, height: bandHeight, channels: 3 } }).toFile(bandPath);
    }

    // Every band but the last has the same height; join lays them out in cells of the
    // tallest one, so the (shorter) last band leaves a margin at the bottom, cut here.
    let pipeline: Sharp = temporary.length === 1
      ? sharp(temporary[0])
      : sharp(temporary, { join: { across: 1 } }).extract({ left: 0, top: 0, width: bandWidth, height: height * model.scale });
    // libvips enlarges with bicubic interpolation (see plan); say so rather than name a kernel it ignores.
    if (model.scale !== scale) pipeline = pipeline.resize(targetWidth, targetHeight, { kernel: 'cubic', fit: 'fill' });
    if (metadata.hasAlpha) {
      // The networks see colour only; transparency is enlarged (bicubic) and put back.
      const alphaPath = `${stem}.alpha.v`;
      temporary.push(alphaPath);
      await sharp(options.inputPath, { limitInputPixels: options.maxInputPixels })
        .extractChannel('alpha')
        .resize(targetWidth, targetHeight, { kernel: 'cubic', fit: 'fill' })
        .toFile(alphaPath);
      pipeline = pipeline.joinChannel(alphaPath);
    }
    if (metadata.orientation && metadata.orientation !== 1) pipeline = pipeline.withMetadata({ orientation: metadata.orientation });
    const partPath = `${stem}.part`;
    temporary.push(partPath);
    await encode(pipeline, options.format).toFile(partPath);
    await rename(partPath, options.outputPath);
    return { width: targetWidth, height: targetHeight, tiles: plan.tiles.length, processedMegapixels: processedPixels(plan) / 1e6 };
  } finally {
    await Promise.all(temporary.map((file) => rm(file, { force: true })));
  }
}
