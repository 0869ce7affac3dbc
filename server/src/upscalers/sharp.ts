/**
 * The `sharp` provider: a local Lanczos (lanczos3) resize to exactly width × scale by
 * height × scale. It is not AI super-resolution and is labelled so wherever a person sees
 * it. The work happens inside `submit`, which answers `succeeded` with the result file
 * `workDir/<jobId>.<ext>` (same format as the input for JPEG, PNG, WebP and TIFF; other
 * readable formats such as GIF, AVIF or SVG become PNG).
 *
 * Memory stays bounded: libvips' operation cache is switched off, inputs are read
 * sequentially and refused above `maxInputPixels`, outputs above `maxOutputPixels`.
 */
import { randomBytes } from 'node:crypto';
import { rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { permanentError, UpscalerError } from './errors';
import { inspectInput, originalDownload, readInput } from './local-input';
import type { DownloadOptions } from './result-download';
import { withSaleMetadata } from './sale-metadata';
import type { SubmitResult, Upscaler, UpscaleRequest, UpscaleStatus } from './types';
import type { UpscalerLimits } from './types';

export const SHARP_UPSCALER_LABEL = 'Lanczos resize (non-AI)';
/** Largest output produced by default (libvips' own default input limit, 0x3FFF²). */
export const DEFAULT_MAX_OUTPUT_PIXELS = 268_402_689;

/** What the resize takes (read by the quote): 100 megapixels in, libvips' limit out, up to 16x. */
export const SHARP_LIMITS = Object.freeze({
  maxInputPixels: 100_000_000,
  maxOutputPixels: DEFAULT_MAX_OUTPUT_PIXELS,
  maxScale: 16,
}) satisfies UpscalerLimits;

export type SharpOutputFormat = 'jpeg' | 'png' | 'webp' | 'tiff';

const EXTENSIONS: Record<SharpOutputFormat, string> = {
  jpeg: 'jpg',
  png: 'png',
  webp: 'webp',
  tiff: 'tiff',
};
const EXTERNAL_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}\.(?:jpg|png|webp|tiff)$/;

export interface SharpUpscalerOptions {
  /** Folder the result files are written to (created when missing). */
  workDir: string;
  maxInputPixels?: number;
  maxOutputPixels?: number;
  /** How an original is fetched when the request has no `inputPath`. */
  download?: Partial<DownloadOptions>;
}

/** The output format for an input format: the same one when sharp writes it well, otherwise PNG. */
export function outputFormatFor(inputFormat: string | undefined): SharpOutputFormat {
  return inputFormat === 'jpeg' ||
    inputFormat === 'png' ||
    inputFormat === 'webp' ||
    inputFormat === 'tiff'
    ? inputFormat
    : 'png';
}

export function extensionFor(format: SharpOutputFormat): string {
  return EXTENSIONS[format];
}

/** The pipeline encoded as `format` with the settings every local provider uses. */
export function encode(pipeline: Sharp, format: SharpOutputFormat): Sharp {
  switch (format) {
    case 'jpeg':
      return pipeline.jpeg({ quality: 92 });
    case 'png':
      return pipeline.png({ compressionLevel: 6 });
    case 'webp':
      return pipeline.webp({ quality: 92 });
    case 'tiff':
      return pipeline.tiff({ compression: 'lzw' });
  }
}

/** A failure while resizing: disk trouble is worth a retry, anything else (bad input) is not. */
function resizeError(error: unknown): UpscalerError {
  const message = error instanceof Error ? error.message : String(error);
  if (/no space left|ENOSPC|permission denied|EACCES|too many open files|EMFILE/i.test(message)) {
    return new UpscalerError('Could not write the upscaled file', {
      kind: 'transient',
      code: 'storage_error',
    });
  }
  return permanentError(
    'upscale_failed',
    `Local resize failed: ${message.split('\n')[0] ?? 'unknown error'}`,
  );
}

export function createSharpUpscaler(options: SharpUpscalerOptions): Upscaler {
  const workDir = path.resolve(options.workDir);
  const maxInputPixels = options.maxInputPixels ?? SHARP_LIMITS.maxInputPixels;
  const maxOutputPixels = options.maxOutputPixels ?? SHARP_LIMITS.maxOutputPixels;
  const download = originalDownload(options.download);
  // libvips' operation cache keeps decoded images around; a server resizing large images should not.
  sharp.cache(false);

  async function upscale(req: UpscaleRequest, input: string): Promise<SubmitResult> {
    const limits = { maxInputPixels, maxOutputPixels };
    const {
      metadata,
      width: targetWidth,
      height: targetHeight,
    } = await inspectInput(input, req.scale, limits);
    const format = outputFormatFor(metadata.format);
    const resultPath = path.join(workDir, `${req.jobId}.${extensionFor(format)}`);
    const partPath = `${resultPath}.${randomBytes(6).toString('hex')}.part`;
    try {
      const pipeline = sharp(input, {
        sequentialRead: true,
        limitInputPixels: maxInputPixels,
        failOn: 'truncated',
      }).resize(targetWidth, targetHeight, { kernel: 'lanczos3', fit: 'fill' });
      // The pixels keep the original's colour space: so does its profile.
      const written = withSaleMetadata(pipeline, metadata, 'keep', req.rights);
      await encode(written, format).toFile(partPath);
      await rename(partPath, resultPath);
    } catch (error) {
      await unlink(partPath).catch(() => undefined);
      throw resizeError(error);
    }
    return { externalId: path.basename(resultPath), status: { state: 'succeeded', resultPath } };
  }

  return {
    name: 'sharp',
    label: SHARP_UPSCALER_LABEL,
    isAi: false,

    async submit(req: UpscaleRequest): Promise<SubmitResult> {
      const { maxScale } = SHARP_LIMITS;
      if (!Number.isFinite(req.scale) || req.scale <= 0 || req.scale > maxScale) {
        throw permanentError(
          'bad_request',
          `Scale must be a number above 0 and at most ${maxScale}`,
        );
      }
      const input = await readInput(req, workDir, download);
      try {
        return await upscale(req, input.file);
      } finally {
        if (input.temporary) await unlink(input.file).catch(() => undefined);
      }
    },

    async status(externalId: string): Promise<UpscaleStatus> {
      if (!EXTERNAL_ID.test(externalId))
        throw permanentError('not_found', 'Unknown local upscale job');
      const resultPath = path.join(workDir, externalId);
      try {
        const info = await stat(resultPath);
        if (info.isFile()) return { state: 'succeeded', resultPath };
      } catch {
        // Missing: fall through.
      }
      // The file is gone (cleaned up, or another instance's disk): running the job again fixes it.
      return { state: 'failed', error: 'The local result file is missing', permanent: false };
    },
  };
}
