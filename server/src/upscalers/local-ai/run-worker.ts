/**
 * The worker thread of one run: started with the run's task as its `workerData`, bounded
 * by the run's time limit, its messages, crash and exit told to the runner as run events.
 * The runner ends the thread (`stop`) when the run ends, which frees the model and its
 * wasm memory.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerMessage, WorkerTask } from './protocol';
import type { RunError } from './run';
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
): { worker: RunWorker } | { error: RunError } {
  let worker: Worker;
  try {
    worker = new Worker(script.path, {
      workerData: task,
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
  worker.on('message', (message: WorkerMessage) => {
    switch (message.type) {
      case 'progress':
        return events.progress(message.done, message.total);
      case 'upscaled':
      case 'calibrated':
        return events.answer(message);
      case 'error':
        return events.failure({
          code: message.code,
          message: message.message,
          permanent: message.permanent,
        });
    }
  });
  worker.on('error', (error) => {
    events.failure({
      code: 'upscale_failed',
      message: `The inference worker crashed: ${error.message.split('\n')[0]}`,
      permanent: false,
    });
  });
  worker.on('exit', (code) => {
    events.failure({
      code: 'upscale_failed',
      message: `The inference worker stopped unexpectedly (exit code ${code})`,
      permanent: false,
    });
  });
  return {
    worker: {
      stop() {
        if (timer) clearTimeout(timer);
        return worker.terminate();
      },
    },
  };
}
