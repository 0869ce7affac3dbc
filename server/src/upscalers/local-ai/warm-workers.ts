/**
 * The warm inference pool of the ONNX engine (docs/architecture.md "Local AI engines"):
 * workers that outlive their task, so a model is loaded once per worker lifetime and a
 * small job starts inference within a few milliseconds of being claimed. At most `max`
 * idle workers are kept (the runner's concurrency); one idle for `idleMs` ends, giving
 * its memory back. A worker whose task timed out, was cancelled or crashed is never
 * reused: it is terminated and a fresh one starts next time.
 *
 * tfjs workers are not pooled: the WebAssembly heap never shrinks, so ending the thread
 * is how a job gives back its memory there.
 */
import { Worker } from 'node:worker_threads';
import type { Preload, WarmTask } from './protocol';
import type { WorkerScript } from './worker-threads';

interface WarmPoolOptions {
  /** Idle workers kept at most. */
  max(): number;
  /** How long an idle worker lives (10 minutes by default). */
  idleMs?: number;
}

interface Idle {
  worker: Worker;
  timer: NodeJS.Timeout;
  onExit(): void;
}

export function createWarmPool(script: WorkerScript, options: WarmPoolOptions) {
  const idleMs = options.idleMs ?? 10 * 60_000;
  const idle: Idle[] = [];
  let started = 0;
  let stopped = false;

  function forget(entry: Idle): void {
    clearTimeout(entry.timer);
    entry.worker.off('exit', entry.onExit);
    const at = idle.indexOf(entry);
    if (at >= 0) idle.splice(at, 1);
  }

  const spawn = (workerData: WarmTask) =>
    new Worker(script.path, {
      workerData,
      ...(script.execArgv ? { execArgv: script.execArgv } : {}),
    });

  /** Gives a worker back after a task that ended with an answer (it is healthy and idle). */
  function release(worker: Worker): void {
    if (stopped || idle.length >= Math.max(0, options.max())) {
      void worker.terminate();
      return;
    }
    const entry: Idle = {
      worker,
      timer: setTimeout(() => {
        forget(entry);
        void worker.terminate();
      }, idleMs),
      onExit: () => forget(entry),
    };
    entry.timer.unref();
    // An idle worker does not keep the process alive.
    worker.unref();
    worker.once('exit', entry.onExit);
    idle.push(entry);
  }

  return {
    /** An idle warm worker, or a new one (its first task waits in its port until it listens). */
    acquire(): Worker {
      if (stopped) throw new Error('The warm inference pool is stopped');
      const entry = idle.pop();
      if (entry) {
        forget(entry);
        entry.worker.ref();
        return entry.worker;
      }
      started++;
      return spawn({ kind: 'warm' });
    },

    release,

    /**
     * Starts an idle worker that loads `preload` at once (the shop's model after start-up
     * or a settings change), unless the pool has its idle workers already.
     */
    prewarm(preload: Preload[]): void {
      if (stopped || idle.length >= Math.max(0, options.max())) return;
      started++;
      const workerData: WarmTask = { kind: 'warm', preload };
      release(spawn(workerData));
    },

    /** Workers idle now, and started in all (tests, metrics). */
    get idle(): number {
      return idle.length;
    },
    get started(): number {
      return started;
    },

    async stop(): Promise<void> {
      stopped = true;
      const workers = idle.splice(0).map((entry) => {
        clearTimeout(entry.timer);
        return entry.worker.terminate();
      });
      await Promise.allSettled(workers);
    },
  };
}

export type WarmPool = ReturnType<typeof createWarmPool>;
