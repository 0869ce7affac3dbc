/**
 * Calibration of local-ai on this machine: one measured run of each model (kept in the
 * plugin store, ignored on other hardware) turns "seconds per megapixel here" into the
 * expected times GET /prices and the settings page show.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Core } from '@strapi/strapi';
import { parseResolution } from '../../../../shared/resolutions';
import {
  SAMPLE_SIZES,
  type ExpectedTime,
  type ExpectedTimes,
  type LocalAiAvailability,
} from '../../../../shared/contracts/settings-routes';
import { PLUGIN_ID } from '../../plugin-id';
import type { EffectiveSettings, SettingsService } from '../../settings/settings';
import {
  calibrationFromRun,
  CALIBRATION_VERSION,
  estimateSeconds,
  type LocalAiCalibration,
} from './estimate';
import {
  effectiveTileSize,
  LOCAL_AI_MODELS,
  LOCAL_AI_PACKAGES,
  MODEL_LABELS,
  modelPadding,
  packageDir,
  type LocalAiModel,
} from './models';
import { describePlan, EIGHT_X_MODES, planUpscale, type EightXMode, type ModelScale } from './plan';
import { LOCAL_AI_LABEL } from './provider';
import type { LocalAiRunner } from './runner';
import {
  ENGINE_LABELS,
  missingEnginePackages,
  resolveEngine,
  type LocalAiEngine,
  type LocalAiEngineSetting,
} from './engines';
import { defaultWorkerScript, threadsPerJob } from './worker-threads';

export const CALIBRATION_STORE_KEY = 'local-ai-calibration';
/**
 * Side of the calibration's test input: big enough that its per-pixel speed is close to
 * a real tile's (128 px reads ~15% slow), small enough that the run takes seconds.
 */
export const CALIBRATION_SAMPLE_SIZE = 192;
/** Whether this installation can run local-ai: the model packages, an engine and the built worker. */
export function localAiAvailability(
  engineSetting: LocalAiEngineSetting = 'auto',
): LocalAiAvailability {
  const engine = resolveEngine(engineSetting);
  const missing = [
    ...LOCAL_AI_PACKAGES.filter((name) => !packageDir(name)),
    ...missingEnginePackages(engineSetting),
  ];
  if (missing.length) {
    return {
      available: false,
      engine,
      missing,
      message: `Install ${missing.join(', ')} to use the local AI upscaler`,
    };
  }
  if (!defaultWorkerScript())
    return {
      available: false,
      engine,
      missing: [],
      message: 'The local-ai worker script is missing from this build (dist/workers)',
    };
  return {
    available: true,
    engine,
    missing: [],
    message: `ESRGAN runs on this server (${ENGINE_LABELS[engine as LocalAiEngine]}); no account is needed`,
  };
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

export function createCalibration(
  strapi: Core.Strapi,
  { settings: settingsService, runner }: { settings: SettingsService; runner: () => LocalAiRunner },
) {
  let cached: { engine: LocalAiEngine | null; value: LocalAiCalibration | null } | null = null;
  let calibrating: Promise<LocalAiCalibration> | null = null;
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID });
  const warn = (message: string) => (error: unknown) =>
    strapi.log.warn(`[sell-my-images] ${message}: ${(error as Error).message}`);

  /** The engine jobs run on now (the setting, resolved against what is installed). */
  const engineInUse = async () => resolveEngine((await settingsService.get()).localAiEngine);

  async function calibration(): Promise<LocalAiCalibration | null> {
    const engine = await engineInUse();
    if (cached && cached.engine === engine) return cached.value;
    const stored = await store().get({ key: CALIBRATION_STORE_KEY });
    const here = machine();
    // A calibration from other hardware (a moved database, another instance) or of
    // another engine says nothing about how jobs run here now.
    const usable =
      isCalibration(stored) &&
      stored.engine === engine &&
      stored.machine.cpus === here.cpus &&
      stored.machine.cpuModel === here.cpuModel
        ? stored
        : null;
    cached = { engine, value: usable };
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
      const availability = localAiAvailability(settings.localAiEngine);
      const engine = availability.engine;
      if (!availability.available || !engine) throw new Error(availability.message);
      const run = await runner().calibrate(`calibration.${randomBytes(6).toString('hex')}`, {
        kind: 'calibrate',
        engine,
        models: options.models ?? [...LOCAL_AI_MODELS],
        scales: options.scales ?? neededScales(settings.resolutions),
        size: CALIBRATION_SAMPLE_SIZE,
        threads: threadsPerJob(settings.localAiConcurrency),
      });
      const value = calibrationFromRun(run, machine(), CALIBRATION_SAMPLE_SIZE, engine);
      await store().set({ key: CALIBRATION_STORE_KEY, value });
      cached = { engine, value };
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
  function calibrateInBackground(engine: LocalAiEngineSetting): void {
    if (calibrating || !localAiAvailability(engine).available) return;
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
        calibrateInBackground(settings.localAiEngine);
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
      if (!cal) calibrateInBackground(settings.localAiEngine);
      const resolutions = settings.resolutions.filter((res) => parseResolution(res) !== null);
      const label = MODEL_LABELS[settings.localAiModel];
      const samples = (options.sizes ?? SAMPLE_SIZES).map(({ width, height }) => {
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
  };
}

export type Calibration = ReturnType<typeof createCalibration>;
