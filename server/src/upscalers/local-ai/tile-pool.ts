/**
 * The inference threads of one upscale: `threads` worker threads, each with its own copy
 * of the model (TensorFlow.js' wasm backend runs one thread per instance in Node), fed
 * tiles by the job's coordinating worker. Two threads on two cores make one job almost
 * twice as fast; each thread lowers its own priority (see inference-worker), so Strapi's
 * requests still come first.
 *
 * A tile is sent with its bytes transferred (not copied) and comes back the same way.
 * A thread that fails or dies fails the pool: every pending and later tile is refused,
 * and the job fails as a whole (it is retried from the start).
 */
import { Worker } from 'node:worker_threads';
import { LocalAiUnavailableError } from './models';
import type { TilesTask, TileWorkerMessage } from './protocol';
import type { TileUpscaler } from './upscale-image';

export interface TilePool extends TileUpscaler {
  threads: number;
  /** Whether the model runs its upsampling folded (see esrgan). */
  folded: boolean;
  close(): Promise<void>;
}

interface TilePoolOptions {
  /** The worker script (the inference worker itself) and how to run it. */
  script: string;
  execArgv?: string[];
  threads: number;
  task: TilesTask;
}

interface Pending {
  id: number;
  rgb: Uint8Array;
  width: number;
  height: number;
  resolve(value: Uint8Array): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  busy: Pending | null;
}

export async function openTilePool(options: TilePoolOptions): Promise<TilePool> {
  const count = Number.isFinite(options.threads) ? Math.max(1, Math.floor(options.threads)) : 1;
  const factor = options.task.modelScale * options.task.resizeFactor;
  const threads: Thread[] = [];
  const queue: Pending[] = [];
  let broken: Error | null = null;
  let closed = false;
  let nextId = 0;

  function fail(error: Error): void {
    if (broken) return;
    broken = error;
    for (const thread of threads) {
      thread.busy?.reject(error);
      thread.busy = null;
    }
    for (const pending of queue.splice(0)) pending.reject(error);
    for (const thread of threads) void thread.worker.terminate();
  }

  function dispatch(): void {
    for (const thread of threads) {
      if (broken || queue.length === 0) return;
      if (thread.busy) continue;
      const pending = queue.shift() as Pending;
      thread.busy = pending;
      const { rgb } = pending;
      // Transfer when the bytes are a whole buffer of their own (extractRegion's are).
      const transfer =
        rgb.byteOffset === 0 && rgb.byteLength === rgb.buffer.byteLength
          ? [rgb.buffer as ArrayBuffer]
          : [];
      thread.worker.postMessage(
        { type: 'tile', id: pending.id, rgb, width: pending.width, height: pending.height },
        transfer,
      );
    }
  }

  const ready: Array<Promise<{ folded: boolean; padding: number }>> = [];
  for (let i = 0; i < count; i++) {
    const worker = new Worker(options.script, {
      workerData: options.task,
      ...(options.execArgv ? { execArgv: options.execArgv } : {}),
    });
    const thread: Thread = { worker, busy: null };
    threads.push(thread);
    ready.push(
      new Promise((resolve, reject) => {
        worker.on('message', (message: TileWorkerMessage) => {
          switch (message.type) {
            case 'ready':
              return resolve({ folded: message.folded, padding: message.padding });
            case 'tile-done': {
              const pending = thread.busy;
              if (!pending || pending.id !== message.id)
                return fail(new Error('An inference thread answered for a tile it was not given'));
              thread.busy = null;
              pending.resolve(message.rgb);
              return dispatch();
            }
            case 'failed': {
              // A missing package or model is the site's configuration: permanent, like in the coordinator.
              const error =
                message.code === 'bad_config'
                  ? new LocalAiUnavailableError(message.message)
                  : new Error(message.message);
              reject(error);
              return fail(error);
            }
          }
        });
        worker.on('error', (error) => {
          reject(error);
          fail(error);
        });
        worker.on('exit', (code) => {
          const error = new Error(`An inference thread stopped unexpectedly (exit code ${code})`);
          reject(error);
          if (!closed) fail(error);
        });
      }),
    );
  }

  let started: Array<{ folded: boolean; padding: number }>;
  try {
    started = await Promise.all(ready);
  } catch (error) {
    closed = true;
    fail(error as Error);
    throw broken ?? error;
  }
  const first = started[0] as { folded: boolean; padding: number };

  return {
    threads: count,
    scale: factor,
    padding: first.padding,
    folded: first.folded,
    upscale(rgb, width, height) {
      if (broken) return Promise.reject(broken);
      if (closed) return Promise.reject(new Error('The tile pool is closed'));
      return new Promise<Uint8Array>((resolve, reject) => {
        queue.push({ id: nextId++, rgb, width, height, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const pending of queue.splice(0)) pending.reject(new Error('The tile pool is closed'));
      await Promise.allSettled(threads.map((thread) => thread.worker.terminate()));
    },
  };
}
