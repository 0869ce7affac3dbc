/**
 * What the local-ai runner tells its hooks about upscales (calibrations are not told):
 * progress as it comes (throttled by the runner), a periodic heartbeat of every queued or
 * running run while an upscale is active, and the settled run. A hook's failure never
 * breaks a run.
 */
import type { Run } from './run';
import type { WorkerTask } from './protocol';

export interface RunnerHooks {
  /** Progress (throttled) and a periodic heartbeat of queued and running upscales. */
  onProgress?(run: Run): void;
  /** An upscale finished, well or not. */
  onSettled?(run: Run): void;
}

/** What the reporter needs of the runner's record of a run. */
export interface ReportedRun extends Run {
  task: WorkerTask;
  /** When it was last reported (ms since the epoch; 0: never). */
  lastReport: number;
}

interface RunReporterOptions<E extends ReportedRun> {
  hooks: RunnerHooks;
  heartbeatMs: number;
  /** The runner's table of runs, read by the heartbeat. */
  runs: ReadonlyMap<string, E>;
  /** The copy of a run handed to the hooks. */
  snapshot(entry: E): Run;
}

const isUpscale = (entry: ReportedRun) => entry.task.kind === 'upscale';
const isActive = (entry: ReportedRun) => entry.state === 'queued' || entry.state === 'running';

export function createRunReporter<E extends ReportedRun>(options: RunReporterOptions<E>) {
  const { hooks, heartbeatMs, runs, snapshot } = options;
  let heartbeat: NodeJS.Timeout | null = null;

  function report(entry: E): void {
    entry.lastReport = Date.now();
    if (!isUpscale(entry)) return;
    try {
      hooks.onProgress?.(snapshot(entry));
    } catch {
      // a hook's failure must not break the run
    }
  }

  return {
    report,

    /** A run ended: its last report, then onSettled (upscales only). */
    settled(entry: E): void {
      if (!isUpscale(entry)) return;
      report(entry);
      try {
        hooks.onSettled?.(snapshot(entry));
      } catch {
        // see report()
      }
    },

    /** Starts the heartbeat while an upscale is queued or running, stops it otherwise. */
    syncHeartbeat(): void {
      const active = [...runs.values()].some((run) => isUpscale(run) && isActive(run));
      if (active && !heartbeat) {
        heartbeat = setInterval(() => {
          for (const run of runs.values()) if (isActive(run)) report(run);
        }, heartbeatMs);
        heartbeat.unref();
      } else if (!active && heartbeat) {
        clearInterval(heartbeat);
        heartbeat = null;
      }
    },
  };
}
