import type { Core } from '@strapi/strapi';
import { JOB_UID } from '../plugin-id';
import { PublicError } from '../utils/http-errors';
import type { Job, JobsService } from './jobs';
import { JOB_STATUSES } from './job-states';
import type { SettingsService } from './settings';
import type { Refunds } from '../fulfilment/refunds';
import type { Worker } from '../fulfilment/worker';
import { downloadToken, hashToken } from './download-tokens';
import { publicUrl } from './urls';
import { completionMail } from '../fulfilment/emails';
import { mailContext, sendMail } from '../fulfilment/mailer';
import { UPSCALER_IS_AI, type UpscalerName } from '../upscalers';

/** Columns the jobs table can be sorted by (each `field:asc` or `field:desc`). */
export const JOB_SORT_FIELDS = [
  'createdAt',
  'amount',
  'status',
  'paymentStatus',
  'email',
  'resolution',
] as const;
export type JobSortField = (typeof JOB_SORT_FIELDS)[number];
export type JobSort = `${JobSortField}:${'asc' | 'desc'}`;
export const JOB_SORTS = JOB_SORT_FIELDS.flatMap(
  (field) => [`${field}:asc`, `${field}:desc`] as const,
) as JobSort[];

export interface JobListQuery {
  status?: string;
  paymentStatus?: string;
  q?: string;
  /** ISO datetime, or a date (`YYYY-MM-DD`: from the start of that day, UTC). */
  from?: string;
  /** ISO datetime, or a date (`YYYY-MM-DD`: up to the end of that day, UTC, inclusive). */
  to?: string;
  page: number;
  pageSize: number;
  sort: JobSort;
}

/** The admin actions on one job, and which of them the job's current state allows. */
export const JOB_ACTIONS = ['retry', 'resend', 'newLink', 'refund'] as const;
export type JobAction = (typeof JOB_ACTIONS)[number];
export type AllowedActions = Record<JobAction, boolean>;

/**
 * Why `action` is not possible on `job` now (the 409 message), or null when it is.
 * The single source of the rules: the action handlers throw with it and the detail
 * view's `actions` booleans come from it, so the panel never duplicates them.
 */
export function actionBlocker(job: Job, action: JobAction, now = Date.now()): string | null {
  switch (action) {
    case 'retry':
      if (job.paymentStatus === 'refunded') return 'This job was refunded; it cannot be retried';
      // `processing` too: a job stuck there (lost webhook, crashed worker) can be pushed back.
      return job.status === 'failed' || job.status === 'processing'
        ? null
        : `A ${job.status} job cannot be retried`;
    case 'resend':
      if (job.status !== 'completed' || !job.downloadExpiresAt)
        return 'Only completed jobs have a link to send';
      if (new Date(job.downloadExpiresAt).getTime() < now || job.fileExpiredAt)
        return 'The link has expired; issue a new link instead';
      return job.email ? null : 'This job has no customer e-mail address';
    case 'newLink':
      if (job.status !== 'completed' || !job.storedFileKey)
        return 'Only completed jobs have a file to link to';
      return job.fileExpiredAt ? 'The stored file was deleted after expiry' : null;
    case 'refund':
      return job.paymentStatus === 'paid' || job.paymentStatus === 'partially_refunded'
        ? null
        : 'This job has no payment to refund';
  }
}

export function allowedActions(job: Job, now = Date.now()): AllowedActions {
  return Object.fromEntries(
    JOB_ACTIONS.map((action) => [action, actionBlocker(job, action, now) === null]),
  ) as AllowedActions;
}

const PRIVATE_FIELDS = ['downloadTokenHash', 'ipHash', 'leaseOwner'] as const;

/** The media-library file a job was bought from, as the admin table shows it. */
interface FileCard {
  fileName: string | null;
  fileUrl: string | null;
  thumbnailUrl: string | null;
}

interface UploadRow {
  id: number;
  documentId: string;
  name: string | null;
  url: string | null;
  formats: { thumbnail?: { url?: string } } | null;
}

function present(job: Job, file?: FileCard) {
  const copy: Record<string, unknown> = { ...job };
  for (const field of PRIVATE_FIELDS) delete copy[field];
  // The name captured at checkout wins: the file may have been renamed or deleted since.
  copy.fileName = job.fileName ?? file?.fileName ?? null;
  copy.fileUrl = file?.fileUrl ?? null;
  copy.thumbnailUrl = file?.thumbnailUrl ?? null;
  return copy;
}

function toCard(row: UploadRow): FileCard {
  // Images get a `thumbnail` format (156 px) on upload; small ones and non-images do not.
  return {
    fileName: row.name,
    fileUrl: row.url,
    thumbnailUrl: row.formats?.thumbnail?.url ?? row.url,
  };
}

/** A date-only bound covers its whole (UTC) day; a datetime is taken as is. */
function dateBound(value: string, edge: 'start' | 'end'): Record<string, Date> {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = new Date(`${value}T00:00:00.000Z`);
    return edge === 'start' ? { $gte: start } : { $lt: new Date(start.getTime() + 86_400_000) };
  }
  return edge === 'start' ? { $gte: new Date(value) } : { $lte: new Date(value) };
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

  function mustAllow(job: Job, action: JobAction): void {
    const blocker = actionBlocker(job, action);
    if (blocker) throw new PublicError(409, 'ConflictError', blocker);
  }

  /** The upload files of these jobs, in one query (by documentId or by numeric id). */
  async function filesOf(list: Job[]): Promise<Map<string, FileCard>> {
    const ids = [
      ...new Set(
        list.map((job) => job.fileId).filter((id): id is number => typeof id === 'number'),
      ),
    ];
    const documentIds = [
      ...new Set(list.map((job) => job.fileDocumentId).filter((id): id is string => !!id)),
    ];
    const cards = new Map<string, FileCard>();
    if (!ids.length && !documentIds.length) return cards;
    const or: Record<string, unknown>[] = [];
    if (ids.length) or.push({ id: { $in: ids } });
    if (documentIds.length) or.push({ documentId: { $in: documentIds } });
    const rows = (await strapi.db.query('plugin::upload.file').findMany({
      where: { $or: or },
      select: ['id', 'documentId', 'name', 'url', 'formats'],
    })) as UploadRow[];
    for (const row of rows) {
      const card = toCard(row);
      cards.set(`id:${row.id}`, card);
      cards.set(`doc:${row.documentId}`, card);
    }
    return cards;
  }

  /**
   * A page of jobs sorted by status, in the order of the job's life (awaiting payment …
   * abandoned), newest first within a status. Not `orderBy: { status }`: Strapi 5's query
   * engine reserves that key for its draft/publish rank and ignores the column. One count
   * per status tells which statuses the page spans; only those are read.
   */
  async function pageInStatusOrder(
    where: Record<string, unknown>,
    direction: 'asc' | 'desc',
    offset: number,
    limit: number,
  ): Promise<[Job[], number]> {
    const order = direction === 'asc' ? [...JOB_STATUSES] : [...JOB_STATUSES].reverse();
    const scoped = (status: string) => ({ $and: [where, { status }] });
    const counts = await Promise.all(
      order.map((status) => strapi.db.query(JOB_UID).count({ where: scoped(status) })),
    );
    const rows: Job[] = [];
    let skip = offset;
    for (let i = 0; i < order.length && rows.length < limit; i++) {
      if (skip >= counts[i]) {
        skip -= counts[i];
        continue;
      }
      const part = await strapi.db.query(JOB_UID).findMany({
        where: scoped(order[i]),
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        offset: skip,
        limit: limit - rows.length,
      });
      rows.push(...(part as Job[]));
      skip = 0;
    }
    return [rows, counts.reduce((sum, n) => sum + n, 0)];
  }

  // documentId first: it is Strapi 5's stable identity of a file; the numeric id is only a row id.
  const cardOf = (cards: Map<string, FileCard>, job: Job) =>
    (job.fileDocumentId ? cards.get(`doc:${job.fileDocumentId}`) : undefined) ??
    (job.fileId != null ? cards.get(`id:${job.fileId}`) : undefined);

  async function mailLink(job: Job, expiresAt: Date): Promise<void> {
    if (!job.email)
      throw new PublicError(409, 'ConflictError', 'This job has no customer e-mail address');
    const settings = await settingsService.get();
    const token = downloadToken(strapi, job.jobId, expiresAt);
    await sendMail(
      strapi,
      settings,
      job.email,
      completionMail(
        mailContext(settings),
        {
          fileName: job.fileName ?? 'Your image',
          resolution: job.resolution,
          width: job.outputWidth as number,
          height: job.outputHeight as number,
          isAi: UPSCALER_IS_AI[(job.upscaler ?? 'sharp') as UpscalerName] ?? false,
        },
        {
          url: `${publicUrl(strapi)}/api/sell-my-images/downloads/${token}`,
          expiresAt,
          maxDownloads: settings.maxDownloads,
        },
      ),
    );
    await jobs.update(job.jobId, { emailedAt: new Date().toISOString() } as Partial<Job>);
  }

  return {
    async list(query: JobListQuery) {
      const where: Record<string, unknown> = {};
      if (query.status) where.status = query.status;
      if (query.paymentStatus) where.paymentStatus = query.paymentStatus;
      if (query.from || query.to)
        where.createdAt = {
          ...(query.from ? dateBound(query.from, 'start') : {}),
          ...(query.to ? dateBound(query.to, 'end') : {}),
        };
      const q = query.q?.trim();
      if (q) {
        // Job ids are lower-case UUIDs: a pasted prefix finds the job too.
        where.$or = [
          { email: { $containsi: q } },
          { jobId: { $startsWith: q.toLowerCase() } },
          { stripeCheckoutSessionId: q },
          { stripePaymentIntentId: q },
        ];
      }
      const [field, direction] = query.sort.split(':') as [JobSortField, 'asc' | 'desc'];
      const offset = (query.page - 1) * query.pageSize;
      const [results, total] =
        field === 'status'
          ? await pageInStatusOrder(where, direction, offset, query.pageSize)
          : await Promise.all([
              strapi.db.query(JOB_UID).findMany({
                where,
                orderBy: [{ [field]: direction }, { id: direction }],
                offset,
                limit: query.pageSize,
              }),
              strapi.db.query(JOB_UID).count({ where }),
            ]);
      const cards = await filesOf(results as Job[]);
      return {
        results: (results as Job[]).map((job) => present(job, cardOf(cards, job))),
        pagination: {
          page: query.page,
          pageSize: query.pageSize,
          total,
          pageCount: Math.ceil(total / query.pageSize),
        },
      };
    },

    /** Every field, the timeline of transitions, and which actions the job's state allows now. */
    async detail(jobId: string) {
      const job = await mustFind(jobId);
      const [cards, timeline] = await Promise.all([filesOf([job]), jobs.timeline(jobId)]);
      return { job: present(job, cardOf(cards, job)), timeline, actions: allowedActions(job) };
    },

    /** A failed (not refunded) or stuck job goes back to the queue. */
    async retry(jobId: string, actor: string) {
      const job = await mustFind(jobId);
      mustAllow(job, 'retry');
      const moved = await jobs.transition(job, 'pending', {
        reason: 'admin retry',
        actor,
        data: {
          nextAttemptAt: new Date(),
          attempts: 0,
          leaseOwner: null,
          leaseExpiresAt: null,
          errorCode: null,
          errorMessage: null,
          upscalerJobId: null,
        } as unknown as Partial<Job>,
      });
      if (!moved)
        throw new PublicError(409, 'ConflictError', 'The job changed meanwhile; reload it');
      worker.wake();
      return this.detail(jobId);
    },

    /** Sends the completion e-mail again with the current link. */
    async resend(jobId: string) {
      const job = await mustFind(jobId);
      mustAllow(job, 'resend');
      await mailLink(job, new Date(job.downloadExpiresAt as string));
      return this.detail(jobId);
    },

    /** A new token and expiry (the old link stops working), e-mailed to the customer. */
    async newLink(jobId: string, actor: string) {
      const job = await mustFind(jobId);
      mustAllow(job, 'newLink');
      const settings = await settingsService.get();
      const expiresAt = new Date(Date.now() + settings.downloadExpiryHours * 3_600_000);
      await jobs.transition(job, 'completed', {
        reason: 'new download link',
        actor,
        data: {
          downloadTokenHash: hashToken(downloadToken(strapi, job.jobId, expiresAt)),
          downloadExpiresAt: expiresAt.toISOString(),
          downloadCount: 0,
          reminderSentAt: null,
        } as unknown as Partial<Job>,
      });
      if (job.email) await mailLink(job, expiresAt);
      return this.detail(jobId);
    },

    async refund(jobId: string, actor: string) {
      const job = await mustFind(jobId);
      const outcome = await refunds.refund(job, 'admin refund', actor);
      if (outcome === 'not_paid')
        throw new PublicError(409, 'ConflictError', 'This job has no payment to refund');
      if (outcome === 'retry_later')
        throw new PublicError(
          502,
          'PaymentProviderError',
          'Stripe did not accept the refund now; try again',
        );
      return { outcome, ...(await this.detail(jobId)) };
    },
  };
}

export type JobAdmin = ReturnType<typeof createJobAdmin>;
