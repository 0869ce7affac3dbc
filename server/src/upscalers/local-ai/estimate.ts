/**
 * Expected processing time of a local-ai job on this machine, from a calibration run
 * (see services/local-ai): seconds per processed input megapixel of each model and
 * factor, the fixed start-up cost of a run and the encoding speed. The tile plan gives
 * the processed pixels (tile context included), so the estimate follows the tile size.
 */
import type { LocalAiModel } from './models';
import { planUpscale, type EightXMode, type ModelScale } from './plan';
import type { CalibrationRun } from './protocol';
import { planTiles, processedPixels } from './tiling';

export const CALIBRATION_VERSION = 1;

export type RateKey = `${LocalAiModel}-x${ModelScale}`;

export interface LocalAiCalibration {
  version: number;
  measuredAt: string;
  /** The machine it was measured on: another machine (or CPU count) needs its own run. */
  machine: { cpus: number; cpuModel: string; node: string };
  /** Side of the square test input. */
  sampleSize: number;
  startupSeconds: number;
  encodeSecondsPerMegapixel: number;
  rates: Partial<Record<RateKey, { secondsPerMegapixel: number; loadSeconds: number }>>;
}

export function rateKey(model: LocalAiModel, scale: ModelScale): RateKey {
  return `${model}-x${scale}`;
}

export function calibrationFromRun(run: CalibrationRun, machine: LocalAiCalibration['machine'], sampleSize: number, measuredAt = new Date()): LocalAiCalibration {
  const rates: LocalAiCalibration['rates'] = {};
  for (const m of run.measurements) rates[rateKey(m.model, m.scale)] = { secondsPerMegapixel: m.secondsPerMegapixel, loadSeconds: m.loadSeconds };
  return {
    version: CALIBRATION_VERSION,
    measuredAt: measuredAt.toISOString(),
    machine,
    sampleSize,
    startupSeconds: run.startupSeconds,
    encodeSecondsPerMegapixel: run.encodeSecondsPerMegapixel,
    rates,
  };
}

export interface EstimateInput {
  width: number;
  height: number;
  scale: number;
  model: LocalAiModel;
  eightXMode: EightXMode;
  tileSize: number;
  /** Tile context of the model (models.modelPadding). */
  padding: number;
}

/** Seconds, rounded up; null when the calibration has no rate for the model and factor needed. */
export function estimateSeconds(calibration: LocalAiCalibration, input: EstimateInput): number | null {
  const plan = planUpscale(input.scale, input.eightXMode);
  const rate = calibration.rates[rateKey(input.model, plan.modelScale)];
  if (!rate) return null;
  const processed = processedPixels(planTiles(input.width, input.height, input.tileSize, input.padding)) / 1e6;
  const outputMegapixels = (input.width * input.scale * input.height * input.scale) / 1e6;
  const seconds = calibration.startupSeconds + rate.loadSeconds + processed * rate.secondsPerMegapixel + outputMegapixels * calibration.encodeSecondsPerMegapixel;
  return Math.ceil(seconds);
}
