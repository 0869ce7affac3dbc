/**
 * `GET /api/sell-my-images/health/ready` (README "Monitoring", docs/architecture.md
 * "Operations"): whether this instance can take and fulfil orders. The database and the
 * storage fail it; the queue and the worker's heartbeat inform (an instance without a
 * worker is ready all the same). The answer names no path, bucket, address or secret.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type { ReadinessAnswer, ReadinessChecks } from '../../../shared/contracts/health';
import type { FileStorage } from '../delivery/file-storage';
import { storageDir } from '../delivery/storage';
import { PLUGIN_ID } from '../plugin-id';
import { workerEnabled } from '../settings/environment';
import { workerTimings } from './options';
import type { Queue } from './queue';
import { HEARTBEAT_KEY, type Worker } from './worker';

/** A database that does not answer `select 1` within this is not ready. */
const DATABASE_TIMEOUT_MS = 2_000;
/** The bucket check's result is kept this long, so probes do not hammer the bucket. */
const BUCKET_CHECK_TTL_MS = 30_000;
/** The whole answer is kept this long and shared by concurrent callers (cheap when hammered). */
const ANSWER_TTL_MS = 2_000;

interface Deps {
  storage: FileStorage;
  queue: Queue;
  worker: Worker;
  version: string;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const secondsSince = (ms: number | null, now: number) =>
  ms === null ? null : Math.max(0, Math.floor((now - ms) / 1000));

export function createReadiness(strapi: Core.Strapi, { storage, queue, worker, version }: Deps) {
  let bucket: { ok: boolean; at: number } | null = null;
  let answer: { value: Promise<ReadinessAnswer>; at: number } | null = null;

  async function database(): Promise<boolean> {
    try {
      await withTimeout(Promise.resolve(strapi.db.connection.raw('select 1')), DATABASE_TIMEOUT_MS);
      return true;
    } catch (error) {
      strapi.log.warn(`[sell-my-images] readiness: database: ${(error as Error).message}`);
      return false;
    }
  }

  /** On disk: a probe file written and removed; in a bucket: its check, cached. */
  async function storageWritable(): Promise<boolean> {
    if (storage.kind === 's3') {
      if (bucket && Date.now() - bucket.at < BUCKET_CHECK_TTL_MS) return bucket.ok;
      const facts = await storage.probe().catch(() => null);
      bucket = { ok: Boolean(facts && !facts.unreachable), at: Date.now() };
      return bucket.ok;
    }
    const dir = storageDir(strapi);
    const probe = path.join(dir, `.ready-${randomBytes(6).toString('hex')}`);
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(probe, '');
      await unlink(probe);
      return true;
    } catch {
      return false;
    }
  }

  /** Seconds since any worker polled: this instance's own, else the shared heartbeat. */
  async function lastPoll(): Promise<number | null> {
    const stored = (await strapi
      .store({ type: 'plugin', name: PLUGIN_ID, key: HEARTBEAT_KEY })
      .get({})
      .catch(() => null)) as { at?: unknown } | null;
    const shared = typeof stored?.at === 'string' ? new Date(stored.at).getTime() : NaN;
    const times = [worker.lastPollAt, Number.isNaN(shared) ? null : shared];
    const known = times.filter((at): at is number => at !== null);
    return known.length ? Math.max(...known) : null;
  }

  async function workerCheck(now: number): Promise<ReadinessChecks['worker']> {
    const lastPollSecondsAgo = secondsSince(await lastPoll(), now);
    if (!workerEnabled() || !worker.running) return { status: 'off', lastPollSecondsAgo };
    // This instance's own loop: stuck when it has not polled for many of its intervals.
    const staleAfterMs = 60_000 + 5 * workerTimings(strapi).pollIntervalMs;
    const own = worker.lastPollAt;
    const stale = own === null || now - own > staleAfterMs;
    return { status: stale ? 'stale' : 'ok', lastPollSecondsAgo };
  }

  async function evaluate(): Promise<ReadinessAnswer> {
    const now = Date.now();
    const [db, stored, stats, workerState] = await Promise.all([
      database(),
      storageWritable(),
      queue.stats().catch(() => null),
      workerCheck(now),
    ]);
    const checks: ReadinessChecks = {
      database: { status: db ? 'ok' : 'failed' },
      storage: { status: stored ? 'ok' : 'failed', kind: storage.kind },
      queue: stats
        ? { status: 'ok', depth: stats.depth, oldestPendingSeconds: stats.oldestPendingSeconds }
        : { status: 'failed', depth: null, oldestPendingSeconds: null },
      worker: workerState,
    };
    const ready =
      checks.database.status === 'ok' &&
      checks.storage.status === 'ok' &&
      checks.queue.status === 'ok' &&
      checks.worker.status !== 'stale';
    return {
      status: ready ? 'ready' : 'not_ready',
      plugin: 'sell-my-images',
      version,
      checks,
    };
  }

  return {
    /** The readiness answer, at most {@link ANSWER_TTL_MS} old. */
    check(): Promise<ReadinessAnswer> {
      if (answer && Date.now() - answer.at < ANSWER_TTL_MS) return answer.value;
      const value = evaluate();
      answer = { value, at: Date.now() };
      return value;
    },
  };
}

export type Readiness = ReturnType<typeof createReadiness>;
