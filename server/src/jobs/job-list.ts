/**
 * The admin's read side of jobs: the filtered, sorted, paged list and one job's detail
 * (every field but the private ones, its file, its timeline, the actions its state
 * allows).
 */
import type { Core } from '@strapi/strapi';
import {
  JOB_STATUSES,
  type AdminJob,
  type JobDetailAnswer,
  type JobListAnswer,
  type JobMail,
  type JobListQuery,
  type JobSort,
  type JobSortField,
  type JobTransition,
  type SortDirection,
} from '../../../shared/contracts/jobs';
import { boundInstant } from '../../../shared/utc-days';
import { JOB_UID, MAIL_UID } from '../plugin-id';
import { findFiles, thumbnailUrlOf, type UploadFile } from '../media/files';
import { errors } from '../utils/errors';
import type { Job, JobsService } from './repository';
import { allowedActions } from './states';

/** What the detail shows of each e-mail in the outbox (docs/architecture.md "Mail outbox"). */
const MAIL_FIELDS: Array<keyof JobMail> = [
  'id',
  'kind',
  'status',
  'attempts',
  'nextAttemptAt',
  'lastError',
  'linkExpiresAt',
  'sentAt',
  'createdAt',
];

/** A slice of a sorted list. */
interface Window {
  offset: number;
  limit: number;
}

type FileCard = Pick<AdminJob, 'fileName' | 'fileUrl' | 'thumbnailUrl'>;

/** The job as the admin sees it: private fields removed, its file's name and thumbnail added. */
function present(job: Job, file?: FileCard): AdminJob {
  const { downloadTokenHash: _token, ipHash: _ip, leaseOwner: _owner, ...shown } = job;
  return {
    ...shown,
    // The name captured at checkout wins: the file may have been renamed or deleted since.
    fileName: job.fileName ?? file?.fileName ?? null,
    fileUrl: file?.fileUrl ?? null,
    thumbnailUrl: file?.thumbnailUrl ?? null,
  };
}

const toCard = (row: UploadFile): FileCard => ({
  fileName: row.name,
  fileUrl: row.url,
  thumbnailUrl: thumbnailUrlOf(row),
});

/** A creation-date filter: a date-only bound covers its whole (UTC) day. */
const createdBetween = (from?: string, to?: string) => ({
  ...(from ? { $gte: new Date(boundInstant(from, 'start')) } : {}),
  ...(to ? { $lt: new Date(boundInstant(to, 'end')) } : {}),
});

export function createJobList(strapi: Core.Strapi, { jobs }: { jobs: JobsService }) {
  const query = () => strapi.db.query(JOB_UID);

  /** The upload files of these jobs, in one query, by documentId and by numeric id. */
  async function filesOf(list: Job[]): Promise<Map<string, FileCard>> {
    const rows = await findFiles(strapi, {
      ids: list.flatMap((job) => (job.fileId === null ? [] : [job.fileId])),
      documentIds: list.flatMap((job) => (job.fileDocumentId ? [job.fileDocumentId] : [])),
    });
    const cards = new Map<string, FileCard>();
    for (const row of rows) {
      cards.set(`id:${row.id}`, toCard(row));
      cards.set(`doc:${row.documentId}`, toCard(row));
    }
    return cards;
  }

  // documentId first: it is Strapi 5's stable identity of a file; the numeric id is only a row id.
  const cardOf = (cards: Map<string, FileCard>, job: Job) =>
    (job.fileDocumentId ? cards.get(`doc:${job.fileDocumentId}`) : undefined) ??
    (job.fileId !== null ? cards.get(`id:${job.fileId}`) : undefined);

  /**
   * A page of jobs sorted by status, in the order of the job's life (awaiting payment …
   * abandoned), newest first within a status. Not `orderBy: { status }`: Strapi 5's query
   * engine reserves that key for its draft/publish rank and ignores the column. One count
   * per status tells which statuses the page spans; only those are read.
   */
  async function pageInStatusOrder(
    where: Record<string, unknown>,
    direction: SortDirection,
    { offset, limit }: Window,
  ): Promise<[Job[], number]> {
    const order = direction === 'asc' ? [...JOB_STATUSES] : [...JOB_STATUSES].reverse();
    const scoped = (status: string) => ({ $and: [where, { status }] });
    const counts = await Promise.all(
      order.map((status) => query().count({ where: scoped(status) })),
    );
    const rows: Job[] = [];
    let skip = offset;
    for (let i = 0; i < order.length && rows.length < limit; i++) {
      if (skip >= counts[i]) {
        skip -= counts[i];
        continue;
      }
      const part = (await query().findMany({
        where: scoped(order[i]),
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        offset: skip,
        limit: limit - rows.length,
      })) as Job[];
      rows.push(...part);
      skip = 0;
    }
    return [rows, counts.reduce((sum, n) => sum + n, 0)];
  }

  /** One page of the jobs matching `where`, in `sort` order, and how many match. */
  async function page(
    where: Record<string, unknown>,
    sort: JobSort,
    window: Window,
  ): Promise<[Job[], number]> {
    const [field, direction] = sort.split(':') as [JobSortField, SortDirection];
    if (field === 'status') return pageInStatusOrder(where, direction, window);
    const { offset, limit } = window;
    const [rows, total] = await Promise.all([
      query().findMany({
        where,
        orderBy: [{ [field]: direction }, { id: direction }],
        offset,
        limit,
      }),
      query().count({ where }),
    ]);
    return [rows as Job[], total];
  }

  return {
    async list(request: JobListQuery): Promise<JobListAnswer> {
      const where: Record<string, unknown> = {};
      if (request.status) where.status = request.status;
      if (request.paymentStatus) where.paymentStatus = request.paymentStatus;
      if (request.emailStatus) where.emailStatus = request.emailStatus;
      if (request.from || request.to) where.createdAt = createdBetween(request.from, request.to);
      const q = request.q?.trim();
      if (q) {
        // Job ids are lower-case UUIDs: a pasted prefix finds the job too.
        where.$or = [
          { email: { $containsi: q } },
          { jobId: { $startsWith: q.toLowerCase() } },
          { stripeCheckoutSessionId: q },
          { stripePaymentIntentId: q },
        ];
      }
      const window = { offset: (request.page - 1) * request.pageSize, limit: request.pageSize };
      const [results, total] = await page(where, request.sort, window);
      const cards = await filesOf(results);
      return {
        results: results.map((job) => present(job, cardOf(cards, job))),
        pagination: {
          page: request.page,
          pageSize: request.pageSize,
          total,
          pageCount: Math.ceil(total / request.pageSize),
        },
      };
    },

    /** The job, or a 404. */
    async mustFind(jobId: string): Promise<Job> {
      const job = await jobs.findByJobId(jobId);
      if (!job) throw new errors.NotFoundError('No job with this id');
      return job;
    },

    /** Every field, the timeline, the actions its state allows now and its e-mails (the outbox). */
    async detail(jobId: string): Promise<JobDetailAnswer> {
      const job = await this.mustFind(jobId);
      const [cards, timeline, mails] = await Promise.all([
        filesOf([job]),
        jobs.timeline(jobId),
        strapi.db.query(MAIL_UID).findMany({
          where: { jobId },
          select: MAIL_FIELDS,
          orderBy: [{ id: 'desc' }],
          limit: 50,
        }),
      ]);
      return {
        job: present(job, cardOf(cards, job)),
        timeline: timeline as JobTransition[],
        actions: allowedActions(job),
        mails: mails as JobMail[],
      };
    },
  };
}

export type JobList = ReturnType<typeof createJobList>;
