/**
 * The housekeeping tasks (run on Strapi's cron by fulfilment/maintenance, once per period
 * across all instances). Each handles at most one batch per run and answers how many
 * items it handled.
 */
import type { Core } from '@strapi/strapi';
import Stripe from 'stripe';
import { REVOKED_PAYMENT_STATUSES } from '../../../shared/contracts/jobs';
import { DAY_MS } from '../../../shared/utc-days';
import { CHECKOUT_SESSION_MINUTES } from '../commerce/checkout';
import { stripeClient } from '../commerce/stripe-client';
import type { StripeEventsService } from '../commerce/stripe-events';
import type { MailOutbox } from '../delivery/outbox';
import type { FileStorage } from '../delivery/file-storage';
import type { Job, JobsService } from '../jobs/repository';
import { DELIVERABLE } from '../jobs/states';
import { JOB_UID } from '../plugin-id';
import type { SettingsService } from '../settings/settings';
import { workerTimings } from './options';
import { createRetention } from './retention';
import type { Pipeline } from './pipeline';

export type TaskName =
  | 'abandon-unpaid'
  | 'apply-retention'
  | 'delete-expired-files'
  | 'expiry-reminders'
  | 'retry-refunds'
  | 'send-mails';

/** A session Stripe says does not exist (another account, a deleted test key): nothing to wait for. */
const isUnknownSession = (error: unknown) =>
  error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing';

/** When to ask Stripe again about a job it could not answer for: half its age, 5 min to 6 h. */
function recheckIn(job: Job, now: Date): number {
  const age = now.getTime() - new Date(job.createdAt).getTime();
  return Math.min(6 * 3_600_000, Math.max(5 * 60_000, Math.floor(age / 2)));
}

export interface TaskDeps {
  jobs: JobsService;
  settings: SettingsService;
  stripeEvents: StripeEventsService;
  pipeline: Pipeline;
  mailOutbox: MailOutbox;
  storage: FileStorage;
}

export function createTasks(
  strapi: Core.Strapi,
  { jobs, settings: settingsService, stripeEvents, pipeline, mailOutbox, storage }: TaskDeps,
): Record<TaskName, () => Promise<number>> {
  const findJobs = async (where: Record<string, unknown>): Promise<Job[]> =>
    strapi.db
      .query(JOB_UID)
      .findMany({ where, limit: workerTimings(strapi).taskBatchSize, orderBy: { id: 'asc' } });

  /** A session Stripe says is complete is applied (its webhook was lost); an open one is expired. */
  async function reconciled(job: Job, secretKey: string): Promise<boolean> {
    const stripe = stripeClient(secretKey);
    let session = await stripe.checkout.sessions.retrieve(job.stripeCheckoutSessionId ?? '');
    if (session.status === 'open') session = await stripe.checkout.sessions.expire(session.id);
    if (session.status !== 'complete') return false;
    await stripeEvents.reconcile(session);
    return true;
  }

  return {
    /**
     * Unpaid jobs past the session lifetime: reconciled with Stripe (a lost webhook), else
     * abandoned. A job Stripe cannot answer for now waits (longer the older it is) so it
     * does not hold its place at the head of every run; a session Stripe does not know is
     * abandoned.
     */
    async 'abandon-unpaid'() {
      const now = new Date();
      const cutoff = new Date(now.getTime() - (CHECKOUT_SESSION_MINUTES + 5) * 60_000);
      const stale = await findJobs({
        status: 'awaiting_payment',
        createdAt: { $lt: cutoff },
        $or: [{ nextAttemptAt: { $null: true } }, { nextAttemptAt: { $lte: now } }],
      });
      const { stripeSecretKey } = await settingsService.get();
      for (const job of stale) {
        if (job.stripeCheckoutSessionId && stripeSecretKey) {
          try {
            if (await reconciled(job, stripeSecretKey)) continue;
          } catch (error) {
            if (!isUnknownSession(error)) {
              const message = (error as Error).message;
              strapi.log.warn(
                `[sell-my-images] could not check session of job ${job.jobId}: ${message}`,
              );
              await jobs.update(job.jobId, {
                nextAttemptAt: new Date(now.getTime() + recheckIn(job, now)),
              });
              continue;
            }
          }
        }
        await jobs.transition(job, 'abandoned', {
          from: ['awaiting_payment'],
          reason: 'checkout not completed in time',
          actor: 'system',
        });
      }
      return stale.length;
    },

    /** Failed jobs whose refund Stripe did not accept yet. */
    async 'retry-refunds'() {
      const pending = await findJobs({
        status: 'failed',
        paymentStatus: { $in: ['paid', 'partially_refunded'] },
      });
      for (const job of pending) await pipeline.refundAndTell(job, job.errorCode ?? 'failed');
      return pending.length;
    },

    /** One reminder before a link expires, to buyers who have not downloaded yet. */
    async 'expiry-reminders'() {
      const settings = await settingsService.get();
      if (!settings.reminderHoursBefore) return 0;
      const now = new Date();
      const soon = new Date(now.getTime() + settings.reminderHoursBefore * 3_600_000);
      const due = await findJobs({
        status: 'completed',
        reminderSentAt: { $null: true },
        downloadCount: 0,
        email: { $notNull: true },
        downloadExpiresAt: { $gt: now, $lte: soon },
        fileExpiredAt: { $null: true },
        ...DELIVERABLE,
      });
      for (const job of due) {
        if (!job.downloadExpiresAt) continue;
        // Once per link (the outbox refuses a second one); it sets reminderSentAt once sent.
        const mail = { kind: 'reminder' as const, expiresAt: new Date(job.downloadExpiresAt) };
        if (!(await mailOutbox.queued(job.jobId, mail))) await mailOutbox.enqueue(job, mail);
      }
      return due.length;
    },

    /** Customer e-mails refused before, due again (docs/architecture.md "Mail outbox"). */
    async 'send-mails'() {
      return mailOutbox.sendDue(workerTimings(strapi).taskBatchSize);
    },

    /**
     * Files past their keeping (docs/architecture.md "Retention and privacy"): the file
     * goes, the record stays. A paid, deliverable purchase with an address keeps its file
     * until the later of its current link's expiry and `paidAt + redownloadDays` (for "My
     * purchases"); a revoked, unpaid or erased one, or any with `redownloadDays` 0, loses it
     * once its link expired. The cutoff is computed here, so the query is portable.
     */
    async 'delete-expired-files'() {
      const now = new Date();
      const { redownloadDays } = await settingsService.get();
      const expired = await findJobs({
        status: 'completed',
        downloadExpiresAt: { $lt: now },
        fileExpiredAt: { $null: true },
        storedFileKey: { $notNull: true },
        ...(redownloadDays > 0 && {
          $or: [
            { paidAt: { $null: true } },
            { paidAt: { $lt: new Date(now.getTime() - redownloadDays * DAY_MS) } },
            { paymentStatus: { $in: [...REVOKED_PAYMENT_STATUSES] } },
            { fraudWarningAt: { $notNull: true } },
            { email: { $null: true } },
          ],
        }),
      });
      for (const job of expired) {
        // From the folder or the bucket (docs/architecture.md "Storage").
        if (job.storedFileKey) await storage.remove(job.storedFileKey);
        await jobs.update(job.jobId, { fileExpiredAt: new Date() });
      }
      return expired.length;
    },

    /** Rows and personal fields past their retention setting (fulfilment/retention). */
    async 'apply-retention'() {
      const counts = await createRetention(strapi, settingsService).apply();
      return Object.values(counts).reduce((sum, count) => sum + count, 0);
    },
  };
}
