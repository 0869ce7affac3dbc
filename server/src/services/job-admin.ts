import type { Core } from '@strapi/strapi';
import { JOB_UID } from '../plugin-id';
import { PublicError } from '../utils/http-errors';
import type { Job, JobsService } from './jobs';
import type { SettingsService } from './settings';
import type { Refunds } from '../fulfilment/refunds';
import type { Worker } from '../fulfilment/worker';
import { downloadToken, hashToken } from './download-tokens';
import { publicUrl } from './urls';
import { completionMail } from '../fulfilment/emails';
import { mailContext, sendMail } from '../fulfilment/mailer';
import { UPSCALER_IS_AI, type UpscalerName } from '../upscalers';

export interface JobListQuery {
  status?: string;
  paymentStatus?: string;
  q?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
  sort: 'createdAt:desc' | 'createdAt:asc' | 'amount:desc' | 'amount:asc';
}

const PRIVATE_FIELDS = ['downloadTokenHash', 'ipHash', 'leaseOwner'] as const;

function present(job: Job) {
  const copy: Record<string, unknown> = { ...job };
  for (const field of PRIVATE_FIELDS) delete copy[field];
  return copy;
}

/** The admin side of jobs: list, detail with timeline, retry, resend, new link, refund. */
export function createJobAdmin(
  strapi: Core.Strapi,
  deps: { jobs: JobsService; settings: SettingsService; refunds: Refunds; worker: Worker },
) {
  const { jobs, settings: settingsService, refunds, worker } = deps;

  async function mustFind(jobId: string): Promise<Job> {
    const job = await jobs.findByJobId(jobId);
    if (!job) throw new PublicError(404, 'NotFoundError', 'No job with this id');
    return job;
  }

  async function mailLink(job: Job, expiresAt: Date): Promise<void> {
    if (!job.email) throw new PublicError(409, 'ConflictError', 'This job has no customer e-mail address');
    const settings = await settingsService.get();
    const token = downloadToken(strapi, job.jobId, expiresAt);
    await sendMail(strapi, settings, job.email, completionMail(mailContext(settings), {
      fileName: job.fileName ?? 'Your image',
      resolution: job.resolution,
      width: job.outputWidth as number,
      height: job.outputHeight as number,
      isAi: UPSCALER_IS_AI[(job.upscaler ?? 'sharp') as UpscalerName] ?? false,
    }, { url: `${publicUrl(strapi)}/api/sell-my-images/downloads/${token}`, expiresAt, maxDownloads: settings.maxDownloads }));
    await jobs.update(job.jobId, { emailedAt: new Date().toISOString() } as Partial<Job>);
  }

  return {
    async list(query: JobListQuery) {
      const where: Record<string, unknown> = {};
      if (query.status) where.status = query.status;
      if (query.paymentStatus) where.paymentStatus = query.paymentStatus;
      if (query.from || query.to) where.createdAt = { ...(query.from ? { $gte: new Date(query.from) } : {}), ...(query.to ? { $lte: new Date(query.to) } : {}) };
      if (query.q) {
        const q = query.q.trim();
        where.$or = [{ email: { $containsi: q } }, { jobId: q }, { stripeCheckoutSessionId: q }, { stripePaymentIntentId: q }];
      }
      const [field, direction] = query.sort.split(':') as [string, 'asc' | 'desc'];
      const [results, total] = await Promise.all([
        strapi.db.query(JOB_UID).findMany({ where, orderBy: [{ [field]: direction }, { id: direction }], offset: (query.page - 1) * query.pageSize, limit: query.pageSize }),
        strapi.db.query(JOB_UID).count({ where }),
      ]);
      return {
        results: (results as Job[]).map(present),
        pagination: { page: query.page, pageSize: query.pageSize, total, pageCount: Math.ceil(total / query.pageSize) },
      };
    },

    async detail(jobId: string) {
      const job = await mustFind(jobId);
      return { job: present(job), timeline: await jobs.timeline(jobId) };
    },

    /** A failed (not refunded) or stuck job goes back to the queue. */
    async retry(jobId: string, actor: string) {
      const job = await mustFind(jobId);
      if (job.paymentStatus === 'refunded') throw new PublicError(409, 'ConflictError', 'This job was refunded; it cannot be retried');
      if (job.status !== 'failed' && job.status !== 'processing') {
        throw new PublicError(409, 'ConflictError', `A ${job.status} job cannot be retried`);
      }
      const moved = await jobs.transition(job, 'pending', {
        reason: 'admin retry',
        actor,
        data: { nextAttemptAt: new Date(), attempts: 0, leaseOwner: null, leaseExpiresAt: null, errorCode: null, errorMessage: null, upscalerJobId: null } as unknown as Partial<Job>,
      });
      if (!moved) throw new PublicError(409, 'ConflictError', 'The job changed meanwhile; reload it');
      worker.wake();
      return this.detail(jobId);
    },

    /** Sends the completion e-mail again with the current link. */
    async resend(jobId: string) {
      const job = await mustFind(jobId);
      if (job.status !== 'completed' || !job.downloadExpiresAt) throw new PublicError(409, 'ConflictError', 'Only completed jobs have a link to send');
      const expiresAt = new Date(job.downloadExpiresAt);
      if (expiresAt.getTime() < Date.now() || job.fileExpiredAt) throw new PublicError(409, 'ConflictError', 'The link has expired; issue a new link instead');
      await mailLink(job, expiresAt);
      return this.detail(jobId);
    },

    /** A new token and expiry (the old link stops working), e-mailed to the customer. */
    async newLink(jobId: string, actor: string) {
      const job = await mustFind(jobId);
      if (job.status !== 'completed' || !job.storedFileKey) throw new PublicError(409, 'ConflictError', 'Only completed jobs have a file to link to');
      if (job.fileExpiredAt) throw new PublicError(409, 'ConflictError', 'The stored file was deleted after expiry');
      const settings = await settingsService.get();
      const expiresAt = new Date(Date.now() + settings.downloadExpiryHours * 3_600_000);
      await jobs.transition(job, 'completed', {
        reason: 'new download link',
        actor,
        data: { downloadTokenHash: hashToken(downloadToken(strapi, job.jobId, expiresAt)), downloadExpiresAt: expiresAt.toISOString(), downloadCount: 0, reminderSentAt: null } as unknown as Partial<Job>,
      });
      if (job.email) await mailLink(job, expiresAt);
      return this.detail(jobId);
    },

    async refund(jobId: string, actor: string) {
      const job = await mustFind(jobId);
      const outcome = await refunds.refund(job, 'admin refund', actor);
      if (outcome === 'not_paid') throw new PublicError(409, 'ConflictError', 'This job has no payment to refund');
      if (outcome === 'retry_later') throw new PublicError(502, 'PaymentProviderError', 'Stripe did not accept the refund now; try again');
      return { outcome, ...(await this.detail(jobId)) };
    },
  };
}

export type JobAdmin = ReturnType<typeof createJobAdmin>;
