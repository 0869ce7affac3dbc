/**
 * The housekeeping tasks (run on Strapi's cron by fulfilment/maintenance, once per period
 * across all instances). Each handles at most one batch per run and answers how many
 * items it handled.
 */
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { DAY_MS } from '../../../shared/utc-days';
import { CHECKOUT_SESSION_MINUTES } from '../commerce/checkout';
import { stripeClient } from '../commerce/stripe-client';
import type { StripeEventsService } from '../commerce/stripe-events';
import { sendCustomerMail } from '../delivery/mailer';
import { removeStoredFile, storageDir } from '../delivery/storage';
import type { Job, JobsService } from '../jobs/repository';
import { DELIVERABLE } from '../jobs/states';
import { JOB_UID } from '../plugin-id';
import type { SettingsService } from '../settings/settings';
import type { Pipeline } from './pipeline';

const BATCH = 100;

export type TaskName =
  'abandon-unpaid' | 'delete-expired-files' | 'expiry-reminders' | 'purge-emails' | 'retry-refunds';

export interface TaskDeps {
  jobs: JobsService;
  settings: SettingsService;
  stripeEvents: StripeEventsService;
  pipeline: Pipeline;
}

export function createTasks(
  strapi: Core.Strapi,
  { jobs, settings: settingsService, stripeEvents, pipeline }: TaskDeps,
): Record<TaskName, () => Promise<number>> {
  const findJobs = async (where: Record<string, unknown>): Promise<Job[]> =>
    strapi.db.query(JOB_UID).findMany({ where, limit: BATCH, orderBy: { id: 'asc' } });

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
    /** Unpaid jobs past the session lifetime: reconcile with Stripe (a lost webhook), else abandon. */
    async 'abandon-unpaid'() {
      const cutoff = new Date(Date.now() - (CHECKOUT_SESSION_MINUTES + 5) * 60_000);
      const stale = await findJobs({ status: 'awaiting_payment', createdAt: { $lt: cutoff } });
      const { stripeSecretKey } = await settingsService.get();
      for (const job of stale) {
        if (job.stripeCheckoutSessionId && stripeSecretKey) {
          try {
            if (await reconciled(job, stripeSecretKey)) continue;
          } catch (error) {
            const message = (error as Error).message;
            strapi.log.warn(
              `[sell-my-images] could not check session of job ${job.jobId}: ${message}`,
            );
            continue;
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
        const claimed = await jobs.updateWhere(
          { jobId: job.jobId, reminderSentAt: { $null: true } },
          { reminderSentAt: now },
        );
        if (!claimed || !job.email || !job.downloadExpiresAt) continue;
        try {
          const expiresAt = new Date(job.downloadExpiresAt);
          const mail = { kind: 'reminder' as const, expiresAt };
          await sendCustomerMail(strapi, settings, { ...job, email: job.email }, mail);
        } catch (error) {
          const message = (error as Error).message;
          strapi.log.error(`[sell-my-images] reminder for job ${job.jobId} not sent: ${message}`);
        }
      }
      return due.length;
    },

    /** Expired links: the file goes, the record stays. */
    async 'delete-expired-files'() {
      const expired = await findJobs({
        status: 'completed',
        downloadExpiresAt: { $lt: new Date() },
        fileExpiredAt: { $null: true },
        storedFileKey: { $notNull: true },
      });
      const root = storageDir(strapi);
      for (const job of expired) {
        if (job.storedFileKey) await removeStoredFile(path.join(root, job.storedFileKey));
        await jobs.update(job.jobId, { fileExpiredAt: new Date() });
      }
      return expired.length;
    },

    /** Customer e-mail addresses are kept only for the retention period. */
    async 'purge-emails'() {
      const { emailRetentionDays } = await settingsService.get();
      if (!emailRetentionDays) return 0;
      const cutoff = new Date(Date.now() - emailRetentionDays * DAY_MS);
      const { count } = await strapi.db.query(JOB_UID).updateMany({
        where: {
          createdAt: { $lt: cutoff },
          email: { $notNull: true },
          status: { $in: ['completed', 'failed', 'abandoned'] },
        },
        data: { email: null, emailPurgedAt: new Date() },
      });
      return count;
    },
  };
}
