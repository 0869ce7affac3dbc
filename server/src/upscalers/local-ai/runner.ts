/**
 * Runs local-ai tasks in worker threads, at most `concurrency` at a time (default 1: on
 * a small server, one inference already takes a core, and Strapi must keep answering).
 * ONNX tasks run on warm workers that keep their sessions between jobs (warm-workers);
 * a tfjs task gets a thread of its own, ended when the task ends, so the model's memory
 * (the wasm heap only grows) is given back between jobs. Lives as long as the Strapi
 * instance; its in-memory table of runs is what the provider's `status()` reads.
 *
 * Upscales come first: a calibration only starts when no upscale waits, and a running
 * calibration is put back in the queue (its worker stopped) as soon as an upscale needs
 * its slot, so a paying customer never waits for one (docs/architecture.md "Local AI engines").
 *
 * This is the queue and the table of runs; one run's thread is run-worker.ts, what the
 * hooks are told is run-reports.ts, the worker script and thread count worker-threads.ts.
 */
import type {
  CalibrateTask,
  CalibrationRun,
  Preload,
  UpscaleOutcome,
  UpscaleTask,
  WorkerMessage,
  WorkerTask,
} from './protocol';
import type { LocalAiRunnerOptions, Run, RunError } from './run';
import { preemptCalibration, takeNext } from './run-priority';
import { createRunReporter, type ReportedRun } from './run-reports';
import { type RunWorker, startRunWorker } from './run-worker';
import { createWarmPool, type WarmPool } from './warm-workers';
import { defaultWorkerScript, type WorkerScript } from './worker-threads';

interface Entry extends ReportedRun {
  timeoutMs: number | null;
  worker?: RunWorker;
  settle?: (message: WorkerMessage | null, error?: RunError) => void;
}

const copy = (entry: Entry): Run => {
  const {
    task: _task,
    timeoutMs: _timeout,
    worker: _worker,
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
  let concurrency = Math.max(1, options.concurrency ?? 1);
  const runs = new Map<string, Entry>();
  const waiting: string[] = [];
  let stopped = false;
  const warmPool: WarmPool | null = script
    ? createWarmPool(script, {
        max: () => concurrency,
        ...(options.warmIdleMs !== undefined ? { idleMs: options.warmIdleMs } : {}),
      })
    : null;
  const { report, settled, syncHeartbeat } = createRunReporter({
    hooks: options.hooks ?? {},
    heartbeatMs,
    runs,
    snapshot: copy,
  });

  const runningCount = () => [...runs.values()].filter((run) => run.state === 'running').length;

  function forgetOld(): void {
    const now = Date.now();
    for (const [id, run] of runs)
      if (run.finishedAt && now - run.finishedAt > retainMs) runs.delete(id);
  }

  function finish(
    entry: Entry,
    state: 'succeeded' | 'failed',
    details: { outcome?: UpscaleOutcome; error?: RunError; answer?: WorkerMessage },
  ): void {
    if (entry.state === 'succeeded' || entry.state === 'failed') return;
    // Whoever waits for the run (a calibration) hears how it ended, however it ended, once.
    const settle = entry.settle;
    delete entry.settle;
    settle?.(details.answer ?? null, details.error);
    entry.state = state;
    entry.finishedAt = Date.now();
    if (details.outcome) entry.outcome = details.outcome;
    if (details.error) entry.error = details.error;
    const worker = entry.worker;
    delete entry.worker;
    // Ending the thread frees the model and its wasm memory.
    if (worker) void worker.stop();
    syncHeartbeat();
    settled(entry);
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
    const started = startRunWorker(
      script,
      entry.task,
      entry.timeoutMs,
      {
        progress(done, total) {
          // The first count (the plan) and the last are always told; the rest at most every interval.
          const planned = entry.total !== total;
          entry.done = done;
          entry.total = total;
          if (planned || done === total || Date.now() - entry.lastReport >= progressIntervalMs)
            report(entry);
        },
        answer(message) {
          if (message.type === 'upscaled') entry.done = entry.total = message.outcome.tiles;
          const outcome = message.type === 'upscaled' ? { outcome: message.outcome } : {};
          finish(entry, 'succeeded', { ...outcome, answer: message });
        },
        failure(error) {
          finish(entry, 'failed', { error });
        },
        timeout(error) {
          finish(entry, 'failed', { error });
        },
      },
      warmPool ?? undefined,
    );
    if ('error' in started) {
      finish(entry, 'failed', { error: started.error });
      return;
    }
    entry.worker = started.worker;
    report(entry);
  }

  function pump(): void {
    preemptCalibration(runs, waiting, concurrency);
    while (!stopped && waiting.length > 0 && runningCount() < concurrency) {
      const entry = takeNext(runs, waiting);
      if (entry && entry.state === 'queued') launch(entry);
    }
  }

  function enqueue(
    id: string,
    jobId: string | null,
    task: WorkerTask,
    timeoutMs: number | null,
    settle?: Entry['settle'],
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
      // Set before the queue runs: a run may end while it is being launched.
      ...(settle ? { settle } : {}),
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
        enqueue(id, null, task, null, (message, error) => {
          if (message?.type === 'calibrated') resolve(message.run);
          else reject(new Error(error?.message ?? 'Calibration failed'));
        });
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
        if (entry.worker) workers.push(entry.worker.stop());
        if (entry.state === 'queued' || entry.state === 'running') {
          const error = {
            code: 'stopped',
            message: 'The server stopped during the local AI upscale',
            permanent: false,
          };
          const settle = entry.settle;
          delete entry.settle;
          settle?.(null, error);
          entry.state = 'failed';
          entry.error = error;
          entry.finishedAt = Date.now();
          delete entry.worker;
        }
      }
      syncHeartbeat();
      if (warmPool) workers.push(warmPool.stop().then(() => 0));
      await Promise.allSettled(workers);
    },

    /** Starts a warm (ONNX) worker loading these models, when none is idle (see warm-workers). */
    prewarm(preload: Preload[]): void {
      if (!stopped) warmPool?.prewarm(preload);
    },

    /** Warm workers idle now, and started in all (tests). */
    get warm(): { idle: number; started: number } {
      return { idle: warmPool?.idle ?? 0, started: warmPool?.started ?? 0 };
    },
  };
}

export type LocalAiRunner = ReturnType<typeof createLocalAiRunner>;
