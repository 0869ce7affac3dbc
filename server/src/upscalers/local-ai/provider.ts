/**
 * The `local-ai` provider: ESRGAN super-resolution on this server's CPU (see runner,
 * inference-worker). `submit` checks the original and queues it, answering at once;
 * the run reports progress and, when it ends, the pipeline is nudged to read `status`,
 * which answers from the runner's table (or, after a restart, from the result file).
 */
import { randomBytes } from 'node:crypto';
import { stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { permanentError } from '../errors';
import { inspectInput, originalDownload, readInput } from '../local-input';
import type { DownloadOptions } from '../result-download';
import { DEFAULT_MAX_OUTPUT_PIXELS, extensionFor, outputFormatFor } from '../sharp';
import type { SubmitResult, Upscaler, UpscaleRequest, UpscaleStatus } from '../types';
import type { UpscalerLimits } from '../types';
import { effectiveTileSize, MODEL_LABELS, type LocalAiModel } from './models';
import {
  describePlan,
  MAX_LOCAL_SCALE,
  MIN_LOCAL_SCALE,
  planUpscale,
  type EightXMode,
} from './plan';
import type { LocalAiEngine } from './engines';
import type { LocalAiRunner } from './runner';

export const LOCAL_AI_LABEL = 'AI (ESRGAN, on this server)';
/**
 * What the provider takes (read by the quote): originals up to 16 megapixels (the RGB
 * copy, 48 MB, is held during the run), results up to libvips' limit, whole scales 2x–16x.
 */
export const LOCAL_AI_LIMITS = Object.freeze({
  maxInputPixels: 16_000_000,
  maxOutputPixels: DEFAULT_MAX_OUTPUT_PIXELS,
  maxScale: MAX_LOCAL_SCALE,
}) satisfies UpscalerLimits;

/**
 * 192 px (+ context): with two inference threads, a 4 MP slim 4x took 82 s at 192 px
 * against 80 s at 256 px, and peaked at 699 MB of RSS against 893 MB (each thread keeps
 * the wasm heap of its largest tile). Each model caps the size for memory
 * (models.effectiveTileSize).
 */
export const DEFAULT_TILE_SIZE = 192;

/** `<jobId>.<run>.<ext>`: also the result's file name in the work folder. */
const EXTERNAL_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}\.[0-9a-f]{12}\.(?:jpg|png|webp|tiff)$/;

export interface LocalAiUpscalerOptions {
  runner: LocalAiRunner;
  /** Folder of inputs being processed, band files and results (created when missing). */
  workDir: string;
  model: LocalAiModel;
  /** What runs the model (engines.resolveEngine of the setting). */
  engine: LocalAiEngine;
  eightXMode: EightXMode;
  /** Requested tile side; each model caps it (models.effectiveTileSize). */
  tileSize?: number;
  /** Inference threads per upscale (runner.threadsPerJob); 1 by default. */
  threads?: number;
  /** Longest inference time of one run (its wait in the queue not counted); null = none. */
  timeoutMs?: number | null;
  maxInputPixels?: number;
  maxOutputPixels?: number;
  /** How an original is fetched when the request has no `inputPath`. */
  download?: Partial<DownloadOptions>;
  /**
   * Whether another Strapi instance is running this upscale (its progress heartbeat is
   * fresh): then an unknown run here is not an interrupted one.
   */
  runningElsewhere?(externalId: string): Promise<boolean>;
}

export function createLocalAiUpscaler(options: LocalAiUpscalerOptions): Upscaler {
  const workDir = path.resolve(options.workDir);
  const { runner, model, eightXMode } = options;
  const tileSize = options.tileSize ?? DEFAULT_TILE_SIZE;
  const maxInputPixels = options.maxInputPixels ?? LOCAL_AI_LIMITS.maxInputPixels;
  const maxOutputPixels = options.maxOutputPixels ?? LOCAL_AI_LIMITS.maxOutputPixels;
  const download = originalDownload(options.download);
  const limits = { maxInputPixels, maxOutputPixels, provider: ' for the local AI upscaler' };

  return {
    name: 'local-ai',
    label: LOCAL_AI_LABEL,
    isAi: true,

    async submit(req: UpscaleRequest): Promise<SubmitResult> {
      const { maxScale } = LOCAL_AI_LIMITS;
      if (!Number.isInteger(req.scale) || req.scale < MIN_LOCAL_SCALE || req.scale > maxScale) {
        throw permanentError(
          'bad_request',
          `Scale must be a whole number from ${MIN_LOCAL_SCALE} to ${maxScale}`,
        );
      }
      if (!runner.script)
        throw permanentError('bad_config', 'The local-ai worker script is missing from this build');
      const input = await readInput(req, workDir, download);
      let queued = false;
      try {
        const { metadata } = await inspectInput(input.file, req.scale, limits);
        const plan = planUpscale(req.scale, eightXMode);
        const format = outputFormatFor(metadata.format);
        const externalId = `${req.jobId}.${randomBytes(6).toString('hex')}.${extensionFor(format)}`;
        runner.start(
          externalId,
          req.jobId,
          {
            kind: 'upscale',
            engine: options.engine,
            inputPath: input.file,
            outputPath: path.join(workDir, externalId),
            workDir,
            model,
            modelScale: plan.modelScale,
            scale: req.scale,
            threads: Math.max(1, Math.floor(options.threads ?? 1)),
            tileSize: effectiveTileSize(model, plan.modelScale, tileSize),
            format,
            maxInputPixels,
            rights: req.rights,
            removeInput: input.temporary,
          },
          { timeoutMs: options.timeoutMs ?? null },
        );
        queued = true;
        return {
          externalId,
          status: { state: 'queued' },
          detail: describePlan(MODEL_LABELS[model], plan),
        };
      } finally {
        if (input.temporary && !queued) await unlink(input.file).catch(() => undefined);
      }
    },

    async status(externalId: string): Promise<UpscaleStatus> {
      if (!EXTERNAL_ID.test(externalId))
        throw permanentError('not_found', 'Unknown local AI upscale');
      const run = runner.get(externalId);
      const resultPath = path.join(workDir, externalId);
      switch (run?.state) {
        case 'queued':
          return { state: 'queued' };
        case 'running':
          return { state: 'processing' };
        case 'succeeded':
          return { state: 'succeeded', resultPath };
        case 'failed':
          return {
            state: 'failed',
            error: run.error?.message ?? 'The local AI upscale failed',
            permanent: run.error?.permanent ?? false,
          };
        default:
          break;
      }
      try {
        if ((await stat(resultPath)).isFile()) return { state: 'succeeded', resultPath };
      } catch {
        // no result here
      }
      if (await options.runningElsewhere?.(externalId)) return { state: 'processing' };
      // Not running anywhere and no result: the server stopped mid-run. Running it again fixes it.
      return {
        state: 'failed',
        error: 'The local AI upscale was interrupted (server restart)',
        permanent: false,
      };
    },

    isRunningHere(externalId: string): boolean {
      return runner.isActive(externalId);
    },

    async cancel(externalId: string): Promise<void> {
      runner.cancel(externalId);
    },
  };
}
