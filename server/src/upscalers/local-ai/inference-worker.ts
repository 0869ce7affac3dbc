/**
 * The inference worker (a worker_threads thread): ESRGAN runs here so the Strapi event
 * loop keeps serving requests while an upscale runs. On the ONNX engine it is a warm
 * worker that runs task after task with its sessions loaded (kind 'warm', see
 * warm-workers); on tfjs it runs one task, and an upscale's worker starts the job's
 * inference threads from this same script (task kind 'tiles', see tile-pool). Either way
 * the worker coordinates: decodes, tiles, assembles and encodes. Built to
 * dist/workers/esrgan-worker.js by scripts/build-worker.mjs (TensorFlow.js, ONNX Runtime
 * and sharp stay external: they are the site's own installed packages).
 */
import { rm } from 'node:fs/promises';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { runCalibration } from './calibrate-task';
import { loadEsrgan } from './esrgan';
import { lanczosEnlarge } from './lanczos';
import { LocalAiUnavailableError, modelFolder, readModelFiles } from './models';
import type {
  CalibrateTask,
  RunRequest,
  TileRequest,
  TilesTask,
  TileWorkerMessage,
  UpscaleTask,
  WarmTask,
  WorkerMessage,
  WorkerTask,
} from './protocol';
import { onnxSession } from './onnx-sessions';
import { loadTensorflow } from './tfjs-runtime';
import { openTilePool, type TilePool } from './tile-pool';
import { InputError } from './upscale-image';
import { runUpscale } from './upscale-task';

function post(message: WorkerMessage | TileWorkerMessage, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(message, transfer);
}

/** This script, to start inference threads from (the built bundle, or the TypeScript source under tsx). */
function openPool(task: TilesTask, threads: number): Promise<TilePool> {
  return openTilePool({ script: __filename, execArgv: process.execArgv, threads, task });
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

/**
 * On Linux a thread's nice value is its own, and the threads it starts inherit it (ONNX
 * Runtime's intra-op threads, tfjs's inference threads, which therefore set none). A paid
 * upscale runs below Strapi's request handling yet keeps a share of a contended core (its
 * buyer is waiting); a calibration, which nobody waits for, at the lowest priority.
 * Elsewhere the call would lower the whole process, so it is not made.
 */
const NICE = { upscale: 10, calibrate: 19 } as const;
function lowerPriority(kind: keyof typeof NICE): void {
  if (process.platform !== 'linux') return;
  try {
    os.setPriority(NICE[kind]);
  } catch {
    // not allowed here: run at normal priority
  }
}

/** Runs one upscale or calibration and posts its answer or its error. */
async function runTask(task: UpscaleTask | CalibrateTask): Promise<void> {
  const deps = { post, openPool };
  try {
    if (task.kind === 'upscale')
      await runUpscale(task, deps).finally(() =>
        task.removeInput ? rm(task.inputPath, { force: true }) : undefined,
      );
    else await runCalibration(task, deps);
  } catch (error) {
    post(errorMessage(error));
  }
}

function errorMessage(error: unknown): WorkerMessage {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof InputError)
    return { type: 'error', code: 'unsupported_input', message, permanent: true };
  if (error instanceof LocalAiUnavailableError)
    return { type: 'error', code: 'bad_config', message, permanent: true };
  if (/ENOSPC|no space left/i.test(message))
    return {
      type: 'error',
      code: 'storage_error',
      message: 'Could not write the upscaled file',
      permanent: false,
    };
  return {
    type: 'error',
    code: 'upscale_failed',
    message: `Local AI upscale failed: ${message.split('\n')[0]}`,
    permanent: false,
  };
}

/**
 * A warm worker (ONNX engine): runs the tasks it is sent one after the other, keeping its
 * sessions between them (see warm-workers). The runner sends the next only after the answer.
 */
function serveTasks(): void {
  const port = parentPort;
  if (!port) return;
  // Models to have ready before the first job (a failure shows when a job needs the model).
  for (const { model, modelScale, threads } of (workerData as WarmTask).preload ?? [])
    onnxSession(model, modelScale, threads).catch(() => undefined);
  let queue = Promise.resolve();
  port.on('message', (request: RunRequest) => {
    if (request?.type !== 'run') return;
    queue = queue.then(() => runTask(request.task));
  });
  post({ type: 'warm-ready' });
}

async function main(): Promise<void> {
  const task = workerData as WorkerTask;
  if (task.kind === 'tiles') return serveTiles(task); // at its parent's priority
  lowerPriority(task.kind === 'calibrate' ? 'calibrate' : 'upscale'); // a warm worker upscales
  if (task.kind === 'warm') return serveTasks();
  await runTask(task);
}

void main();
