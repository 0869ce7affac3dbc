/**
 * The inference worker (a worker_threads thread, one per task): ESRGAN runs here so the
 * Strapi event loop keeps serving requests while an upscale takes minutes. Built to
 * dist/workers/esrgan-worker.js by scripts/build-worker.mjs (TensorFlow.js and sharp stay
 * external: they are the site's own installed packages).
 */
import { rm } from 'node:fs/promises';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { loadEsrgan } from './esrgan';
import { LocalAiUnavailableError, modelFolder, readModelFiles } from './models';
import type { CalibrateTask, CalibrationMeasurement, UpscaleTask, WorkerMessage, WorkerTask } from './protocol';
import { loadTensorflow } from './tfjs-runtime';
import { InputError, upscaleImageFile } from './upscale-image';

function post(message: WorkerMessage): void {
  parentPort?.postMessage(message);
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
  const tf = await loadTensorflow();
  const model = await loadEsrgan(tf, readModelFiles(modelFolder(task.model, task.modelScale)), task.modelScale);
  try {
    const result = await upscaleImageFile({
      inputPath: task.inputPath,
      outputPath: task.outputPath,
      workDir: task.workDir,
      scale: task.scale,
      model,
      tileSize: task.tileSize,
      format: task.format,
      maxInputPixels: task.maxInputPixels,
      onProgress: (done, total) => post({ type: 'progress', done, total }),
    });
    post({ type: 'upscaled', outcome: { ...result, seconds: (performance.now() - started) / 1000, folded: model.folded } });
  } finally {
    model.dispose();
  }
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
        measurements.push({ model: modelName, scale, secondsPerMegapixel: best / ((task.size * task.size) / 1e6), loadSeconds });
      } finally {
        model.dispose();
      }
      post({ type: 'progress', done: measurements.length, total });
    }
  }
  // The end of a job: a 2x bicubic enlargement (8x by the 4x model) and PNG encoding, per output megapixel.
  const source = sample ?? { rgb: testPattern(512, 512), side: 512 };
  const side = source.side * 2;
  const encodeStart = performance.now();
  await sharp(Buffer.from(source.rgb), { raw: { width: source.side, height: source.side, channels: 3 } })
    .resize(side, side, { kernel: 'cubic' })
    .png({ compressionLevel: 6 })
    .toBuffer();
  const encodeSecondsPerMegapixel = (performance.now() - encodeStart) / 1000 / ((side * side) / 1e6);
  post({ type: 'calibrated', run: { startupSeconds, encodeSecondsPerMegapixel, measurements } });
}

/**
 * On Linux a thread's nice value is its own: this one yields to Strapi's request
 * handling whenever they compete for a core (elsewhere the call would lower the whole
 * process, so it is not made).
 */
export const INFERENCE_NICE = 10;
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
  try {
    if (task.kind === 'upscale') await upscale(task).finally(() => (task.removeInput ? rm(task.inputPath, { force: true }) : undefined));
    else await calibrate(task);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof InputError) post({ type: 'error', code: 'unsupported_input', message, permanent: true });
    else if (error instanceof LocalAiUnavailableError) post({ type: 'error', code: 'bad_config', message, permanent: true });
    else if (/ENOSPC|no space left/i.test(message)) post({ type: 'error', code: 'storage_error', message: 'Could not write the upscaled file', permanent: false });
    else post({ type: 'error', code: 'upscale_failed', message: `Local AI upscale failed: ${message.split('\n')[0]}`, permanent: false });
  }
}

void main();
