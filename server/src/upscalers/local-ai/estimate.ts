/**
 * Expected processing time of a local-ai job on this machine, from a calibration run
 * (see local-ai/calibration): seconds per processed input megapixel of each model and
 * factor on one thread, how much faster a job's threads are together, the fixed
 * start-up cost of a run, and the Lanczos and encoding speeds. The tile plan gives the
 * processed pixels (tile context included), so the estimate follows the tile size.
 */
import type { LocalAiEngine } from '../../../../shared/contracts/settings';
import type { LocalAiModel } from './models';
import { planUpscale, type EightXMode, type ModelScale } from './plan';
import type { CalibrationRun } from './protocol';
import { planTiles, processedPixels } from './tiling';

/** 3: the engine is recorded (an older run, always tfjs, is measured again). */
export const CALIBRATION_VERSION = 3;

type RateKey = `${LocalAiModel}-x${ModelScale}`;

export interface LocalAiCalibration {
  version: number;
  /** The engine measured: a calibration of another engine is measured again. */
  engine: LocalAiEngine;
  measuredAt: string;
  /** The machine it was measured on: another machine (or CPU count) needs its own run. */
  machine: { cpus: number; cpuModel: string; node: string };
  /** Side of the square test input. */
  sampleSize: number;
  startupSeconds: number;
  encodeSecondsPerMegapixel: number;
  lanczosSecondsPerMegapixel: number;
  /** Threads measured together and their throughput over one thread's. */
  threads: number;
  parallelSpeedup: number;
  rates: Partial<Record<RateKey, { secondsPerMegapixel: number; loadSeconds: number }>>;
}

function rateKey(model: LocalAiModel, scale: ModelScale): RateKey {
  return `${model}-x${scale}`;
}

export function calibrationFromRun(
  run: CalibrationRun,
  machine: LocalAiCalibration['machine'],
  sampleSize: number,
  engine: LocalAiEngine,
  measuredAt = new Date(),
): LocalAiCalibration {
  const rates: LocalAiCalibration['rates'] = {};
  for (const m of run.measurements)
    rates[rateKey(m.model, m.scale)] = {
      secondsPerMegapixel: m.secondsPerMegapixel,
      loadSeconds: m.loadSeconds,
    };
  return {
    version: CALIBRATION_VERSION,
    engine,
    measuredAt: measuredAt.toISOString(),
    machine,
    sampleSize,
    startupSeconds: run.startupSeconds,
    encodeSecondsPerMegapixel: run.encodeSecondsPerMegapixel,
    lanczosSecondsPerMegapixel: run.lanczosSecondsPerMegapixel,
    threads: run.threads,
    parallelSpeedup: run.parallelSpeedup,
    rates,
  };
}

interface EstimateInput {
  width: number;
  height: number;
  scale: number;
  model: LocalAiModel;
  eightXMode: EightXMode;
  tileSize: number;
  /** Tile context of the model (models.modelPadding). */
  padding: number;
  /** Inference threads of the job (1 when not given). */
  threads?: number;
}

/**
 * Throughput of `threads` threads over one: the measured speedup when the calibration
 * ran that many; otherwise the measured efficiency per added thread, carried over.
 */
function speedupFor(calibration: LocalAiCalibration, threads: number): number {
  if (threads <= 1) return 1;
  if (calibration.threads === threads) return calibration.parallelSpeedup;
  const perAddedThread =
    calibration.threads > 1 ? (calibration.parallelSpeedup - 1) / (calibration.threads - 1) : 0.8;
  return 1 + (threads - 1) * Math.min(1, Math.max(0, perAddedThread));
}

/** Seconds, rounded up; null when the calibration has no rate for the model and factor needed. */
export function estimateSeconds(
  calibration: LocalAiCalibration,
  input: EstimateInput,
): number | null {
  const plan = planUpscale(input.scale, input.eightXMode);
  const rate = calibration.rates[rateKey(input.model, plan.modelScale)];
  if (!rate) return null;
  const processed =
    processedPixels(planTiles(input.width, input.height, input.tileSize, input.padding)) / 1e6;
  const outputMegapixels = (input.width * input.scale * input.height * input.scale) / 1e6;
  const speedup = speedupFor(calibration, input.threads ?? 1);
  // The Lanczos pass runs per tile in the inference threads, on the tile and its context.
  const lanczosMegapixels =
    plan.resizeMethod === 'lanczos' ? processed * plan.scale * plan.scale : 0;
  const parallelPart =
    processed * rate.secondsPerMegapixel +
    lanczosMegapixels * calibration.lanczosSecondsPerMegapixel;
  // ONNX runs on warm workers (see warm-workers): no thread start-up per job, and the
  // session is usually loaded already (its load time is counted, as after an idle spell).
  const startup = calibration.engine === 'onnx' ? 0 : calibration.startupSeconds;
  const seconds =
    startup +
    rate.loadSeconds +
    parallelPart / speedup +
    outputMegapixels * calibration.encodeSecondsPerMegapixel;
  return Math.ceil(seconds);
}
