/**
 * Runs local-ai tasks in worker threads, at most `concurrency` at a time (default 1: on
 * a small server, one inference already takes a core, and Strapi must keep answering).
 * One thread per task, ended when the task ends, so the model's memory (the wasm heap
 * only grows) is given back between jobs. Lives as long as the Strapi instance; its
 * in-memory table of runs is what the provider's `status()` reads.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type {
  CalibrateTask,
  CalibrationRun,
  UpscaleOutcome,
  UpscaleTask,
  WorkerMessage,
  WorkerTask,
} from './protocol';

export interface WorkerScript {
  path: string;
  execArgv?: string[];
}

export type RunState = 'queued' | 'running' | 'succeeded' | 'failed';

export interface RunError {
  code: string;
  message: string;
  permanent: boolean;
}

export interface Run {
  id: string;
  /** The plugin job this run works for (null for a calibration). */
  jobId: string | null;
  state: RunState;
  /** Tiles done and in all (0 / 0 until the worker has planned them). */
  done: number;
  total: number;
  queuedAt: number;
  startedAt?: number;
  finishedAt?: number;
  outcome?: UpscaleOutcome;
  error?: RunError;
}

export interface RunnerHooks {
  /** Progress (throttled) and a periodic heartbeat of queued and running upscales. */
  onProgress?(run: Run): void;
  /** An upscale finished, well or not. */
  onSettled?(run: Run): void;
}

export interface LocalAiRunnerOptions {
  /** The worker script; by default the built one, or the TypeScript source under tsx (tests). */
  script?: WorkerScript | null;
  concurrency?: number;
  /** Shortest interval between two progress reports of a run (the first and last count are always reported). */
  progressIntervalMs?: number;
  /** Interval of the heartbeat report of each queued or running upscale. */
  heartbeatMs?: number;
  /** How long a finished run stays readable. */
  retainMs?: number;
  hooks?: RunnerHooks;
}

interface Entry extends Run {
  task: WorkerTask;
  timeoutMs: number | null;
  worker?: Worker;
  timer?: NodeJS.Timeout;
  lastReport: number;
  settle?: (message: WorkerMessage | null, error?: RunError) => void;
}

/**
 * Running from the sources (tests, `tsx` scripts): the TypeScript worker next to this
 * file, under tsx, so a stale build is never used. Built: `dist/workers/esrgan-worker.js`,
 * next to the server bundle in `dist/server`.
 */
export function defaultWorkerScript(): WorkerScript | null {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const source = path.join(here, 'inference-worker.ts');
  if (existsSync(source)) return { path: source, execArgv: ['--require', 'tsx/cjs'] };
  const built = [path.resolve(here, '..', 'workers', 'esrgan-worker.js')];
  try {
    built.push(
      path.join(
        path.dirname(require.resolve('strapi-plugin-sell-my-images/package.json')),
        'dist',
        'workers',
        'esrgan-worker.js',
      ),
    );
  } catch {
    // not installed under its name (plugin sources in a test): the source fallback below
  }
  const found = built.find((file) => existsSync(file));
  return found ? { path: found } : null;
}

/** Most inference threads one upscale gets (past this, memory grows faster than speed). */
export const MAX_THREADS_PER_JOB = 4;

/**
 * Inference threads per upscale: the cores shared between the upscales that may run at
 * once (2 cores, 1 at a time: 2 threads each), at least 1, at most MAX_THREADS_PER_JOB.
 */
export function threadsPerJob(
  concurrency: number,
  cores: number = os.availableParallelism(),
): number {
  return Math.max(1, Math.min(MAX_THREADS_PER_JOB, Math.floor(cores / Math.max(1, concurrency))));
}

const copy = (entry: Entry): Run => {
  const {
    task: _task,
    timeoutMs: _timeout,
    worker: _worker,
    timer: _timer,
    lastReport: _last,
    settle: _settle,
    ...run
  } = entry;
  return { ...run };
};

export function createLocalAiRunner(options: LocalAiRunnerOptions = {}) {
  const script = options.script === undefined ? defaultWorkerScript() : options.script;
  // Each report is a database write on Strapi's event loop (synchronous with SQLite): a few
  // seconds apart is plenty for a visitor's poll and keeps request latency steady.
  const progressIntervalMs = options.progressIntervalMs ?? 5_000;
  const heartbeatMs = options.heartbeatMs ?? 10_000;
  const retainMs = options.retainMs ?? 60 * 60_000;
  const hooks = options.hooks ?? {};
  let concurrency = Math.max(1, options.concurrency ?? 1);
  const runs = new Map<string, Entry>();
  const waiting: string[] = [];
  let heartbeat: NodeJS.Timeout | null = null;
  let stopped = false;

  const runningCount = () => [...runs.values()].filter((run) => run.state === 'running').length;
  const isUpscale = (entry: Entry) => entry.task.kind === 'upscale';

  function report(entry: Entry): void {
    entry.lastReport = Date.now();
    if (!isUpscale(entry)) return;
    try {
      hooks.onProgress?.(copy(entry));
    } catch {
      // a hook's failure must not break the run
    }
  }

  function syncHeartbeat(): void {
    const active = [...runs.values()].some(
      (run) => isUpscale(run) && (run.state === 'queued' || run.state === 'running'),
    );
    if (active && !heartbeat) {
      heartbeat = setInterval(() => {
        for (const run of runs.values())
          if (run.state === 'queued' || run.state === 'running') report(run);
      }, heartbeatMs);
      heartbeat.unref();
    } else if (!active && heartbeat) {
      clearInterval(heartbeat);
      heartbeat = null;
    }
  }

  function forgetOld(): void {
    const now = Date.now();
    for (const [id, run] of runs)
      if (run.finishedAt && now - run.finishedAt > retainMs) runs.delete(id);
  }

  function finish(
    entry: Entry,
    state: 'succeeded' | 'failed',
    details: { outcome?: UpscaleOutcome; error?: RunError },
  ): void {
    if (entry.state === 'succeeded' || entry.state === 'failed') return;
    entry.state = state;
    entry.finishedAt = Date.now();
    if (details.outcome) entry.outcome = details.outcome;
    if (details.error) entry.error = details.error;
    if (entry.timer) clearTimeout(entry.timer);
    const worker = entry.worker;
    delete entry.worker;
    // Ending the thread frees the model and its wasm memory.
    if (worker) void worker.terminate();
    syncHeartbeat();
    if (isUpscale(entry)) {
      report(entry);
      try {
        hooks.onSettled?.(copy(entry));
      } catch {
        // see report()
      }
    }
    pump();
  }

  function launch(entry: Entry): void {
    if (!script) {
      finish(entry, 'failed', {
        error: {
          code: 'bad_config',
          message: 'The local-ai worker script is missing from this build',
          permanent: true,
        },
      });
      return;
    }
    entry.state = 'running';
    entry.startedAt = Date.now();
    let worker: Worker;
    try {
      worker = new Worker(script.path, {
        workerData: entry.task,
        ...(script.execArgv ? { execArgv: script.execArgv } : {}),
      });
    } catch (error) {
      finish(entry, 'failed', {
        error: {
          code: 'upscale_failed',
          message: `The inference worker could not start: ${(error as Error).message}`,
          permanent: false,
        },
      });
      return;
    }
    entry.worker = worker;
    if (entry.timeoutMs !== null) {
      entry.timer = setTimeout(() => {
        const minutes = Math.round(((entry.timeoutMs as number) / 60_000) * 10) / 10;
        finish(entry, 'failed', {
          error: {
            code: 'timeout',
            message: `The local AI upscale took longer than ${minutes} minutes`,
            permanent: true,
          },
        });
      }, entry.timeoutMs);
      entry.timer.unref();
    }
    worker.on('message', (message: WorkerMessage) => {
      switch (message.type) {
        case 'progress': {
          // The first count (the plan) and the last are always told; the rest at most every interval.
          const planned = entry.total !== message.total;
          entry.done = message.done;
          entry.total = message.total;
          if (
            planned ||
            message.done === message.total ||
            Date.now() - entry.lastReport >= progressIntervalMs
          )
            report(entry);
          return;
        }
        case 'upscaled':
          entry.done = entry.total = message.outcome.tiles;
          entry.settle?.(message);
          return finish(entry, 'succeeded', { outcome: message.outcome });
        case 'calibrated':
          entry.settle?.(message);
          return finish(entry, 'succeeded', {});
        case 'error': {
          const error = {
            code: message.code,
            message: message.message,
            permanent: message.permanent,
          };
          entry.settle?.(null, error);
          return finish(entry, 'failed', { error });
        }
      }
    });
    worker.on('error', (error) => {
      const failure = {
        code: 'upscale_failed',
        message: `The inference worker crashed: ${error.message.split('\n')[0]}`,
        permanent: false,
      };
      entry.settle?.(null, failure);
      finish(entry, 'failed', { error: failure });
    });
    worker.on('exit', (code) => {
      const failure = {
        code: 'upscale_failed',
        message: `The inference worker stopped unexpectedly (exit code ${code})`,
        permanent: false,
      };
      entry.settle?.(null, failure);
      finish(entry, 'failed', { error: failure });
    });
    report(entry);
  }

  function pump(): void {
    while (!stopped && waiting.length > 0 && runningCount() < concurrency) {
      const entry = runs.get(waiting.shift() as string);
      if (entry && entry.state === 'queued') launch(entry);
    }
  }

  function enqueue(
    id: string,
    jobId: string | null,
    task: WorkerTask,
    timeoutMs: number | null,
  ): Entry {
    if (stopped) throw new Error('The local-ai runner is stopped');
    if (runs.has(id)) throw new Error(`Run ${id} exists already`);
    forgetOld();
    const entry: Entry = {
      id,
      jobId,
      state: 'queued',
      done: 0,
      total: 0,
      queuedAt: Date.now(),
      task,
      timeoutMs,
      lastReport: 0,
    };
    runs.set(id, entry);
    waiting.push(id);
    syncHeartbeat();
    report(entry);
    pump();
    return entry;
  }

  return {
    /** Whether a worker script was found (the packages themselves are checked by the worker). */
    get script(): WorkerScript | null {
      return script;
    },

    /** Queues an upscale; `timeoutMs` bounds its time once it runs (not its wait in the queue). */
    start(
      id: string,
      jobId: string,
      task: UpscaleTask,
      { timeoutMs = null }: { timeoutMs?: number | null } = {},
    ): Run {
      return copy(enqueue(id, jobId, task, timeoutMs));
    },

    /** Runs a calibration in the same queue (so it never competes with an upscale for the CPU). */
    calibrate(id: string, task: CalibrateTask): Promise<CalibrationRun> {
      return new Promise((resolve, reject) => {
        const entry = enqueue(id, null, task, null);
        entry.settle = (message, error) => {
          if (message?.type === 'calibrated') resolve(message.run);
          else reject(new Error(error?.message ?? 'Calibration failed'));
          delete entry.settle;
        };
      });
    },

    get(id: string): Run | undefined {
      const entry = runs.get(id);
      return entry ? copy(entry) : undefined;
    },

    /** Queued or running in this process. */
    isActive(id: string): boolean {
      const state = runs.get(id)?.state;
      return state === 'queued' || state === 'running';
    },

    /** Stops a queued or running task (its worker is terminated); false when there was none. */
    cancel(id: string, reason = 'cancelled'): boolean {
      const entry = runs.get(id);
      if (!entry || (entry.state !== 'queued' && entry.state !== 'running')) return false;
      const error = {
        code: 'cancelled',
        message: `The local AI upscale was ${reason}`,
        permanent: true,
      };
      entry.settle?.(null, error);
      finish(entry, 'failed', { error });
      return true;
    },

    setConcurrency(value: number): void {
      concurrency = Math.max(1, Math.floor(value));
      pump();
    },

    get concurrency(): number {
      return concurrency;
    },

    get active(): number {
      return runningCount();
    },

    get queued(): number {
      return waiting.length;
    },

    /** Ends every worker (Strapi shutting down); the jobs are picked up again after a restart. */
    async stop(): Promise<void> {
      stopped = true;
      waiting.length = 0;
      const workers: Promise<number>[] = [];
      for (const entry of runs.values()) {
        if (entry.worker) workers.push(entry.worker.terminate());
        if (entry.state === 'queued' || entry.state === 'running') {
          const error = {
            code: 'stopped',
            message: 'The server stopped during the local AI upscale',
            permanent: false,
          };
          entry.settle?.(null, error);
          entry.state = 'failed';
          entry.error = error;
          entry.finishedAt = Date.now();
          if (entry.timer) clearTimeout(entry.timer);
          delete entry.worker;
        }
      }
      syncHeartbeat();
      await Promise.allSettled(workers);
    },
  };
}

export type LocalAiRunner = ReturnType<typeof createLocalAiRunner>;
