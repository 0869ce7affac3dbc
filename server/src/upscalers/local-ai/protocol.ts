/**
 * What the main thread and an inference worker say to each other. A worker of the tfjs
 * engine gets one task (its `workerData`); a warm worker (ONNX engine, see warm-workers)
 * gets `{ kind: 'warm' }` and then its tasks one at a time as `RunRequest` messages. For
 * each task it posts progress while it runs, then one final message.
 */
import type { SaleRights } from '../rights-xmp';
import type { SharpOutputFormat } from '../sharp';
import type { LocalAiEngine } from '../../../../shared/contracts/settings';
import type { LocalAiModel } from './models';
import type { ModelScale } from './plan';

export interface UpscaleTask {
  kind: 'upscale';
  engine: LocalAiEngine;
  inputPath: string;
  outputPath: string;
  workDir: string;
  model: LocalAiModel;
  modelScale: ModelScale;
  /** The asked factor (an enlargement covers what the model's factor does not, see plan). */
  scale: number;
  /** Inference threads for this job (each with its own copy of the model). */
  threads: number;
  tileSize: number;
  format: SharpOutputFormat;
  maxInputPixels: number;
  /** The sale's rights, written as XMP with the result (see sale-metadata). */
  rights?: SaleRights;
  /** The input is a downloaded copy: delete it when done. */
  removeInput?: boolean;
}

export interface CalibrateTask {
  kind: 'calibrate';
  engine: LocalAiEngine;
  models: LocalAiModel[];
  scales: ModelScale[];
  /** Side of the square test input, in pixels. */
  size: number;
  /** Inference threads a job gets: the calibration measures how much faster they are together. */
  threads: number;
  /** When the runner created the calibration's thread (ms since the epoch; set by run-worker). */
  spawnedAt?: number;
}

/** An inference thread of one upscale (see tile-pool): it upscales the tiles it is sent. */
export interface TilesTask {
  kind: 'tiles';
  model: LocalAiModel;
  modelScale: ModelScale;
  /** Whole factor of the Lanczos enlargement done on each tile after the model (1 = none). */
  resizeFactor: number;
}

/** A model a warm worker loads as soon as it starts (see warm-workers `prewarm`). */
export interface Preload {
  model: LocalAiModel;
  modelScale: ModelScale;
  threads: number;
}

/** A long-lived worker of the ONNX engine: its tasks come as RunRequest messages. */
export interface WarmTask {
  kind: 'warm';
  preload?: Preload[];
}

/** What the runner sends a warm worker: the next task (one at a time). */
export interface RunRequest {
  type: 'run';
  task: UpscaleTask | CalibrateTask;
}

export type WorkerTask = UpscaleTask | CalibrateTask | TilesTask | WarmTask;

/** What an inference thread tells the coordinating worker. */
export type TileWorkerMessage =
  | { type: 'ready'; folded: boolean; padding: number }
  | { type: 'tile-done'; id: number; rgb: Uint8Array }
  | { type: 'failed'; code: 'bad_config' | 'upscale_failed'; message: string };

/** What the coordinating worker sends an inference thread. */
export interface TileRequest {
  type: 'tile';
  id: number;
  rgb: Uint8Array;
  width: number;
  height: number;
}

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
  /** Encoding the result (PNG), per output megapixel. */
  encodeSecondsPerMegapixel: number;
  /** The Lanczos 2x enlargement of a model output (one thread), per output megapixel. */
  lanczosSecondsPerMegapixel: number;
  /** Threads measured together, and their throughput over one thread's (≤ threads). */
  threads: number;
  parallelSpeedup: number;
  measurements: CalibrationMeasurement[];
}

export interface UpscaleOutcome {
  width: number;
  height: number;
  tiles: number;
  processedMegapixels: number;
  seconds: number;
  folded: boolean;
  threads: number;
}

export type WorkerMessage =
  /** A warm worker is listening for tasks. */
  | { type: 'warm-ready' }
  | { type: 'progress'; done: number; total: number }
  | { type: 'upscaled'; outcome: UpscaleOutcome }
  | { type: 'calibrated'; run: CalibrationRun }
  | { type: 'error'; code: string; message: string; permanent: boolean };
