/**
 * The inference worker (a worker_threads thread, one per task): ESRGAN runs here so the
 * Strapi event loop keeps serving requests while an upscale takes minutes. An upscale's
 * worker coordinates (decodes, tiles, assembles and encodes) and starts the job's
 * inference threads from this same script (task kind 'tiles', see tile-pool). Built to
 * dist/workers/esrgan-worker.js by scripts/build-worker.mjs (TensorFlow.js and sharp stay
 * external: they are the site's own installed packages).
 */
import { rm } from 'node:fs/promises';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { loadEsrgan } from './esrgan';
import { lanczosEnlarge } from './lanczos';
import { LocalAiUnavailableError, modelFolder, readModelFiles } from './models';
import type {
  CalibrateTask,
  CalibrationMeasurement,
  TileRequest,
  TilesTask,
  TileWorkerMessage,
  UpscaleTask,
  WorkerMessage,
  WorkerTask,
} from './protocol';
import { loadTensorflow } from './tfjs-runtime';
import { openTilePool, type TilePool } from './tile-pool';
import { InputError, upscaleImageFile } from './upscale-image';

function post(message: WorkerMessage | TileWorkerMessage, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(message, transfer);
}

/** This script, to start inference threads from (the built bundle, or the TypeScript source under tsx). */
function openPool(task: TilesTask, threads: number): Promise<TilePool> {
  return openTilePool({ script: __filename, execArgv: process.execArgv, threads, task });
}

/** A deterministic test picture (content does not change a convolution's cost, but keep it image-like). */
function testPattern(width: number, height: number): Uint8Array {
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

async function upscale(task: UpscaleTask): Promise<void> {
  const started = performance.now();
  // A whole remaining factor is a Lanczos enlargement per tile; a fractional one is left to the assembly (see plan).
  const ratio = task.scale / task.modelScale;
  const pool = await openPool(
    {
      kind: 'tiles',
      model: task.model,
      modelScale: task.modelScale,
      resizeFactor: Number.isInteger(ratio) ? ratio : 1,
    },
    task.threads,
  );
  try {
    const result = await upscaleImageFile({
      inputPath: task.inputPath,
      outputPath: task.outputPath,
      workDir: task.workDir,
      scale: task.scale,
      model: pool,
      parallel: pool.threads,
      tileSize: task.tileSize,
      format: task.format,
      maxInputPixels: task.maxInputPixels,
      rights: task.rights,
      onProgress: (done, total) => post({ type: 'progress', done, total }),
      // Their models and wasm heaps are hundreds of megabytes: gone before the encoding.
      onTilesDone: () => pool.close(),
    });
    post({
      type: 'upscaled',
      outcome: {
        ...result,
        seconds: (performance.now() - started) / 1000,
        folded: pool.folded,
        threads: pool.threads,
      },
    });
  } finally {
    await pool.close();
  }
}

/** An inference thread: loads the model once, then upscales (and enlarges) each tile it is sent. */
async function serveTiles(task: TilesTask): Promise<void> {
  const port = parentPort;
  if (!port) return;
  let model: Awaited<ReturnType<typeof loadEsrgan>>;
  try {
    const tf = await loadTensorflow();
    model = await loadEsrgan(
      tf,
      readModelFiles(modelFolder(task.model, task.modelScale)),
      task.modelScale,
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    post({
      type: 'failed',
      code: error instanceof LocalAiUnavailableError ? 'bad_config' : 'upscale_failed',
      message,
    });
    return;
  }
  // One tile at a time: the coordinator sends the next only when this one is back.
  port.on('message', (request: TileRequest) => {
    void (async () => {
      try {
        let rgb = await model.upscale(request.rgb, request.width, request.height);
        if (task.resizeFactor > 1)
          rgb = lanczosEnlarge(
            rgb,
            request.width * task.modelScale,
            request.height * task.modelScale,
            task.resizeFactor,
          );
        post({ type: 'tile-done', id: request.id, rgb }, [rgb.buffer as ArrayBuffer]);
      } catch (error) {
        post({
          type: 'failed',
          code: 'upscale_failed',
          message: error instanceof Error ? error.message : String(error),
        });
      }
    })();
  });
  post({ type: 'ready', folded: model.folded, padding: model.padding });
}

async function calibrate(task: CalibrateTask): Promise<void> {
  const tf = await loadTensorflow();
  // performance.now() counts from this thread's start: boot + TensorFlow.js + wasm init.
  const startupSeconds = performance.now() / 1000;
  const measurements: CalibrationMeasurement[] = [];
  const total = task.models.length * task.scales.length;
  // A real model output, to time the final enlargement and encoding on image-like content.
  let sample: { rgb: Uint8Array; side: number } | null = null;
  post({ type: 'progress', done: 0, total });
  for (const modelName of task.models) {
    for (const scale of task.scales) {
      const loadStart = performance.now();
      const model = await loadEsrgan(tf, readModelFiles(modelFolder(modelName, scale)), scale);
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
        model.dispose();
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
  const parallelSpeedup = await measureParallelSpeedup(task, measurements);
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
): Promise<number> {
  const reference = measurements[0];
  const threads = Number.isInteger(task.threads) ? task.threads : 1;
  if (threads <= 1 || !reference) return 1;
  const pool = await openPool(
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

/**
 * On Linux a thread's nice value is its own: this one yields to Strapi's request
 * handling whenever they compete for a core (elsewhere the call would lower the whole
 * process, so it is not made).
 */
const INFERENCE_NICE = 10;
function yieldToRequests(): void {
  if (process.platform !== 'linux') return;
  try {
    os.setPriority(INFERENCE_NICE);
  } catch {
    // not allowed here: run at normal priority
  }
}

async function main(): Promise<void> {
  yieldToRequests();
  const task = workerData as WorkerTask;
  if (task.kind === 'tiles') return serveTiles(task);
  try {
    if (task.kind === 'upscale')
      await upscale(task).finally(() =>
        task.removeInput ? rm(task.inputPath, { force: true }) : undefined,
      );
    else await calibrate(task);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof InputError)
      post({ type: 'error', code: 'unsupported_input', message, permanent: true });
    else if (error instanceof LocalAiUnavailableError)
      post({ type: 'error', code: 'bad_config', message, permanent: true });
    else if (/ENOSPC|no space left/i.test(message))
      post({
        type: 'error',
        code: 'storage_error',
        message: 'Could not write the upscaled file',
        permanent: false,
      });
    else
      post({
        type: 'error',
        code: 'upscale_failed',
        message: `Local AI upscale failed: ${message.split('\n')[0]}`,
        permanent: false,
      });
  }
}

void main();
