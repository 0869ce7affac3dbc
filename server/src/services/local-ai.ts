/**
 * The local-ai upscaler's long-lived side, one per Strapi instance: the runner (worker
 * threads, own concurrency), the link from its progress to the job rows, and the
 * calibration that turns "seconds per megapixel on this machine" into expected times for
 * GET /prices and the settings page.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../plugin-id';
import type { DownloadOptions } from '../fulfilment/result-download';
import {
  calibrationFromRun,
  CALIBRATION_VERSION,
  estimateSeconds,
  type LocalAiCalibration,
} from '../upscalers/local-ai/estimate';
import {
  effectiveTileSize,
  LOCAL_AI_MODELS,
  LOCAL_AI_PACKAGES,
  MODEL_LABELS,
  modelPadding,
  packageDir,
  type LocalAiModel,
} from '../upscalers/local-ai/models';
import {
  describePlan,
  EIGHT_X_MODES,
  planUpscale,
  type EightXMode,
  type ModelScale,
} from '../upscalers/local-ai/plan';
import { LOCAL_AI_LABEL, type LocalAiUpscalerOptions } from '../upscalers/local-ai/provider';
import {
  createLocalAiRunner,
  defaultWorkerScript,
  threadsPerJob,
  type LocalAiRunner,
  type Run,
} from '../upscalers/local-ai/runner';
import type { Job, JobsService } from './jobs';
import { parseResolution } from './pricing';
import type { EffectiveSettings, SettingsService } from './settings';

/** Typical originals (the admin price preview shows the same ones). */
export const LOCAL_AI_SAMPLE_SIZES: ReadonlyArray<{ width: number; height: number }> =
  Object.freeze([
    { width: 640, height: 480 },
    { width: 1000, height: 1000 },
    { width: 2000, height: 2000 },
    { width: 4000, height: 3000 },
  ]);

export const CALIBRATION_STORE_KEY = 'local-ai-calibration';
/**
 * Side of the calibration's test input: big enough that its per-pixel speed is close to
 * a real tile's (128 px reads ~15% slow), small enough that the run takes seconds.
 */
export const CALIBRATION_SAMPLE_SIZE = 192;
/** A run's heartbeat (every 10 s) older than this means no instance is running it any more. */
const HEARTBEAT_STALE_MS = 60_000;

export interface LocalAiAvailability {
  available: boolean;
  /** Packages to install (empty when all are there). */
  missing: string[];
  message: string;
}

/** Whether this installation can run local-ai: the four packages and the built worker. */
export function localAiAvailability(): LocalAiAvailability {
  const missing = LOCAL_AI_PACKAGES.filter((name) => !packageDir(name));
  if (missing.length) {
    return {
      available: false,
      missing: [...missing],
      message: `Install ${missing.join(', ')} to use the local AI upscaler`,
    };
  }
  if (!defaultWorkerScript())
    return {
      available: false,
      missing: [],
      message: 'The local-ai worker script is missing from this build (dist/workers)',
    };
  return {
    available: true,
    missing: [],
    message: 'ESRGAN runs on this server; no account is needed',
  };
}

export interface ExpectedTime {
  resolution: string;
  scale: number;
  /** e.g. 'ESRGAN slim 4x + bicubic 2x'. */
  method: string;
  /** Null until the machine is calibrated (or for a model that is not installed). */
  seconds: number | null;
}

export interface ExpectedTimes {
  upscaler: { name: 'local-ai'; label: string; model: string };
  calibrated: boolean;
  /** A calibration is running now (times appear when it ends). */
  calibrating: boolean;
  measuredAt: string | null;
  machine: LocalAiCalibration['machine'] | null;
  eightXMode: EightXMode;
  tileSize: number;
  /** Inference threads each upscale gets with these settings on this machine. */
  threadsPerJob: number;
  samples: Array<{
    width: number;
    height: number;
    options: ExpectedTime[];
    eightXModes?: Array<{ mode: EightXMode; method: string; seconds: number | null }>;
  }>;
}

interface Deps {
  jobs: JobsService;
  settings: SettingsService;
  /** Makes a job due now and wakes the fulfilment worker (a finished run is read at once). */
  nudge(jobId: string): Promise<void>;
}

function machine(): LocalAiCalibration['machine'] {
  const cpus = os.cpus();
  return { cpus: cpus.length, cpuModel: cpus[0]?.model.trim() ?? 'unknown', node: process.version };
}

function isCalibration(value: unknown): value is LocalAiCalibration {
  const candidate = value as Partial<LocalAiCalibration> | null;
  return Boolean(
    candidate &&
    candidate.version === CALIBRATION_VERSION &&
    candidate.rates &&
    candidate.machine &&
    typeof candidate.startupSeconds === 'number',
  );
}

export function createLocalAiService(
  strapi: Core.Strapi,
  { jobs, settings: settingsService, nudge }: Deps,
) {
  let runner: LocalAiRunner | null = null;
  let cached: { value: LocalAiCalibration | null } | null = null;
  let calibrating: Promise<LocalAiCalibration> | null = null;
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID });
  const warn = (message: string) => (error: unknown) =>
    strapi.log.warn(`[sell-my-images] ${message}: ${(error as Error).message}`);

  function onProgress(run: Run): void {
    if (!run.jobId) return;
    // Only the run the job is waiting for may write (not one replaced by a retry or cancelled).
    void jobs
      .updateWhere({ jobId: run.jobId, status: 'processing', upscalerJobId: run.id }, {
        progressDone: run.done,
        progressTotal: run.total,
        // 100 is for a delivered job: the result is still to be validated and stored.
        progress: run.total > 0 ? Math.min(99, Math.floor((run.done * 100) / run.total)) : 0,
        progressUpdatedAt: new Date(),
      } as Partial<Job>)
      .catch(warn(`progress of job ${run.jobId} not saved`));
  }

  function onSettled(run: Run): void {
    if (run.jobId)
      nudge(run.jobId).catch(warn(`job ${run.jobId} not woken after its local upscale`));
  }

  function getRunner(): LocalAiRunner {
    runner ??= createLocalAiRunner({ hooks: { onProgress, onSettled } });
    return runner;
  }

  async function runningElsewhere(externalId: string): Promise<boolean> {
    const job = await jobs.findOne({ upscalerJobId: externalId, status: 'processing' });
    const beat = job?.progressUpdatedAt ? new Date(job.progressUpdatedAt as string).getTime() : 0;
    return Date.now() - beat < HEARTBEAT_STALE_MS;
  }

  async function calibration(): Promise<LocalAiCalibration | null> {
    if (cached) return cached.value;
    const stored = await store().get({ key: CALIBRATION_STORE_KEY });
    const here = machine();
    // A calibration from other hardware (a moved database, another instance) says nothing about this one.
    const usable =
      isCalibration(stored) &&
      stored.machine.cpus === here.cpus &&
      stored.machine.cpuModel === here.cpuModel
        ? stored
        : null;
    cached = { value: usable };
    return usable;
  }

  /** Model factors the offered resolutions need, under both 8x modes (so the settings page can compare them). */
  function neededScales(resolutions: string[]): ModelScale[] {
    const scales = new Set<ModelScale>([4]);
    for (const res of resolutions) {
      const scale = parseResolution(res);
      if (scale === null) continue;
      for (const mode of EIGHT_X_MODES) scales.add(planUpscale(scale, mode).modelScale);
    }
    return [...scales].sort((a, b) => a - b);
  }

  /**
   * Measures this machine (both models, the factors the offered resolutions need) in the
   * runner's queue and stores the result in the plugin store. One at a time.
   */
  function calibrate(
    options: { models?: LocalAiModel[]; scales?: ModelScale[] } = {},
  ): Promise<LocalAiCalibration> {
    calibrating ??= (async () => {
      const settings = await settingsService.get();
      const availability = localAiAvailability();
      if (!availability.available) throw new Error(availability.message);
      const run = await getRunner().calibrate(`calibration.${randomBytes(6).toString('hex')}`, {
        kind: 'calibrate',
        models: options.models ?? [...LOCAL_AI_MODELS],
        scales: options.scales ?? neededScales(settings.resolutions),
        size: CALIBRATION_SAMPLE_SIZE,
        threads: threadsPerJob(settings.localAiConcurrency),
      });
      const value = calibrationFromRun(run, machine(), CALIBRATION_SAMPLE_SIZE);
      await store().set({ key: CALIBRATION_STORE_KEY, value });
      cached = { value };
      strapi.log.info(
        `[sell-my-images] local AI calibrated: ${Object.entries(value.rates)
          .map(([key, rate]) => `${key} ${rate?.secondsPerMegapixel.toFixed(1)} s/MP`)
          .join(', ')}`,
      );
      return value;
    })().finally(() => (calibrating = null));
    return calibrating;
  }

  /** Whether a calibration is running now. */
  const isCalibrating = () => calibrating !== null;

  /** Starts a calibration unless one exists or runs (first use). */
  function calibrateInBackground(): void {
    if (calibrating || !localAiAvailability().available) return;
    calibrate().catch(warn('local AI calibration failed'));
  }

  function estimate(
    cal: LocalAiCalibration,
    settings: EffectiveSettings,
    width: number,
    height: number,
    scale: number,
    eightXMode: EightXMode = settings.localAi8xMode,
  ): number | null {
    try {
      const plan = planUpscale(scale, eightXMode);
      const padding = modelPadding(settings.localAiModel, plan.modelScale);
      const tileSize = effectiveTileSize(
        settings.localAiModel,
        plan.modelScale,
        settings.localAiTileSize,
      );
      return estimateSeconds(cal, {
        width,
        height,
        scale,
        model: settings.localAiModel,
        eightXMode,
        tileSize,
        padding,
        threads: threadsPerJob(settings.localAiConcurrency),
      });
    } catch {
      return null; // model not installed, or a scale local-ai does not do
    }
  }

  return {
    availability: localAiAvailability,

    /** What people are told about the provider: label and model. */
    describe(settings: EffectiveSettings): { name: 'local-ai'; label: string; model: string } {
      return {
        name: 'local-ai',
        label: LOCAL_AI_LABEL,
        model: MODEL_LABELS[settings.localAiModel],
      };
    },

    /** The provider's options for the pipeline (the runner is shared by every job of this instance). */
    upscalerOptions(
      settings: EffectiveSettings,
      workDir: string,
      download?: Partial<DownloadOptions>,
    ): LocalAiUpscalerOptions {
      const shared = getRunner();
      shared.setConcurrency(settings.localAiConcurrency);
      return {
        runner: shared,
        workDir,
        model: settings.localAiModel,
        eightXMode: settings.localAi8xMode,
        tileSize: settings.localAiTileSize,
        threads: threadsPerJob(settings.localAiConcurrency),
        timeoutMs: settings.processingTimeoutMinutes * 60_000,
        ...(download ? { download } : {}),
        runningElsewhere,
      };
    },

    calibration,
    calibrate,
    isCalibrating,

    /**
     * Expected seconds of one job with the current settings, or null while uncalibrated
     * (the first call starts the calibration in the background).
     */
    async expectedSeconds(
      settings: EffectiveSettings,
      width: number,
      height: number,
      scale: number,
    ): Promise<number | null> {
      const cal = await calibration();
      if (!cal) {
        calibrateInBackground();
        return null;
      }
      return estimate(cal, settings, width, height, scale);
    },

    /**
     * Expected processing times for sample sizes (the settings page): `calibrate`
     * 'if-missing' waits for a first calibration, 'force' measures again, 'never' answers
     * with null times while uncalibrated (and starts one in the background).
     */
    async expectedTimes(
      options: {
        sizes?: ReadonlyArray<{ width: number; height: number }>;
        calibrate?: 'never' | 'if-missing' | 'force';
        overrides?: Partial<EffectiveSettings>;
      } = {},
    ): Promise<ExpectedTimes> {
      const settings: EffectiveSettings = {
        ...(await settingsService.get()),
        ...options.overrides,
      };
      const mode = options.calibrate ?? 'never';
      let cal = mode === 'force' ? await calibrate() : await calibration();
      if (!cal && mode === 'if-missing') cal = await calibrate();
      if (!cal) calibrateInBackground();
      const resolutions = settings.resolutions.filter((res) => parseResolution(res) !== null);
      const label = MODEL_LABELS[settings.localAiModel];
      const samples = (options.sizes ?? LOCAL_AI_SAMPLE_SIZES).map(({ width, height }) => {
        const options: ExpectedTime[] = resolutions.map((resolution) => {
          const scale = parseResolution(resolution) as number;
          return {
            resolution,
            scale,
            method: describePlan(label, planUpscale(scale, settings.localAi8xMode)),
            seconds: cal ? estimate(cal, settings, width, height, scale) : null,
          };
        });
        const sample: ExpectedTimes['samples'][number] = { width, height, options };
        if (resolutions.includes('8x')) {
          sample.eightXModes = EIGHT_X_MODES.map((eightX) => ({
            mode: eightX,
            method: describePlan(label, planUpscale(8, eightX)),
            seconds: cal ? estimate(cal, settings, width, height, 8, eightX) : null,
          }));
        }
        return sample;
      });
      return {
        upscaler: { name: 'local-ai', label: LOCAL_AI_LABEL, model: label },
        calibrated: cal !== null,
        calibrating: calibrating !== null,
        measuredAt: cal?.measuredAt ?? null,
        machine: cal?.machine ?? null,
        eightXMode: settings.localAi8xMode,
        tileSize: settings.localAiTileSize,
        threadsPerJob: threadsPerJob(settings.localAiConcurrency),
        samples,
      };
    },

    /** Ends the inference workers (Strapi shutting down). */
    async stop(): Promise<void> {
      await runner?.stop();
      runner = null;
    },
  };
}

export type LocalAiService = ReturnType<typeof createLocalAiService>;
