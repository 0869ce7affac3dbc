import type { Core } from '@strapi/strapi';
import { JOB_UID } from '../plugin-id';
import { JOB_STATUSES, type JobStatus } from '../../../shared/contracts/jobs';
import { freeLease, type Job } from '../jobs/repository';
import { workerEnabled } from '../settings/environment';

/** How due jobs are claimed (docs/architecture.md "Queue and leases"). */
export type ClaimMethod = 'skip-locked' | 'conditional-update';

/** The queue as the readiness check and the metrics see it (README "Monitoring"). */
export interface QueueStats {
  byStatus: Record<JobStatus, number>;
  /** Paid jobs waiting for the worker (`pending`, due now or backing off). */
  depth: number;
  /** How long the due pending job that has waited longest has been due, in seconds (0: none). */
  oldestPendingSeconds: number;
}

/**
 * Whether the database can lock due rows and pass over those another instance holds
 * (`FOR UPDATE SKIP LOCKED`): PostgreSQL, MySQL 8 and MariaDB 10.6 or later.
 */
export function supportsSkipLocked(dialect: string, version: string): boolean {
  if (dialect === 'postgres') return true;
  if (dialect !== 'mysql') return false;
  const match = /^(\d+)\.(\d+)/.exec(version);
  if (!match) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  if (/mariadb/i.test(version)) return major > 10 || (major === 10 && minor >= 6);
  return major >= 8;
}

/**
 * The jobs table is the queue. Where the database supports it, due jobs are selected
 * `FOR UPDATE SKIP LOCKED` and leased in the same transaction, so instances polling at
 * once each take different jobs without waiting on one another. Elsewhere (SQLite, older
 * MySQL/MariaDB) a job is claimed with one conditional UPDATE on its status and lease
 * (… WHERE id = ? AND status = ? AND (lease free or expired)). Either way the database
 * lets exactly one instance win a job; a crashed instance's lease runs out and another
 * instance picks the job up.
 */
export function createQueue(strapi: Core.Strapi) {
  const jobs = () => strapi.db.query(JOB_UID);
  let method: ClaimMethod = 'conditional-update';
  const due = (now: Date) => ({
    status: { $in: ['pending', 'processing'] },
    nextAttemptAt: { $lte: now },
    ...freeLease(now),
  });
  const order = [{ nextAttemptAt: 'asc' }, { id: 'asc' }];

  async function claimSkippingLocked(owner: string, limit: number, leaseMs: number) {
    const leaseExpiresAt = new Date(Date.now() + leaseMs);
    const ids = await strapi.db.transaction(async ({ trx }) => {
      const rows = (await strapi.db
        .queryBuilder(JOB_UID)
        .select(['id'])
        .where(due(new Date()))
        .orderBy(order)
        .limit(limit)
        .forUpdate()
        .transacting(trx)
        .getKnexQuery()
        .skipLocked()) as Array<{ id: number }>;
      const found = rows.map((row) => row.id);
      if (found.length)
        await jobs().updateMany({
          where: { id: { $in: found } },
          data: { leaseOwner: owner, leaseExpiresAt },
        });
      return found;
    });
    if (!ids.length) return [];
    return (await jobs().findMany({ where: { id: { $in: ids } }, orderBy: order })) as Job[];
  }

  return {
    /** One grouped count of the jobs table and the longest-waiting due job. */
    async stats(): Promise<QueueStats> {
      const table = strapi.db.metadata.get(JOB_UID).tableName;
      const rows = (await strapi.db
        .connection(table)
        .select('status')
        .count({ n: '*' })
        .groupBy('status')) as Array<{ status: string; n: number | string }>;
      const byStatus = Object.fromEntries(JOB_STATUSES.map((status) => [status, 0])) as Record<
        JobStatus,
        number
      >;
      for (const row of rows) {
        if (row.status in byStatus) byStatus[row.status as JobStatus] = Number(row.n);
      }
      const now = new Date();
      const oldest = (await jobs().findOne({
        where: { status: 'pending', nextAttemptAt: { $lte: now } },
        orderBy: { nextAttemptAt: 'asc' },
        select: ['nextAttemptAt'],
      })) as Pick<Job, 'nextAttemptAt'> | null;
      const dueSince = oldest?.nextAttemptAt ? new Date(oldest.nextAttemptAt).getTime() : null;
      const oldestPendingSeconds =
        dueSince === null ? 0 : Math.max(0, Math.floor((now.getTime() - dueSince) / 1000));
      return { byStatus, depth: byStatus.pending, oldestPendingSeconds };
    },

    /** Picks the claim method the database supports (bootstrap); answers it. */
    async detectClaimMethod(): Promise<ClaimMethod> {
      const dialect = String(strapi.db.dialect.client);
      let version = '';
      if (dialect === 'mysql') {
        const [rows] = (await strapi.db.connection.raw('SELECT VERSION() AS v')) as [
          Array<{ v: string }>,
        ];
        version = String(rows[0]?.v ?? '');
      }
      method = supportsSkipLocked(dialect, version) ? 'skip-locked' : 'conditional-update';
      return method;
    },

    async claimDue(owner: string, limit: number, leaseMs: number): Promise<Job[]> {
      // SMI_WORKER=off (README "Several instances"): a web instance never claims.
      if (limit <= 0 || !workerEnabled()) return [];
      if (method === 'skip-locked') return claimSkippingLocked(owner, limit, leaseMs);
      const now = new Date();
      const candidates = (await jobs().findMany({
        where: due(now),
        orderBy: order,
        limit: limit * 2,
      })) as Job[];
      const claimed: Job[] = [];
      for (const job of candidates) {
        if (claimed.length >= limit) break;
        const leaseExpiresAt = new Date(Date.now() + leaseMs);
        const { count } = await jobs().updateMany({
          where: { id: job.id, status: job.status, ...freeLease() },
          data: { leaseOwner: owner, leaseExpiresAt },
        });
        if (count === 1)
          claimed.push({ ...job, leaseOwner: owner, leaseExpiresAt: leaseExpiresAt.toISOString() });
      }
      return claimed;
    },

    /**
     * Extends the lease `owner` holds on a job it is still working on (the worker's
     * heartbeat). False only when another instance holds it now (a lease given back by the
     * step that just ended is not a loss).
     */
    async renew(jobId: string, owner: string, leaseMs: number): Promise<boolean> {
      const { count } = await jobs().updateMany({
        where: { jobId, leaseOwner: owner },
        data: { leaseExpiresAt: new Date(Date.now() + leaseMs) },
      });
      if (count > 0) return true;
      const row = (await jobs().findOne({ where: { jobId }, select: ['leaseOwner'] })) as Pick<
        Job,
        'leaseOwner'
      > | null;
      return !row?.leaseOwner;
    },

    /**
     * Makes a job due now (an upscaler callback). The mark also tells an instance that is
     * just releasing the job not to push its next poll later (see pipeline.follow).
     */
    async nudge(jobId: string): Promise<boolean> {
      const now = new Date();
      const { count } = await jobs().updateMany({
        where: { jobId, status: { $in: ['pending', 'processing'] } },
        data: { nextAttemptAt: now, callbackReceivedAt: now },
      });
      return count > 0;
    },
  };
}

export type Queue = ReturnType<typeof createQueue>;
