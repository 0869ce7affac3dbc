/**
 * The mail outbox (docs/architecture.md "Mail outbox"). Every customer e-mail is a row
 * first, then tried at once; a refused one is retried with backoff by the `send-mails`
 * task until it is sent or its attempts are used up. The row holds no address and no
 * content: the address is read from the job and the link rebuilt from its expiry when the
 * mail is sent, so an erased address or a revoked delivery cancels it instead. A cart
 * order's lines get no mail of their own (no link, reminder or failure mail): the order gets
 * one once every line has settled (`settleOrderLine`, delivery/order-mail).
 */
import type { Core } from '@strapi/strapi';
import type { EmailStatus, MailKind } from '../../../shared/contracts/jobs';
import type mailSchema from '../content-types/mail/schema';
import type { PatchOf, RowOf } from '../content-types/row-types';
import type { Job, JobPatch, JobsService } from '../jobs/repository';
import { deliveryRevoked } from '../jobs/states';
import { MAIL_UID } from '../plugin-id';
import type { SettingsService } from '../settings/settings';
import type { Metrics } from '../utils/metrics';
import { redactSecrets } from '../utils/redact';
import { mailErrorText, mailRetryDelay } from './mail-schedule';
import { sendCustomerMail, sendMail, type CustomerMail } from './mailer';
import { orderLinesOf, orderMail, orderSettled } from './order-mail';

export type MailRow = RowOf<typeof mailSchema>;
type MailPatch = PatchOf<typeof mailSchema>;

/** What became of one try: sent, queued for a retry, failed for good, or cancelled. */
export type MailOutcome = 'sent' | 'retrying' | 'failed' | 'cancelled';

/** How long an instance holds a mail it is sending before another may take it (a crash). */
const CLAIM_MS = 5 * 60_000;

/** The job field each kind of mail stamps once it is really sent. */
const SENT_AT: Record<MailKind, keyof JobPatch> = {
  link: 'emailedAt',
  reminder: 'reminderSentAt',
  failure: 'failureEmailSentAt',
  order: 'emailedAt',
};

/** The job's `emailStatus`, from its latest mail that was not cancelled. */
export function emailStatusOf(row: Pick<MailRow, 'status' | 'attempts'> | undefined): EmailStatus {
  if (!row || row.status === 'cancelled') return 'none';
  if (row.status === 'pending') return row.attempts > 0 ? 'retrying' : 'pending';
  return row.status;
}

const sameInstant = (a: string | Date | null, b: string | Date | null) =>
  a !== null && b !== null && new Date(a).getTime() === new Date(b).getTime();

/** Why a mail must not go out any more, or null when it may. */
function cancelReason(row: MailRow, job: Job | null, now: number): string | null {
  if (!job) return 'the job is gone';
  if (!job.email) return 'the customer e-mail address was erased';
  // An order mail lists what each line became when it is sent (delivery/order-mail).
  if (row.kind === 'failure' || row.kind === 'order') return null;
  if (deliveryRevoked(job)) return 'delivery was revoked (refund, dispute or fraud warning)';
  if (job.status !== 'completed') return 'the job is not completed';
  if (!sameInstant(row.linkExpiresAt, job.downloadExpiresAt)) return 'a newer link replaced it';
  if (job.fileExpiredAt || new Date(job.downloadExpiresAt ?? 0).getTime() <= now)
    return 'the link has expired';
  return null;
}

const mailOf = (row: MailRow & { kind: 'link' | 'reminder' | 'failure' }) =>
  row.kind === 'failure'
    ? { kind: 'failure' as const }
    : { kind: row.kind, expiresAt: new Date(row.linkExpiresAt ?? 0) };

/**
 * One reminder per link, one failure mail per job and one mail per order; link mails may be
 * sent again.
 */
function dedupeKey(jobId: string, mail: CustomerMail): string | null {
  if (mail.kind === 'order') return `order:${mail.orderId}`;
  if (mail.kind === 'failure') return `failure:${jobId}`;
  if (mail.kind === 'reminder') return `reminder:${jobId}:${mail.expiresAt.getTime()}`;
  return null;
}

export function createMailOutbox(
  strapi: Core.Strapi,
  { jobs, settings, metrics }: { jobs: JobsService; settings: SettingsService; metrics: Metrics },
) {
  const mails = () => strapi.db.query(MAIL_UID);

  const write = (row: MailRow, data: MailPatch) =>
    mails().updateMany({ where: { id: row.id }, data: { updatedAt: new Date(), ...data } });

  /** Writes the job's `emailStatus` from its latest mail, with `also` in the same update. */
  async function syncEmailStatus(jobId: string, also: JobPatch = {}): Promise<void> {
    const [latest] = (await mails().findMany({
      where: { jobId, status: { $ne: 'cancelled' } },
      orderBy: [{ id: 'desc' }],
      limit: 1,
    })) as MailRow[];
    await jobs.update(jobId, { ...also, emailStatus: emailStatusOf(latest) });
  }

  async function failed(row: MailRow, error: unknown, attempts: number): Promise<MailOutcome> {
    const lastError = mailErrorText(error, redactSecrets);
    const wait = mailRetryDelay(attempts);
    const what = `[sell-my-images] ${row.kind} e-mail for job ${row.jobId}`;
    if (wait === null) {
      await write(row, { status: 'failed', attempts, lastError, nextAttemptAt: null });
      metrics.emailFailed();
      strapi.log.error(`${what} failed for good after ${attempts} attempts: ${lastError}`);
      const job = await jobs.findByJobId(row.jobId);
      if (job) {
        const reason = `${row.kind} e-mail failed after ${attempts} attempts`;
        await jobs.recordPaymentChange(job.jobId, job.status, job.paymentStatus, {
          reason,
          actor: 'system',
        });
      }
    } else {
      const now = Date.now();
      const nextAttemptAt = new Date(now + wait);
      await write(row, { attempts, lastError, nextAttemptAt, updatedAt: new Date(now) });
      strapi.log.warn(`${what} not sent (attempt ${attempts}), retried later: ${lastError}`);
    }
    await syncEmailStatus(row.jobId);
    return wait === null ? 'failed' : 'retrying';
  }

  /**
   * Sends one due mail if this call wins it: a conditional UPDATE moves its due time past
   * the claim window, so of several instances (or task runs) exactly one sends it.
   */
  async function attempt(row: MailRow): Promise<MailOutcome | null> {
    const now = new Date();
    const { count } = await mails().updateMany({
      where: { id: row.id, status: 'pending', nextAttemptAt: { $lte: now } },
      data: { nextAttemptAt: new Date(now.getTime() + CLAIM_MS), updatedAt: now },
    });
    if (count !== 1) return null;
    const job = await jobs.findByJobId(row.jobId);
    const reason = cancelReason(row, job, now.getTime());
    if (reason !== null || !job?.email) {
      await write(row, { status: 'cancelled', lastError: reason, nextAttemptAt: null });
      await syncEmailStatus(row.jobId);
      return 'cancelled';
    }
    const attempts = row.attempts + 1;
    try {
      const current = await settings.get();
      if (row.kind === 'order') {
        const content = orderMail(strapi, current, await orderLinesOf(strapi, job.orderId ?? ''));
        if (!content) {
          const lastError = 'no line of the order is delivered or refunded';
          await write(row, { status: 'cancelled', lastError, nextAttemptAt: null });
          await syncEmailStatus(row.jobId);
          return 'cancelled';
        }
        await sendMail(strapi, current, job.email, content);
      } else {
        const mail = mailOf({ ...row, kind: row.kind });
        await sendCustomerMail(strapi, current, { ...job, email: job.email }, mail);
      }
    } catch (error) {
      return failed(row, error, attempts);
    }
    const sentAt = new Date();
    await write(row, { status: 'sent', attempts, sentAt, lastError: null, nextAttemptAt: null });
    await syncEmailStatus(row.jobId, { [SENT_AT[row.kind]]: sentAt });
    // Every line of an order was e-mailed by its one mail.
    if (row.kind === 'order' && job.orderId) {
      await jobs.updateWhere({ orderId: job.orderId }, { emailedAt: sentAt, emailStatus: 'sent' });
    }
    return 'sent';
  }

  /**
   * Queues a customer e-mail (see `enqueue`). A line of a cart order gets no reminder and no
   * failure mail of its own: its failure settles the order instead.
   */
  async function queue(job: Job, mail: CustomerMail): Promise<MailOutcome | null> {
    if (job.orderId && mail.kind === 'failure') return settleOrderLine(job);
    if (job.orderId && mail.kind === 'reminder') return null;
    if (!job.email) return null;
    const key = dedupeKey(job.jobId, mail);
    let row: MailRow;
    try {
      row = (await mails().create({
        data: {
          jobId: job.jobId,
          kind: mail.kind,
          linkExpiresAt: 'expiresAt' in mail ? mail.expiresAt : null,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: new Date(),
          dedupeKey: key,
        },
      })) as MailRow;
    } catch (error) {
      if (key && (await mails().findOne({ where: { dedupeKey: key } }))) return null;
      throw error;
    }
    // Every end of the attempt writes the job's emailStatus; only a lost claim leaves it to us.
    const outcome = await attempt(row);
    if (outcome === null) await syncEmailStatus(job.jobId);
    return outcome ?? 'retrying';
  }

  /**
   * A line of `job`'s order settled (delivered, or failed and refunded): once every line
   * has, the order's one mail is queued, about its first line. Exactly once: each caller
   * reads the lines after its own line's move was committed, so of lines settling at the
   * same time on several instances the last reader sees them all settled; two readers
   * may both see it, and the unique `order:<orderId>` key lets one insert its row.
   */
  async function settleOrderLine(job: Job): Promise<MailOutcome | null> {
    if (!job.orderId) return null;
    const lines = await orderLinesOf(strapi, job.orderId);
    const first = lines[0];
    if (!first || !orderSettled(lines)) return null;
    return queue(first, { kind: 'order', orderId: job.orderId });
  }

  return {
    /**
     * Queues a customer e-mail about `job` and tries it at once: `sent`, `retrying` (the
     * provider refused it; the task tries again), `failed`, `cancelled`, or null when the
     * job has no address or the same reminder or failure mail is queued already.
     */
    /**
     * Queues a customer e-mail about `job` and tries it at once: `sent`, `retrying` (the
     * provider refused it; the task tries again), `failed`, `cancelled`, or null when the
     * job has no address or the same reminder, failure or order mail is queued already.
     */
    enqueue: queue,

    /** A cart order's line was delivered or refunded: the order's mail once all are. */
    settleOrderLine,

    /** Whether this reminder or failure mail was queued already (whatever became of it). */
    async queued(jobId: string, mail: CustomerMail): Promise<boolean> {
      const key = dedupeKey(jobId, mail);
      return key !== null && (await mails().count({ where: { dedupeKey: key } })) > 0;
    },

    /** The `send-mails` task: at most `limit` due mails, each claimed before it is sent. */
    async sendDue(limit: number): Promise<number> {
      const due = (await mails().findMany({
        where: { status: 'pending', nextAttemptAt: { $lte: new Date() } },
        orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
        limit,
      })) as MailRow[];
      for (const row of due) await attempt(row);
      return due.length;
    },
  };
}

export type MailOutbox = ReturnType<typeof createMailOutbox>;
