/**
 * A run: one task of the local-ai runner (an upscale or a calibration) as the provider and
 * the hooks see it.
 */
import type { UpscaleOutcome } from './protocol';
import type { RunnerHooks } from './run-reports';
import type { WorkerScript } from './worker-threads';

type RunState = 'queued' | 'running' | 'succeeded' | 'failed';

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

/** What the runner takes (see runner). */
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
  /** How long an idle warm (ONNX) worker lives. */
  warmIdleMs?: number;
  hooks?: RunnerHooks;
}
