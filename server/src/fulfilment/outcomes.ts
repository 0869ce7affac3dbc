/**
 * How a step of a job ends when it does not deliver: retried later with backoff (a
 * transient error), or failed for good, refunded exactly once and the buyer told.
 */
import type { Core } from '@strapi/strapi';
import type { Refunds } from '../commerce/refunds';
import { sendCustomerMail } from '../delivery/mailer';
import { emitJobEvent } from '../jobs/events';
import type { Job, JobPatch, JobsService } from '../jobs/repository';
import type { SettingsService } from '../settings/settings';
import { retryDelay, workerTimings } from './options';

/** The lease is given back with every write that ends a step. */
export const RELEASE: JobPatch = { leaseOwner: null, leaseExpiresAt: null };

export function createOutcomes(
  strapi: Core.Strapi,
  { jobs, settings, refunds }: { jobs: JobsService; settings: SettingsService; refunds: Refunds },
) {
  /** Refunds a failed job once and tells the customer; a refund Stripe refuses now is retried by the cron. */
  async function refundAndTell(job: Job, reason: string): Promise<void> {
    const outcome = await refunds.refund(job, reason, 'worker');
    if (outcome !== 'refunded' && outcome !== 'already_refunded') return;
    if (!job.email || job.failureEmailSentAt) return;
    const claimed = await jobs.updateWhere(
      { jobId: job.jobId, failureEmailSentAt: { $null: true } },
      { failureEmailSentAt: new Date() },
    );
    if (!claimed) return;
    try {
      const buyer = { ...job, email: job.email };
      await sendCustomerMail(strapi, await settings.get(), buyer, { kind: 'failure' });
    } catch (error) {
      await jobs.update(job.jobId, { failureEmailSentAt: null });
      strapi.log.error(
        `[sell-my-images] failure e-mail for job ${job.jobId} not sent: ${(error as Error).message}`,
      );
    }
  }

  async function failForGood(job: Job, code: string, message: string): Promise<void> {
    const moved = await jobs.transition(job, 'failed', {
      reason: code,
      actor: 'worker',
      data: { ...RELEASE, errorCode: code, errorMessage: message.slice(0, 1000) },
    });
    if (!moved) return;
    strapi.log.warn(`[sell-my-images] job ${job.jobId} failed for good (${code}): ${message}`);
    emitJobEvent(strapi, 'failed', { ...job, status: 'failed' });
    await refundAndTell({ ...job, status: 'failed' }, code);
  }

  /** Another attempt after a backoff, or a failure for good once the attempts are used up. */
  async function retryLater(
    job: Job,
    code: string,
    message: string,
    retryAfterMs?: number,
  ): Promise<void> {
    const { maxAttempts, retryBaseMs } = workerTimings(strapi);
    const attempts = job.attempts ?? 0;
    if (attempts >= maxAttempts) {
      return failForGood(job, code, `${message} (after ${attempts} attempts)`);
    }
    const wait = Math.max(retryAfterMs ?? 0, retryDelay(attempts, retryBaseMs));
    const data: JobPatch = {
      ...RELEASE,
      errorCode: code,
      errorMessage: message.slice(0, 1000),
      nextAttemptAt: new Date(Date.now() + wait),
      upscalerJobId: null,
    };
    if (job.status === 'processing') {
      await jobs.transition(job, 'pending', { reason: `retry: ${code}`, actor: 'worker', data });
    } else {
      await jobs.update(job.jobId, data);
    }
  }

  return { refundAndTell, failForGood, retryLater };
}

export type Outcomes = ReturnType<typeof createOutcomes>;
