import type { Core } from '@strapi/strapi';
import type { JobStatus, PaymentStatus } from '../../../shared/contracts/jobs';
import { JOB_UID, PLUGIN_ID } from '../plugin-id';
import type jobSchema from '../content-types/job/schema';
import type { PatchOf, RowOf } from '../content-types/row-types';
import { canTransition, sourcesOf } from './states';

export const TRANSITION_UID = `plugin::${PLUGIN_ID}.transition` as const;

/** A job row as the database returns it, derived from its schema (content-types/job/schema). */
export type Job = RowOf<typeof jobSchema>;
/** Fields a write may set. */
export type JobPatch = PatchOf<typeof jobSchema>;

export interface TransitionOptions {
  /** Why (shown in the admin timeline): an event type, an error code, an admin action. */
  reason: string;
  /** Who: 'stripe', 'worker', 'system', 'admin:<id>'. */
  actor: string;
  /** Other fields written in the same conditional update. */
  data?: JobPatch;
  /** Restrict the legal sources further (e.g. only from `awaiting_payment`). */
  from?: JobStatus[];
  /**
   * More conditions of the same UPDATE (e.g. the payment status must still be `unpaid`,
   * or `freeLease()`: nobody is working on the job).
   */
  where?: Record<string, unknown>;
}

/** The condition "no instance holds the job's lease": none was taken, or it ran out. */
export const freeLease = (now = new Date()) => ({
  $or: [{ leaseExpiresAt: { $null: true } }, { leaseExpiresAt: { $lt: now } }],
});

/** Timestamp field stamped on entering each status. */
const ENTERED_AT: Partial<Record<JobStatus, keyof JobPatch>> = {
  pending: 'paidAt',
  processing: 'processingStartedAt',
  completed: 'completedAt',
  failed: 'failedAt',
  abandoned: 'abandonedAt',
};

export function createJobsService(strapi: Core.Strapi) {
  const jobs = () => strapi.db.query(JOB_UID);

  async function record(
    jobId: string,
    from: string | null,
    to: string,
    paymentStatus: string | undefined,
    options: { reason: string; actor: string },
  ) {
    // createMany: one INSERT, no read-back (the timeline is append-only).
    await strapi.db.query(TRANSITION_UID).createMany({
      data: [
        {
          jobId,
          fromStatus: from,
          toStatus: to,
          paymentStatus: paymentStatus ?? null,
          reason: options.reason.slice(0, 255),
          actor: options.actor,
          at: new Date(),
        },
      ],
    });
  }

  return {
    async findByJobId(jobId: string): Promise<Job | null> {
      return (await jobs().findOne({ where: { jobId } })) as Job | null;
    },

    async findOne(where: Record<string, unknown>): Promise<Job | null> {
      return (await jobs().findOne({ where })) as Job | null;
    },

    async create(
      data: JobPatch & { jobId: string },
      options: { reason: string; actor: string },
    ): Promise<Job> {
      // The document service fills documentId (the query engine does not).
      const { id } = await strapi.documents(JOB_UID).create({ data: data as never });
      const job = (await jobs().findOne({ where: { id } })) as Job;
      await record(job.jobId, null, job.status, job.paymentStatus, options);
      return job;
    },

    /** Conditional field update; returns whether a row matched. */
    async updateWhere(where: Record<string, unknown>, data: JobPatch): Promise<boolean> {
      const { count } = await jobs().updateMany({
        where,
        data: { ...data, updatedAt: new Date() },
      });
      return count > 0;
    },

    /** Plain field update that does not change the status. */
    async update(jobId: string, data: JobPatch): Promise<void> {
      await jobs().updateMany({ where: { jobId }, data: { ...data, updatedAt: new Date() } });
    },

    /**
     * Moves a job to `to` with one conditional UPDATE (… WHERE status IN legal sources),
     * so of several concurrent callers (redelivered webhooks, instances) exactly one
     * wins. Returns whether this call made the transition; an illegal one is logged.
     */
    async transition(
      job: string | Job,
      to: JobStatus,
      options: TransitionOptions,
    ): Promise<boolean> {
      const legal = sourcesOf(to).filter((from) => !options.from || options.from.includes(from));
      // A caller that just read the job passes it; the UPDATE's condition still guards races.
      const current = typeof job === 'string' ? await this.findByJobId(job) : job;
      if (!current) return false;
      const { jobId } = current;
      if (!legal.includes(current.status)) {
        if (!canTransition(current.status, to)) {
          strapi.log.warn(
            `[sell-my-images] rejected transition ${current.status} -> ${to} for job ${jobId} (${options.reason})`,
          );
        }
        return false;
      }
      const stamp = ENTERED_AT[to];
      const data: JobPatch = { ...options.data, status: to, updatedAt: new Date() };
      if (stamp && data[stamp] === undefined) Object.assign(data, { [stamp]: new Date() });
      const { count } = await jobs().updateMany({
        where: { ...options.where, jobId, status: current.status },
        data,
      });
      if (count !== 1) return false;
      await record(jobId, current.status, to, data.paymentStatus ?? current.paymentStatus, options);
      return true;
    },

    /** Records a payment-only change (refunds) in the timeline, without a status move. */
    async recordPaymentChange(
      jobId: string,
      status: JobStatus,
      paymentStatus: PaymentStatus,
      options: { reason: string; actor: string },
    ) {
      await record(jobId, status, status, paymentStatus, options);
    },

    async timeline(jobId: string) {
      return strapi.db
        .query(TRANSITION_UID)
        .findMany({ where: { jobId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
    },
  };
}

export type JobsService = ReturnType<typeof createJobsService>;
