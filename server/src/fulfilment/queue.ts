import type { Core } from '@strapi/strapi';
import { JOB_UID } from '../plugin-id';
import { JOB_STATUSES, type JobStatus } from '../../../shared/contracts/jobs';
import { freeLease, type Job } from '../jobs/repository';

/** The queue as the readiness check and the metrics see it (README "Monitoring"). */
export interface QueueStats {
  byStatus: Record<JobStatus, number>;
  /** Paid jobs waiting for the worker (`pending`, due now or backing off). */
  depth: number;
  /** How long the due pending job that has waited longest has been due, in seconds (0: none). */
  oldestPendingSeconds: number;
}

/**
 * The jobs table is the queue. A job is claimed with one conditional UPDATE on its
 * status and lease (… WHERE id = ? AND status = ? AND (lease free or expired)); the
 * database lets exactly one instance win it, on SQLite, PostgreSQL and MySQL alike.
 * A crashed instance's lease runs out and another instance picks the job up.
 */
export function createQueue(strapi: Core.Strapi) {
  const jobs = () => strapi.db.query(JOB_UID);
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

    async claimDue(owner: string, limit: number, leaseMs: number): Promise<Job[]> {
      if (limit <= 0) return [];
      const now = new Date();
      const candidates = (await jobs().findMany({
        where: {
          status: { $in: ['pending', 'processing'] },
          nextAttemptAt: { $lte: now },
          ...freeLease(now),
        },
        orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
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
