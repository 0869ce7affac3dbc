/**
 * The calibration task in an inference worker: each model and factor timed on a test
 * picture with the engine jobs use (see calibration for how the figures are used), the
 * final Lanczos enlargement and encoding, and for tfjs how much faster a job's threads
 * are together. ONNX sessions are the warm worker's own, so a calibration also warms it.
 */
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { loadEsrgan, type Esrgan } from './esrgan';
import { lanczosEnlarge } from './lanczos';
import { modelFolder, readModelFiles, type LocalAiModel } from './models';
import { onnxSession } from './onnx-sessions';
import type { ModelScale } from './plan';
import type { CalibrateTask, CalibrationMeasurement, TilesTask, WorkerMessage } from './protocol';
import { loadTensorflow } from './tfjs-runtime';
import type { TilePool } from './tile-pool';

export interface CalibrationDeps {
  post(message: WorkerMessage): void;
  openPool(task: TilesTask, threads: number): Promise<TilePool>;
}

/** Loads models on the task's engine. */
async function openEngine(
  task: CalibrateTask,
): Promise<{ load(model: LocalAiModel, scale: ModelScale): Promise<Esrgan> }> {
  if (task.engine === 'onnx')
    return { load: (model, scale) => onnxSession(model, scale, Math.max(1, task.threads)) };
  const tf = await loadTensorflow();
  return {
    load: (model, scale) => loadEsrgan(tf, readModelFiles(modelFolder(model, scale)), scale),
  };
}

/** A deterministic test picture (content does not change a convolution's cost, but keep it image-like). */
export function testPattern(width: number, height: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      rgb[i] = (x * 7 + y * 3) & 255;
      rgb[i + 1] = ((x ^ y) * 5) & 255;
      rgb[i + 2] = (x * y) & 255;
    }
  }
  return rgb;
}

export async function runCalibration(task: CalibrateTask, deps: CalibrationDeps): Promise<void> {
  const { post } = deps;
  const engine = await openEngine(task);
  // From the thread's creation (the runner stamps it) to the engine ready: what a job
  // on a fresh thread pays before its first tile. (A worker's performance.now() counts
  // from the process's start, not the thread's.)
  const startupSeconds = Math.max(0, (Date.now() - (task.spawnedAt ?? Date.now())) / 1000);
  const measurements: CalibrationMeasurement[] = [];
  const total = task.models.length * task.scales.length;
  // A real model output, to time the final enlargement and encoding on image-like content.
  let sample: { rgb: Uint8Array; side: number } | null = null;
  post({ type: 'progress', done: 0, total });
  for (const modelName of task.models) {
    for (const scale of task.scales) {
      const loadStart = performance.now();
      const model = await engine.load(modelName, scale);
      const loadSeconds = (performance.now() - loadStart) / 1000;
      try {
        await model.upscale(testPattern(32, 32), 32, 32); // first run allocates and compiles
        const input = testPattern(task.size, task.size);
        let best = Infinity;
        for (let run = 0; run < 2; run++) {
          const start = performance.now();
          const output = await model.upscale(input, task.size, task.size);
          best = Math.min(best, (performance.now() - start) / 1000);
          if (!sample || scale === 4) sample = { rgb: output, side: task.size * scale };
        }
        measurements.push({
          model: modelName,
          scale,
          secondsPerMegapixel: best / ((task.size * task.size) / 1e6),
          loadSeconds,
        });
      } finally {
        if (task.engine === 'tfjs') model.dispose(); // a warm ONNX session stays
      }
      post({ type: 'progress', done: measurements.length, total });
    }
  }
  // The end of a job, per output megapixel: the Lanczos 2x of 8x by the 4x model (one
  // thread; on a real model output) and the PNG encoding.
  const source = sample ?? { rgb: testPattern(512, 512), side: 512 };
  const side = source.side * 2;
  const lanczosStart = performance.now();
  const enlarged = lanczosEnlarge(source.rgb, source.side, source.side, 2);
  const lanczosSecondsPerMegapixel =
    (performance.now() - lanczosStart) / 1000 / ((side * side) / 1e6);
  const encodeStart = performance.now();
  await sharp(Buffer.from(enlarged.buffer, enlarged.byteOffset, enlarged.byteLength), {
    raw: { width: side, height: side, channels: 3 },
  })
    .png({ compressionLevel: 6 })
    .toBuffer();
  const encodeSecondsPerMegapixel =
    (performance.now() - encodeStart) / 1000 / ((side * side) / 1e6);
  // ONNX: the rates were measured with the job's intra-op threads already.
  const parallelSpeedup =
    task.engine === 'onnx' ? 1 : await measureParallelSpeedup(task, measurements, deps);
  post({
    type: 'calibrated',
    run: {
      startupSeconds,
      encodeSecondsPerMegapixel,
      lanczosSecondsPerMegapixel,
      threads: Number.isInteger(task.threads) && task.threads > 1 ? task.threads : 1,
      parallelSpeedup,
      measurements,
    },
  });
}

/**
 * How much faster a job's `threads` inference threads are together than one: they share
 * the cores, the memory bandwidth and the caches. Measured on the first model and
 * factor: `threads` tiles at once through a real pool, against the one-thread rate.
 */
async function measureParallelSpeedup(
  task: CalibrateTask,
  measurements: CalibrationMeasurement[],
  deps: CalibrationDeps,
): Promise<number> {
  const reference = measurements[0];
  const threads = Number.isInteger(task.threads) ? task.threads : 1;
  if (threads <= 1 || !reference) return 1;
  const pool = await deps.openPool(
    { kind: 'tiles', model: reference.model, modelScale: reference.scale, resizeFactor: 1 },
    threads,
  );
  try {
    const input = () => testPattern(task.size, task.size);
    await Promise.all(
      Array.from({ length: threads }, () => pool.upscale(input(), task.size, task.size)),
    ); // warm-up
    let best = Infinity;
    for (let run = 0; run < 2; run++) {
      const start = performance.now();
      await Promise.all(
        Array.from({ length: threads }, () => pool.upscale(input(), task.size, task.size)),
      );
      best = Math.min(best, (performance.now() - start) / 1000);
    }
    const megapixels = (threads * task.size * task.size) / 1e6;
    const speedup = reference.secondsPerMegapixel / (best / megapixels);
    return Math.min(threads, Math.max(1, speedup));
  } finally {
    await pool.close();
  }
}
