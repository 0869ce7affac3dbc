/**
 * The admin's actions on one job (retry, resend, new link, refund), each allowed only in
 * the states `actionBlocker` names (409 otherwise), each answered with the job's fresh
 * detail.
 */
import type { Core } from '@strapi/strapi';
import type { JobAction, JobActionAnswer, JobDetailAnswer } from '../../../shared/contracts/jobs';
import type { Refunds } from '../commerce/refunds';
import { UNUSED_LINK } from '../delivery/download-ledger';
import { hashToken, downloadToken } from '../delivery/download-tokens';
import type { MailOutbox } from '../delivery/outbox';
import type { JobList } from '../jobs/job-list';
import { freeLease, type Job, type JobsService } from '../jobs/repository';
import { actionBlocker } from '../jobs/states';
import type { SettingsService } from '../settings/settings';
import { httpError } from '../utils/errors';
import type { Worker } from './worker';

interface Deps {
  jobs: JobsService;
  jobList: JobList;
  settings: SettingsService;
  refunds: Refunds;
  worker: Worker;
  mailOutbox: MailOutbox;
}

const conflict = (message: string) => httpError(409, message);

export function createJobAdmin(strapi: Core.Strapi, deps: Deps) {
  const { jobs, jobList, settings: settingsService, refunds, worker, mailOutbox } = deps;

  async function allowed(jobId: string, action: JobAction): Promise<Job> {
    const job = await jobList.mustFind(jobId);
    const blocker = actionBlocker(job, action);
    if (blocker) throw conflict(blocker);
    return job;
  }

  /**
   * Queues the link e-mail and tries it at once; a provider that refuses it is no error
   * here: the answer says `retrying` and the outbox tries again (docs/architecture.md
   * "Mail outbox").
   */
  async function mailLink(job: Job, expiresAt: Date): Promise<JobActionAnswer> {
    if (!job.email) throw conflict('This job has no customer e-mail address');
    const outcome = await mailOutbox.enqueue(job, { kind: 'link', expiresAt });
    return { ...(await jobList.detail(job.jobId)), ...(outcome ? { mail: outcome } : {}) };
  }

  return {
    /** A failed (not refunded) or stuck job goes back to the queue. */
    async retry(jobId: string, actor: string): Promise<JobDetailAnswer> {
      const job = await allowed(jobId, 'retry');
      const moved = await jobs.transition(job, 'pending', {
        reason: 'admin retry',
        actor,
        where: freeLease(),
        data: {
          nextAttemptAt: new Date(),
          attempts: 0,
          leaseOwner: null,
          leaseExpiresAt: null,
          errorCode: null,
          errorMessage: null,
          upscalerJobId: null,
        },
      });
      if (!moved) throw conflict('The job changed meanwhile; reload it');
      worker.wake();
      return jobList.detail(jobId);
    },

    /** Sends the completion e-mail again with the current link. */
    async resend(jobId: string): Promise<JobActionAnswer> {
      const job = await allowed(jobId, 'resend');
      return mailLink(job, new Date(job.downloadExpiresAt ?? Date.now()));
    },

    /** A new token and expiry (the old link stops working), e-mailed to the customer. */
    async newLink(jobId: string, actor: string): Promise<JobActionAnswer> {
      const job = await allowed(jobId, 'newLink');
      const settings = await settingsService.get();
      const expiresAt = new Date(Date.now() + settings.downloadExpiryHours * 3_600_000);
      await jobs.transition(job, 'completed', {
        reason: 'new download link',
        actor,
        data: {
          downloadTokenHash: hashToken(downloadToken(strapi, job.jobId, expiresAt)),
          downloadExpiresAt: expiresAt,
          ...UNUSED_LINK,
          reminderSentAt: null,
        },
      });
      if (job.email) return mailLink(job, expiresAt);
      return jobList.detail(jobId);
    },

    async refund(jobId: string, actor: string): Promise<JobActionAnswer> {
      const job = await jobList.mustFind(jobId);
      const outcome = await refunds.refund(job, 'admin refund', actor);
      if (outcome === 'not_paid') throw conflict('This job has no payment to refund');
      if (outcome === 'retry_later') {
        throw httpError(
          502,
          'Stripe did not accept the refund now; try again',
          {},
          'PaymentProviderError',
        );
      }
      return { outcome, ...(await jobList.detail(jobId)) };
    },
  };
}

export type JobAdmin = ReturnType<typeof createJobAdmin>;
