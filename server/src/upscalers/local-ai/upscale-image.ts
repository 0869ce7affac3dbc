/**
 * A whole image through ESRGAN, tile by tile (runs in the inference worker).
 *
 * Memory stays bounded: the decoded original (3 bytes per input pixel, capped by the
 * input limit), one band of output (one row of tiles) and the model's working memory
 * per inference thread. Each finished band goes to disk as a libvips `.v` file; the bands
 * are then joined, enlarged (bicubic) when a fractional factor is still missing, and
 * encoded to the result by libvips, which streams through them rather than holding the
 * output image in memory.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import type { SaleRights } from '../rights-xmp';
import { withSaleMetadata } from '../sale-metadata';
import { encode, type SharpOutputFormat } from '../sharp';
import { extractRegion, placeTile, planTiles, processedPixels } from './tiling';

export interface TileUpscaler {
  /** The factor of an upscaled tile (the model's, times a per-tile Lanczos enlargement). */
  scale: number;
  /** Context pixels per tile side (the model's receptive radius). */
  padding: number;
  /** May be called again before an earlier call has settled (up to `parallel` at a time). */
  upscale(rgb: Uint8Array, width: number, height: number): Promise<Uint8Array>;
}

interface UpscaleImageOptions {
  inputPath: string;
  /** The result file (written next to it first, then renamed, so it appears whole). */
  outputPath: string;
  /** Folder for the band files (removed when done). */
  workDir: string;
  /** The asked factor: the result is exactly width × scale by height × scale (see plan). */
  scale: number;
  model: TileUpscaler;
  tileSize: number;
  /** Tiles in flight at once (the inference threads); 1 by default. */
  parallel?: number;
  format: SharpOutputFormat;
  maxInputPixels: number;
  /** The sale's rights, written as XMP by the final encode. */
  rights?: SaleRights;
  onProgress?(done: number, total: number): void;
  /** Called once every tile is in, before the assembly: the inference threads can go (their memory with them). */
  onTilesDone?(): Promise<void> | void;
}

interface UpscaleImageResult {
  width: number;
  height: number;
  tiles: number;
  /** Input megapixels the model processed, context included (what the time depends on). */
  processedMegapixels: number;
}

export class InputError extends Error {}

export async function upscaleImageFile(options: UpscaleImageOptions): Promise<UpscaleImageResult> {
  const { model, scale } = options;
  const { data, info } = await sharp(options.inputPath, {
    limitInputPixels: options.maxInputPixels,
    failOn: 'truncated',
  })
    .removeAlpha()
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true })
    .catch((error: Error) => {
      throw new InputError(`The original cannot be decoded: ${error.message.split('\n')[0]}`);
    });
  if (info.channels !== 3)
    throw new InputError(`Expected an RGB image, got ${info.channels} channels`);
  const metadata = await sharp(options.inputPath, { limitInputPixels: false }).metadata();
  const { width, height } = info;
  const targetWidth = width * scale;
  const targetHeight = height * scale;
  const bandWidth = width * model.scale;

  const plan = planTiles(width, height, options.tileSize, model.padding);
  const stem = path.join(
    options.workDir,
    `${path.basename(options.outputPath)}.${randomBytes(6).toString('hex')}`,
  );
  const temporary: string[] = [];
  const bandPaths: string[] = [];
  try {
    options.onProgress?.(0, plan.tiles.length);
    // Tiles go out in reading order, `parallel` at a time; a band (one row of tiles) is
    // written as soon as all its tiles are in, bands in order, so at most a band or two
    // of output are held whatever the image size.
    const bands = new Map<number, { data: Uint8Array; height: number; remaining: number }>();
    // Written bands' buffers are reused (all bands but the last have one size): garbage
    // of tens of megabytes per band would otherwise wait for the collector.
    const spare: Uint8Array[] = [];
    const bandOf = (row: number) => {
      let band = bands.get(row);
      if (!band) {
        const tiles = plan.tiles.filter((tile) => tile.row === row);
        const bandHeight = (tiles[0]?.height ?? 0) * model.scale;
        const size = bandWidth * bandHeight * 3;
        const reused =
          spare.length && (spare[spare.length - 1] as Uint8Array).length === size
            ? (spare.pop() as Uint8Array)
            : null;
        band = {
          data: reused ?? new Uint8Array(size),
          height: bandHeight,
          remaining: tiles.length,
        };
        bands.set(row, band);
      }
      return band;
    };
    let nextBand = 0;
    let writing: Promise<void> = Promise.resolve();
    const flush = () => {
      writing = writing.then(async () => {
        for (
          let band = bands.get(nextBand);
          band && band.remaining === 0;
          band = bands.get(nextBand)
        ) {
          const bandPath = `${stem}.band${nextBand}.v`;
          temporary.push(bandPath);
          bandPaths.push(bandPath);
          bands.delete(nextBand);
          nextBand++;
          await sharp(band.data, {
            raw: { width: bandWidth, height: band.height, channels: 3 },
          }).toFile(bandPath);
          spare.push(band.data);
        }
      });
      return writing;
    };
    let next = 0;
    let done = 0;
    let failed = false;
    const lane = async () => {
      while (!failed && next < plan.tiles.length) {
        const tile = plan.tiles[next++] as (typeof plan.tiles)[number];
        const band = bandOf(tile.row);
        const upscaled = await model.upscale(
          extractRegion(data, width, tile),
          tile.inputWidth,
          tile.inputHeight,
        );
        placeTile(upscaled, tile, model.scale, band.data, bandWidth);
        band.remaining--;
        options.onProgress?.(++done, plan.tiles.length);
        if (band.remaining === 0) await flush();
      }
    };
    const lanes = Array.from(
      { length: Math.max(1, Math.min(options.parallel ?? 1, plan.tiles.length)) },
      () =>
        lane().catch((error: unknown) => {
          failed = true;
          throw error;
        }),
    );
    // Every lane and band write settles before the files are cleaned up, on failure too.
    const settled = await Promise.allSettled(lanes);
    const failure = settled.find(
      (result): result is PromiseRejectedResult => result.status === 'rejected',
    );
    await flush().catch((error: unknown) => {
      if (!failure) throw error;
    });
    if (failure) throw failure.reason;
    spare.length = 0;
    bands.clear();
    await options.onTilesDone?.();

    // Every band but the last has the same height; join lays them out in cells of the
    // tallest one, so the (shorter) last band leaves a margin at the bottom, cut here.
    let pipeline: Sharp =
      bandPaths.length === 1
        ? sharp(bandPaths[0])
        : sharp(bandPaths, { join: { across: 1 } }).extract({
            left: 0,
            top: 0,
            width: bandWidth,
            height: height * model.scale,
          });
    // A fractional enlargement (see plan): libvips enlarges bicubically; say so rather than name a kernel it ignores.
    if (model.scale !== scale)
      pipeline = pipeline.resize(targetWidth, targetHeight, { kernel: 'cubic', fit: 'fill' });
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
    // The bands carry no metadata of their own (so keeping it keeps nothing): the
    // original's orientation goes on the image, then what a sold copy keeps of the rest.
    // The networks saw sRGB pixels (toColourspace above): the copy is tagged sRGB.
    if (metadata.orientation && metadata.orientation !== 1)
      pipeline = pipeline.withMetadata({ orientation: metadata.orientation });
    pipeline = withSaleMetadata(pipeline, metadata, 'srgb', options.rights);
    const partPath = `${stem}.part`;
    temporary.push(partPath);
    await encode(pipeline, options.format).toFile(partPath);
    await rename(partPath, options.outputPath);
    return {
      width: targetWidth,
      height: targetHeight,
      tiles: plan.tiles.length,
      processedMegapixels: processedPixels(plan) / 1e6,
    };
  } finally {
    await Promise.all(temporary.map((file) => rm(file, { force: true })));
  }
}
