/**
 * Export and erasure of what is stored about one buyer's e-mail address (admin routes
 * under RBAC `privacy.manage`; docs/architecture.md "Retention and privacy"). The address
 * is matched case-insensitively; the buyer's clicks are found through the salted visitor
 * hash of their purchases. Erasure clears personal fields and keeps the money records.
 */
import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type {
  PrivacyClick,
  PrivacyEraseAnswer,
  PrivacyExport,
  PrivacyJob,
} from '../../../shared/contracts/privacy';
import { CLICK_UID } from '../analytics/clicks';
import { STRIPE_EVENT_UID } from '../commerce/stripe-events';
import { DOWNLOAD_UID } from '../delivery/downloads';
import type { Job } from '../jobs/repository';
import { TRANSITION_UID } from '../jobs/repository';
import { JOB_UID } from '../plugin-id';

interface TransitionRow {
  jobId: string;
  fromStatus: string | null;
  toStatus: string;
  paymentStatus: string | null;
  reason: string | null;
  actor: string | null;
  at: string;
}
interface DownloadRow {
  jobId: string;
  bytes: number | string | null;
  complete: boolean | null;
  createdAt: string;
}
interface StripeEventRow {
  eventId: string;
  type: string;
  jobId: string | null;
  outcome: string | null;
  receivedAt: string;
}
interface ClickRow {
  fileId: number;
  sourcePage: string | null;
  createdAt: string;
}

const iso = (value: string | Date | null | undefined): string | null =>
  value ? new Date(value).toISOString() : null;

/** A short digest naming the address in the audit log: logs never carry personal data. */
export const emailDigest = (email: string): string =>
  createHash('sha256').update(email).digest('hex').slice(0, 12);

export function createPrivacy(strapi: Core.Strapi) {
  type Uid =
    | typeof JOB_UID
    | typeof TRANSITION_UID
    | typeof DOWNLOAD_UID
    | typeof STRIPE_EVENT_UID
    | typeof CLICK_UID;
  const db = (uid: Uid) => strapi.db.query(uid);

  const jobsOf = async (email: string): Promise<Job[]> =>
    (await db(JOB_UID).findMany({
      where: { email: { $eqi: email } },
      orderBy: { id: 'asc' },
    })) as Job[];

  const hashesOf = (jobs: Job[]): string[] => [
    ...new Set(jobs.map((job) => job.ipHash).filter((hash): hash is string => Boolean(hash))),
  ];

  function describe(
    job: Job,
    rows: { transitions: TransitionRow[]; downloads: DownloadRow[]; events: StripeEventRow[] },
  ): PrivacyJob {
    const mine = <R extends { jobId: string | null }>(list: R[]) =>
      list.filter((row) => row.jobId === job.jobId);
    return {
      jobId: job.jobId,
      email: job.email,
      status: job.status,
      paymentStatus: job.paymentStatus,
      fileName: job.fileName,
      resolution: job.resolution,
      amount: job.amount,
      amountRefunded: job.amountRefunded,
      currency: job.currency,
      sourcePage: job.sourcePage,
      returnUrl: job.returnUrl,
      stripeCheckoutSessionId: job.stripeCheckoutSessionId,
      stripePaymentIntentId: job.stripePaymentIntentId,
      visitorHashStored: Boolean(job.ipHash),
      createdAt: iso(job.createdAt) ?? '',
      paidAt: iso(job.paidAt),
      completedAt: iso(job.completedAt),
      refundedAt: iso(job.refundedAt),
      downloadExpiresAt: iso(job.downloadExpiresAt),
      downloadCount: job.downloadCount,
      emailedAt: iso(job.emailedAt),
      transitions: mine(rows.transitions).map(({ jobId: _job, at, ...rest }) => ({
        ...rest,
        at: iso(at) ?? '',
      })),
      downloads: mine(rows.downloads).map((row) => ({
        at: iso(row.createdAt) ?? '',
        bytes: row.bytes === null ? null : Number(row.bytes),
        complete: Boolean(row.complete),
      })),
      stripeEvents: mine(rows.events).map(({ jobId: _job, receivedAt, ...rest }) => ({
        ...rest,
        receivedAt: iso(receivedAt) ?? '',
      })),
    };
  }

  return {
    /** Everything stored about `email` (trimmed and lowercased by the route's validation). */
    async exportData(email: string, actor: string): Promise<PrivacyExport> {
      const jobs = await jobsOf(email);
      const jobIds = jobs.map((job) => job.jobId);
      const byJob = { jobId: { $in: jobIds } };
      const [transitions, downloads, events] = jobIds.length
        ? await Promise.all([
            db(TRANSITION_UID).findMany({ where: byJob, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
            db(DOWNLOAD_UID).findMany({ where: byJob, orderBy: { id: 'asc' } }),
            db(STRIPE_EVENT_UID).findMany({ where: byJob, orderBy: { id: 'asc' } }),
          ])
        : [[], [], []];
      const hashes = hashesOf(jobs);
      const clicks = hashes.length
        ? ((await db(CLICK_UID).findMany({
            where: { visitorHash: { $in: hashes } },
            orderBy: { id: 'asc' },
          })) as ClickRow[])
        : [];
      const rows = {
        transitions: transitions as TransitionRow[],
        downloads: downloads as DownloadRow[],
        events: events as StripeEventRow[],
      };
      strapi.log.info(
        `[sell-my-images] privacy export by ${actor} for e-mail #${emailDigest(email)}: ${jobs.length} purchases`,
      );
      return {
        email,
        exportedAt: new Date().toISOString(),
        jobs: jobs.map((job) => describe(job, rows)),
        clicks: clicks.map((click): PrivacyClick => ({
          fileId: click.fileId,
          sourcePage: click.sourcePage,
          at: iso(click.createdAt) ?? '',
        })),
      };
    },

    /**
     * Erases `email`: the visitor hashes of its purchases (on their download log rows and
     * clicks), then the address and hash on the jobs themselves, last, so an interrupted
     * erase is finished by the next one. Amounts, statuses and the timeline stay.
     */
    async erase(email: string, actor: string): Promise<PrivacyEraseAnswer> {
      const jobs = await jobsOf(email);
      const answer: PrivacyEraseAnswer = { jobs: 0, downloads: 0, clicks: 0 };
      if (jobs.length > 0) {
        const hashes = hashesOf(jobs);
        const jobIds = jobs.map((job) => job.jobId);
        const downloads = await db(DOWNLOAD_UID).updateMany({
          where: { jobId: { $in: jobIds }, visitorHash: { $notNull: true } },
          data: { visitorHash: null },
        });
        answer.downloads = downloads.count;
        if (hashes.length) {
          const clicks = await db(CLICK_UID).updateMany({
            where: { visitorHash: { $in: hashes } },
            data: { visitorHash: null },
          });
          answer.clicks = clicks.count;
        }
        const cleared = await db(JOB_UID).updateMany({
          where: { id: { $in: jobs.map((job) => job.id) } },
          data: { email: null, ipHash: null, emailPurgedAt: new Date() },
        });
        answer.jobs = cleared.count;
      }
      strapi.log.info(
        `[sell-my-images] privacy erase by ${actor} for e-mail #${emailDigest(email)}: ` +
          `${answer.jobs} purchases, ${answer.downloads} downloads, ${answer.clicks} clicks`,
      );
      return answer;
    },
  };
}

export type Privacy = ReturnType<typeof createPrivacy>;
