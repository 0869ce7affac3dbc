/**
 * A run: one task of the local-ai runner (an upscale or a calibration) as the provider and
 * the hooks see it.
 */
import type { UpscaleOutcome } from './protocol';

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
