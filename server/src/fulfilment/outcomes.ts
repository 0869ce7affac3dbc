/**
 * How a step of a job ends when it does not deliver: retried later with backoff (a
 * transient error), or failed for good, refunded exactly once and the buyer told.
 */
import type { Core } from '@strapi/strapi';
import type { Refunds } from '../commerce/refunds';
import type { MailOutbox } from '../delivery/outbox';
import { emitJobEvent } from '../jobs/events';
import type { Job, JobPatch, JobsService } from '../jobs/repository';
import { retryDelay, workerTimings } from './options';

/** The lease is given back with every write that ends a step. */
export const RELEASE: JobPatch = { leaseOwner: null, leaseExpiresAt: null };

export function createOutcomes(
  strapi: Core.Strapi,
  deps: { jobs: JobsService; refunds: Refunds; mailOutbox: MailOutbox },
) {
  const { jobs, refunds, mailOutbox } = deps;
  /** Refunds a failed job once and tells the customer; a refund Stripe refuses now is retried by the cron. */
  async function refundAndTell(job: Job, reason: string): Promise<void> {
    const outcome = await refunds.refund(job, reason, 'worker');
    if (outcome !== 'refunded' && outcome !== 'already_refunded') return;
    if (!job.email || job.failureEmailSentAt) return;
    // Once per job (the outbox refuses a second one), retried with backoff when refused.
    await mailOutbox.enqueue(job, { kind: 'failure' });
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
