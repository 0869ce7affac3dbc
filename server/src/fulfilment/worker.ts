import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Core } from '@strapi/strapi';
import { workerEnabled } from '../settings/environment';
import type { SettingsService } from '../settings/settings';
import { JOB_EVENTS } from '../jobs/events';
import { PLUGIN_ID } from '../plugin-id';
import type { Pipeline } from './pipeline';
import type { Queue } from './queue';
import { workerTimings } from './options';

/** The plugin-store key of the last poll of any instance's worker (README "Monitoring"). */
export const HEARTBEAT_KEY = 'worker-heartbeat';
/** The shared heartbeat is written at most this often per instance. */
const HEARTBEAT_WRITE_MS = 15_000;

/**
 * Runs due jobs with bounded concurrency (settings.workerConcurrency). It wakes at once
 * when a job is paid in this instance and on a timer, so jobs paid through another
 * instance, retried, or left by a crashed instance are picked up too.
 */
export function createWorker(
  strapi: Core.Strapi,
  { queue, pipeline, settings }: { queue: Queue; pipeline: Pipeline; settings: SettingsService },
) {
  const owner = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const running = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | null = null;
  let ticking = false;
  let again = false;
  let stopped = true;
  let lastPollAt: number | null = null;
  let heartbeatWrittenAt = 0;
  let claimedSteps = 0;
  const onPaid = async () => wake();

  /**
   * Records a poll: in memory for this instance, and (throttled) in the plugin store, so an
   * instance without a worker can tell when any worker last polled.
   */
  function beat(): void {
    lastPollAt = Date.now();
    if (lastPollAt - heartbeatWrittenAt < HEARTBEAT_WRITE_MS) return;
    heartbeatWrittenAt = lastPollAt;
    const at = new Date(lastPollAt).toISOString();
    strapi
      .store({ type: 'plugin', name: PLUGIN_ID, key: HEARTBEAT_KEY })
      .set({ value: { at } })
      .catch((error: Error) => {
        strapi.log.warn(`[sell-my-images] worker heartbeat not stored: ${error.message}`);
      });
  }

  /**
   * The lease's heartbeat while a step runs (a long resize or download must not let the
   * lease run out and another instance start the same job): renewed every third of it.
   */
  function keepLease(jobId: string, leaseMs: number): NodeJS.Timeout {
    const heartbeat = setInterval(
      () => {
        queue
          .renew(jobId, owner, leaseMs)
          .then((held) => {
            if (!held) strapi.log.warn(`[sell-my-images] worker: lost the lease of job ${jobId}`);
          })
          .catch((error: Error) => {
            strapi.log.warn(
              `[sell-my-images] worker: lease of job ${jobId} not renewed: ${error.message}`,
            );
          });
      },
      Math.max(100, Math.floor(leaseMs / 3)),
    );
    heartbeat.unref();
    return heartbeat;
  }

  async function tick(): Promise<void> {
    if (stopped) return;
    if (ticking) {
      again = true;
      return;
    }
    ticking = true;
    try {
      do {
        again = false;
        beat();
        const { workerConcurrency } = await settings.get();
        const free = workerConcurrency - running.size;
        const { leaseMs } = workerTimings(strapi);
        const claimed = await queue.claimDue(owner, free, leaseMs);
        claimedSteps += claimed.length;
        for (const job of claimed) {
          const heartbeat = keepLease(job.jobId, leaseMs);
          const run = pipeline
            .process(job)
            .catch((error: unknown) => {
              strapi.log.error(
                `[sell-my-images] worker: job ${job.jobId}: ${(error as Error).message}`,
              );
            })
            .finally(() => {
              clearInterval(heartbeat);
              running.delete(run);
              wake();
            });
          running.add(run);
        }
      } while (again && !stopped);
    } catch (error) {
      strapi.log.error(`[sell-my-images] worker tick failed: ${(error as Error).message}`);
    } finally {
      ticking = false;
    }
  }

  function wake(): void {
    if (!stopped) setImmediate(() => void tick());
  }

  return {
    owner,
    start(): void {
      // SMI_WORKER=off (README "Several instances"): a web instance never claims.
      if (!stopped || !workerEnabled()) return;
      stopped = false;
      timer = setInterval(() => void tick(), workerTimings(strapi).pollIntervalMs);
      timer.unref();
      strapi.eventHub.on(JOB_EVENTS.paid, onPaid);
      wake();
    },
    wake,
    /** Stops claiming and waits (bounded) for the jobs in hand. */
    async stop(timeoutMs = 10_000): Promise<void> {
      stopped = true;
      if (timer) clearInterval(timer);
      strapi.eventHub.off?.(JOB_EVENTS.paid, onPaid);
      await Promise.race([
        Promise.allSettled([...running]),
        new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
      ]);
    },
    get active(): number {
      return running.size;
    },
    /** Whether this instance's worker is started (and not stopped). */
    get running(): boolean {
      return !stopped;
    },
    /** When this instance's worker last looked for due jobs (ms since the epoch), or null. */
    get lastPollAt(): number | null {
      return lastPollAt;
    },
    /** Job steps this instance claimed since it started (0 on a web instance). */
    get claimed(): number {
      return claimedSteps;
    },
  };
}

export type Worker = ReturnType<typeof createWorker>;
