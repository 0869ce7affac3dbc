/**
 * The runner's order (see runner): upscales before calibrations. A calibration starts
 * only when no upscale waits, and a running one gives its slot to a waiting upscale.
 */
import type { WorkerTask } from './protocol';

interface QueuedRun {
  id: string;
  state: string;
  task: WorkerTask;
}

const isCalibration = (run: QueuedRun | undefined) => run?.task.kind === 'calibrate';

/** Takes the next run to start out of `waiting`: the first upscale, else the first calibration. */
export function takeNext<R extends QueuedRun>(
  runs: ReadonlyMap<string, R>,
  waiting: string[],
): R | undefined {
  const at = waiting.findIndex((id) => !isCalibration(runs.get(id)));
  const [id] = waiting.splice(at >= 0 ? at : 0, 1);
  return id === undefined ? undefined : runs.get(id);
}

/** The running calibration to put back in the queue: every slot is taken and an upscale waits. */
function calibrationToPreempt<R extends QueuedRun>(
  runs: ReadonlyMap<string, R>,
  waiting: readonly string[],
  concurrency: number,
): R | undefined {
  const running = [...runs.values()].filter((run) => run.state === 'running');
  if (running.length < concurrency) return undefined;
  if (!waiting.some((id) => !isCalibration(runs.get(id)))) return undefined;
  return running.find((run) => isCalibration(run));
}

interface PreemptibleRun extends QueuedRun {
  worker?: { stop(): Promise<number> };
  startedAt?: number;
  done: number;
  total: number;
}

/**
 * Puts a running calibration back at the end of the queue (its worker stopped; it starts
 * again from the beginning later) when an upscale waits for its slot.
 */
export function preemptCalibration<R extends PreemptibleRun>(
  runs: ReadonlyMap<string, R>,
  waiting: string[],
  concurrency: number,
): void {
  const running = calibrationToPreempt(runs, waiting, concurrency);
  if (!running) return;
  const worker = running.worker;
  delete running.worker;
  running.state = 'queued';
  delete running.startedAt;
  running.done = running.total = 0;
  waiting.push(running.id);
  if (worker) void worker.stop();
}
