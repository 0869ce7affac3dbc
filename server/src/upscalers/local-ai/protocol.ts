/**
 * What the main thread and an inference worker say to each other. A worker gets one task
 * (its `workerData`), posts progress while it runs, then one final message.
 */
import type { SharpOutputFormat } from '../sharp';
import type { LocalAiModel } from './models';
import type { ModelScale } from './plan';

export interface UpscaleTask {
  kind: 'upscale';
  inputPath: string;
  outputPath: string;
  workDir: string;
  model: LocalAiModel;
  modelScale: ModelScale;
  /** The asked factor (a bicubic enlargement covers what the model's factor does not). */
  scale: number;
  tileSize: number;
  format: SharpOutputFormat;
  maxInputPixels: number;
  /** The input is a downloaded copy: delete it when done. */
  removeInput?: boolean;
}

export interface CalibrateTask {
  kind: 'calibrate';
  models: LocalAiModel[];
  scales: ModelScale[];
  /** Side of the square test input, in pixels. */
  size: number;
}

export type WorkerTask = UpscaleTask | CalibrateTask;

export interface CalibrationMeasurement {
  model: LocalAiModel;
  scale: ModelScale;
  /** Seconds per processed input megapixel (tile context included). */
  secondsPerMegapixel: number;
  /** Reading the model files and building the model. */
  loadSeconds: number;
}

export interface CalibrationRun {
  /** Worker start to TensorFlow.js ready. */
  startupSeconds: number;
  /** Enlarging (bicubic 2x) and encoding the result (PNG), per output megapixel. */
  encodeSecondsPerMegapixel: number;
  measurements: CalibrationMeasurement[];
}

export interface UpscaleOutcome {
  width: number;
  height: number;
  tiles: number;
  processedMegapixels: number;
  seconds: number;
  folded: boolean;
}

export type WorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'upscaled'; outcome: UpscaleOutcome }
  | { type: 'calibrated'; run: CalibrationRun }
  | { type: 'error'; code: string; message: string; permanent: boolean };
