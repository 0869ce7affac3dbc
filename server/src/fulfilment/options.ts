import type { Core } from '@strapi/strapi';
import type { PluginConfig } from '../config';

/** Timings of the fulfilment worker; the defaults suit production, tests shorten them. */
interface WorkerTimings {
  /** How often the worker looks for due jobs when nothing wakes it. */
  pollIntervalMs: number;
  /** How long a claimed job is reserved for one instance. */
  leaseMs: number;
  /** First status poll of a cloud upscale, if its callback does not come. */
  firstPollMs: number;
  /** Longest wait between status polls. */
  maxPollMs: number;
  /** Base of the exponential retry backoff for transient errors (with jitter). */
  retryBaseMs: number;
  /** Submissions before a job fails for good. */
  maxAttempts: number;
  /** Items each housekeeping task handles per run (the rest waits for the next run). */
  taskBatchSize: number;
}

const DEFAULT_TIMINGS: WorkerTimings = {
  pollIntervalMs: 5_000,
  leaseMs: 10 * 60_000,
  firstPollMs: 30_000,
  maxPollMs: 120_000,
  retryBaseMs: 15_000,
  maxAttempts: 5,
  taskBatchSize: 100,
};

export function workerTimings(strapi: Core.Strapi): WorkerTimings {
  const config = (strapi.config.get('plugin::sell-my-images') ?? {}) as PluginConfig;
  return { ...DEFAULT_TIMINGS, ...(config.worker ?? {}) };
}

/** Backoff with full jitter: a random wait in [base·2^(n-1) / 2, base·2^(n-1)], capped at one hour. */
export function retryDelay(
  attempt: number,
  baseMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(60 * 60_000, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
