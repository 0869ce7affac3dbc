/**
 * `GET /api/sell-my-images/health` (public) and `GET /sell-my-images/health` (admin, RBAC
 * `read`): a cheap liveness answer for monitors, benchmarks and the overview page.
 */
export interface HealthAnswer {
  status: 'ok';
  plugin: 'sell-my-images';
  version: string;
}

/**
 * `GET /api/sell-my-images/health/ready` (public): 200 with `status: 'ready'`, or 503 with
 * `status: 'not_ready'`, for orchestrators' readiness probes (README "Monitoring"). The
 * database, the storage and the queue's query fail it; a worker that is switched off on
 * this instance informs only, a stuck one (`stale`) fails it.
 */
export interface ReadinessChecks {
  /** A `select 1` answered within 2 s. */
  database: { status: 'ok' | 'failed' };
  /** The private folder took a file, or the bucket's check (kept 30 s) passed. */
  storage: { status: 'ok' | 'failed'; kind: 'local' | 's3' };
  /** Paid jobs waiting, and how long the longest-waiting due one has been due (s). */
  queue: {
    status: 'ok' | 'failed';
    depth: number | null;
    oldestPendingSeconds: number | null;
  };
  /** Seconds since a worker (this instance's or any other) last looked for jobs. */
  worker: { status: 'ok' | 'stale' | 'off'; lastPollSecondsAgo: number | null };
}

export interface ReadinessAnswer {
  status: 'ready' | 'not_ready';
  plugin: 'sell-my-images';
  version: string;
  checks: ReadinessChecks;
}
