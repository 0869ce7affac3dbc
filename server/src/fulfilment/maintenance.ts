import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { JOB_UID, PLUGIN_ID } from '../plugin-id';
import type { Job, JobsService } from '../services/jobs';
import type { SettingsService } from '../services/settings';
import type { StripeEventsService } from '../services/stripe-events';
import { stripeClient } from '../services/stripe-client';
import { downloadToken } from '../services/download-tokens';
import { publicUrl } from '../services/urls';
import { CHECKOUT_SESSION_MINUTES } from '../services/checkout';
import { reminderMail } from './emails';
import { mailContext, sendMail } from './mailer';
import { removeStoredFile } from './storage';
import { storageDir } from './options';
import type { Pipeline } from './pipeline';

const LEASE_UID = `plugin::${PLUGIN_ID}.task-lease` as const;
const BATCH = 100;

export type TaskName =
  'abandon-unpaid' | 'delete-expired-files' | 'expiry-reminders' | 'purge-emails' | 'retry-refunds';

/** Each task's period (also its cron rule); a task runs once per period across all instances. */
export const TASKS: Record<TaskName, { rule: string; periodMs: number }> = {
  'abandon-unpaid': { rule: '0 */5 * * * *', periodMs: 5 * 60_000 },
  'retry-refunds': { rule: '30 */5 * * * *', periodMs: 5 * 60_000 },
  'expiry-reminders': { rule: '0 */15 * * * *', periodMs: 15 * 60_000 },
  'delete-expired-files': { rule: '0 7 * * * *', periodMs: 60 * 60_000 },
  'purge-emails': { rule: '0 17 3 * * *', periodMs: 24 * 60 * 60_000 },
};

/**
 * The periodic housekeeping. Every task first takes its lease row with one conditional
 * UPDATE, so when several instances fire the same cron tick only one does the work.
 */
export function createMaintenance(
  strapi: Core.Strapi,
  deps: {
    jobs: JobsService;
    settings: SettingsService;
    stripeEvents: StripeEventsService;
    pipeline: Pipeline;
    owner: string;
  },
) {
  const { jobs, settings: settingsService, pipeline } = deps;
  const leases = () => strapi.db.query(LEASE_UID);
  const findJobs = (where: Record<string, unknown>) =>
    strapi.db.query(JOB_UID).findMany({ where, limit: BATCH, orderBy: { id: 'asc' } }) as Promise<
      Job[]
    >;

  async function takeLease(task: TaskName, periodMs: number): Promise<boolean> {
    const now = new Date();
    try {
      await leases().createMany({ data: [{ task, runs: 0 }] });
    } catch {
      // the row exists already
    }
    const current = (await leases().findOne({ where: { task } })) as { runs?: number } | null;
    const { count } = await leases().updateMany({
      where: { task, $or: [{ expiresAt: { $null: true } }, { expiresAt: { $lte: now } }] },
      // A little under the period, so the next tick of any instance can take it again.
      data: {
        owner: deps.owner,
        expiresAt: new Date(now.getTime() + periodMs * 0.9),
        lastRunAt: now,
        runs: Number(current?.runs ?? 0) + 1,
      },
    });
    return count === 1;
  }

  const tasks: Record<TaskName, () => Promise<number>> = {
    /** Unpaid jobs past the session lifetime: reconcile with Stripe (a lost webhook), else abandon. */
    async 'abandon-unpaid'() {
      const cutoff = new Date(Date.now() - (CHECKOUT_SESSION_MINUTES + 5) * 60_000);
      const stale = await findJobs({ status: 'awaiting_payment', createdAt: { $lt: cutoff } });
      const { stripeSecretKey } = await settingsService.get();
      for (const job of stale) {
        if (job.stripeCheckoutSessionId && stripeSecretKey) {
          try {
            const stripe = stripeClient(stripeSecretKey);
            let session = await stripe.checkout.sessions.retrieve(job.stripeCheckoutSessionId);
            if (session.status === 'open')
              session = await stripe.checkout.sessions.expire(session.id);
            if (session.status === 'complete') {
              await deps.stripeEvents.reconcile(session);
              continue;
            }
          } catch (error) {
            strapi.log.warn(
              `[sell-my-images] could not check session of job ${job.jobId}: ${(error as Error).message}`,
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
      });
      for (const job of due) {
        if (
          !(await jobs.updateWhere({ jobId: job.jobId, reminderSentAt: { $null: true } }, {
            reminderSentAt: now.toISOString(),
          } as Partial<Job>))
        )
          continue;
        const expiresAt = new Date(job.downloadExpiresAt as string);
        const url = `${publicUrl(strapi)}/api/sell-my-images/downloads/${downloadToken(strapi, job.jobId, expiresAt)}`;
        try {
          await sendMail(
            strapi,
            settings,
            job.email as string,
            reminderMail(
              mailContext(settings),
              { fileName: job.fileName ?? 'your image', resolution: job.resolution },
              { url, expiresAt },
            ),
          );
        } catch (error) {
          strapi.log.error(
            `[sell-my-images] reminder for job ${job.jobId} not sent: ${(error as Error).message}`,
          );
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
        await removeStoredFile(path.join(root, job.storedFileKey as string));
        await jobs.update(job.jobId, { fileExpiredAt: new Date().toISOString() } as Partial<Job>);
      }
      return expired.length;
    },

    /** Customer e-mail addresses are kept only for the retention period. */
    async 'purge-emails'() {
      const { emailRetentionDays } = await settingsService.get();
      if (!emailRetentionDays) return 0;
      const cutoff = new Date(Date.now() - emailRetentionDays * 86_400_000);
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

  return {
    /** Runs one task if this instance wins its lease for the period; answers how many items it handled, or null. */
    async run(task: TaskName, { force = false } = {}): Promise<number | null> {
      if (!force && !(await takeLease(task, TASKS[task].periodMs))) return null;
      try {
        return await tasks[task]();
      } catch (error) {
        strapi.log.error(`[sell-my-images] task ${task} failed: ${(error as Error).message}`);
        return null;
      }
    },

    /** Registers every task with Strapi's cron. */
    schedule(): void {
      const jobsConfig = Object.fromEntries(
        (Object.keys(TASKS) as TaskName[]).map((task) => [
          `sell-my-images:${task}`,
          { task: () => this.run(task), options: { rule: TASKS[task].rule } },
        ]),
      );
      strapi.cron.add(jobsConfig);
    },
  };
}

export type Maintenance = ReturnType<typeof createMaintenance>;
