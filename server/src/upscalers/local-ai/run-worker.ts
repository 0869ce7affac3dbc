/**
 * The worker thread of one run, bounded by the run's time limit, its messages, crash and
 * exit told to the runner as run events. tfjs: a thread started with the run's task as
 * its `workerData`, ended (`stop`) when the run ends, which frees the model and its wasm
 * memory. ONNX (given a warm pool): a warm worker is sent the task, and given back to
 * the pool when the run ended with its answer (or an error it reported itself); after a
 * time-out, a cancellation or a crash it is terminated instead. A calibration always runs
 * in a thread of its own.
 */
import { Worker } from 'node:worker_threads';
import type { RunRequest, WorkerMessage, WorkerTask } from './protocol';
import type { RunError } from './run';
import type { WarmPool } from './warm-workers';
import type { WorkerScript } from './worker-threads';

/** The worker's answer: an upscale's outcome or a calibration's measurements. */
type WorkerAnswer = Extract<WorkerMessage, { type: 'upscaled' | 'calibrated' }>;

interface RunWorkerEvents {
  progress(done: number, total: number): void;
  answer(message: WorkerAnswer): void;
  /** The worker reported an error, crashed, or stopped without an answer. */
  failure(error: RunError): void;
  /** The run outlived its time limit. */
  timeout(error: RunError): void;
}

export interface RunWorker {
  /** Clears the time limit and ends the thread. */
  stop(): Promise<number>;
}

/** Starts the thread; `error` when it could not start. */
export function startRunWorker(
  script: WorkerScript,
  task: WorkerTask,
  timeoutMs: number | null,
  events: RunWorkerEvents,
  warmPool?: WarmPool,
): { worker: RunWorker } | { error: RunError } {
  // A calibration gets a thread of its own: stopping it for an upscale must not cost the
  // warm worker its loaded models.
  const warm = warmPool && task.kind === 'upscale' && task.engine === 'onnx' ? warmPool : null;
  let worker: Worker;
  try {
    worker = warm
      ? warm.acquire()
      : new Worker(script.path, {
          workerData: task.kind === 'calibrate' ? { ...task, spawnedAt: Date.now() } : task,
          ...(script.execArgv ? { execArgv: script.execArgv } : {}),
        });
  } catch (error) {
    return {
      error: {
        code: 'upscale_failed',
        message: `The inference worker could not start: ${(error as Error).message}`,
        permanent: false,
      },
    };
  }
  let timer: NodeJS.Timeout | undefined;
  if (timeoutMs !== null) {
    timer = setTimeout(() => {
      const minutes = Math.round((timeoutMs / 60_000) * 10) / 10;
      events.timeout({
        code: 'timeout',
        message: `The local AI upscale took longer than ${minutes} minutes`,
        permanent: true,
      });
    }, timeoutMs);
    timer.unref();
  }
  /** The worker told how the task ended (answer or reported error): a warm one can be reused. */
  let ended = false;
  const onMessage = (message: WorkerMessage) => {
    switch (message.type) {
      case 'progress':
        return events.progress(message.done, message.total);
      case 'upscaled':
      case 'calibrated':
        ended = true;
        return events.answer(message);
      case 'error':
        ended = true;
        return events.failure({
          code: message.code,
          message: message.message,
          permanent: message.permanent,
        });
    }
  };
  const onError = (error: Error) => {
    events.failure({
      code: 'upscale_failed',
      message: `The inference worker crashed: ${error.message.split('\n')[0]}`,
      permanent: false,
    });
  };
  const onExit = (code: number) => {
    events.failure({
      code: 'upscale_failed',
      message: `The inference worker stopped unexpectedly (exit code ${code})`,
      permanent: false,
    });
  };
  worker.on('message', onMessage);
  worker.on('error', onError);
  worker.on('exit', onExit);
  if (warm) {
    const request: RunRequest = { type: 'run', task: task as RunRequest['task'] };
    worker.postMessage(request);
  }
  return {
    worker: {
      stop() {
        if (timer) clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (warm && ended) {
          warm.release(worker);
          return Promise.resolve(0);
        }
        return worker.terminate();
      },
    },
  };
}
