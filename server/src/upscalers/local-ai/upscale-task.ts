/**
 * One upscale task in an inference worker, on either engine: the tiles go through an
 * ONNX session of this worker (kept warm between jobs, its intra-op threads doing the
 * parallel work), or through a pool of tfjs inference threads started for the job.
 */
import { performance } from 'node:perf_hooks';
import { lanczosEnlarge } from './lanczos';
import { onnxSession } from './onnx-sessions';
import type { TilesTask, UpscaleTask, WorkerMessage } from './protocol';
import type { TilePool } from './tile-pool';
import { upscaleImageFile, type TileUpscaler } from './upscale-image';

export interface UpscaleTaskDeps {
  post(message: WorkerMessage): void;
  /** Starts the tfjs engine's inference threads (from the worker script itself). */
  openPool(task: TilesTask, threads: number): Promise<TilePool>;
}

interface JobModel extends TileUpscaler {
  threads: number;
  /** Tiles in flight at once. */
  parallel: number;
  folded: boolean;
  /** Frees what the job alone used (the tfjs threads); a warm session stays. */
  close(): Promise<void>;
}

/** A model of this worker's warm ONNX sessions, with the per-tile Lanczos enlargement. */
async function onnxModel(task: UpscaleTask, resizeFactor: number): Promise<JobModel> {
  const esrgan = await onnxSession(task.model, task.modelScale, task.threads);
  return {
    scale: task.modelScale * resizeFactor,
    padding: esrgan.padding,
    threads: esrgan.threads,
    parallel: 1,
    folded: esrgan.folded,
    async upscale(rgb, width, height) {
      const upscaled = await esrgan.upscale(rgb, width, height);
      return resizeFactor > 1
        ? lanczosEnlarge(upscaled, width * task.modelScale, height * task.modelScale, resizeFactor)
        : upscaled;
    },
    close: async () => undefined,
  };
}

async function tfjsModel(
  task: UpscaleTask,
  resizeFactor: number,
  deps: UpscaleTaskDeps,
): Promise<JobModel> {
  const pool = await deps.openPool(
    { kind: 'tiles', model: task.model, modelScale: task.modelScale, resizeFactor },
    task.threads,
  );
  return { ...pool, upscale: pool.upscale, parallel: pool.threads, close: () => pool.close() };
}

export async function runUpscale(task: UpscaleTask, deps: UpscaleTaskDeps): Promise<void> {
  const started = performance.now();
  // A whole remaining factor is a Lanczos enlargement per tile; a fractional one is left to the assembly (see plan).
  const ratio = task.scale / task.modelScale;
  const resizeFactor = Number.isInteger(ratio) ? ratio : 1;
  const model =
    task.engine === 'onnx'
      ? await onnxModel(task, resizeFactor)
      : await tfjsModel(task, resizeFactor, deps);
  try {
    const result = await upscaleImageFile({
      inputPath: task.inputPath,
      outputPath: task.outputPath,
      workDir: task.workDir,
      scale: task.scale,
      model,
      parallel: model.parallel,
      tileSize: task.tileSize,
      format: task.format,
      maxInputPixels: task.maxInputPixels,
      rights: task.rights,
      onProgress: (done, total) => deps.post({ type: 'progress', done, total }),
      // tfjs threads' models and wasm heaps are hundreds of megabytes: gone before the encoding.
      onTilesDone: () => model.close(),
    });
    deps.post({
      type: 'upscaled',
      outcome: {
        ...result,
        seconds: (performance.now() - started) / 1000,
        folded: model.folded,
        threads: model.threads,
      },
    });
  } finally {
    await model.close();
  }
}
