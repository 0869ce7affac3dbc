/**
 * The job state machine (docs/architecture.md "Job state machine"); every other
 * transition is rejected (and logged). The statuses themselves are part of the contract.
 */
import {
  JOB_ACTIONS,
  JOB_STATUSES,
  REVOKED_PAYMENT_STATUSES,
  type AllowedActions,
  type JobAction,
  type JobStatus,
} from '../../../shared/contracts/jobs';
import type { Job } from './repository';

const TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  // → failed: paid, but never to be fulfilled (amount mismatch, refunded or disputed first).
  awaiting_payment: ['pending', 'abandoned', 'failed'],
  pending: ['processing', 'failed'],
  processing: ['completed', 'failed', 'pending'],
  failed: ['pending'],
  completed: ['completed'],
  abandoned: [],
};

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The statuses a job may be in for a move to `to` to be legal. */
export function sourcesOf(to: JobStatus): JobStatus[] {
  return JOB_STATUSES.filter((from) => canTransition(from, to));
}

/**
 * Whether delivery is revoked (docs/architecture.md "Money rules"): the payment was fully
 * refunded or is disputed (or lost a dispute), or Stripe Radar sent an early fraud warning.
 * Links then answer 410 and a job not delivered yet never is.
 */
export function deliveryRevoked(job: Pick<Job, 'paymentStatus' | 'fraudWarningAt'>): boolean {
  return REVOKED_PAYMENT_STATUSES.includes(job.paymentStatus) || Boolean(job.fraudWarningAt);
}

/** The same rule as a query condition: the jobs whose delivery stands. */
export const DELIVERABLE: Record<string, unknown> = {
  paymentStatus: { $notIn: [...REVOKED_PAYMENT_STATUSES] },
  fraudWarningAt: { $null: true },
};

/** Why a job whose delivery was revoked before it was delivered fails: its error code and message. */
export function revocationOf(job: Pick<Job, 'paymentStatus'>): { code: string; message: string } {
  if (job.paymentStatus === 'disputed')
    return {
      code: 'disputed_before_delivery',
      message: 'The payment was disputed before the image was delivered',
    };
  if (job.paymentStatus === 'refunded')
    return {
      code: 'refunded_before_delivery',
      message: 'The payment was refunded before the image was delivered',
    };
  return {
    code: 'fraud_warning_before_delivery',
    message: 'Stripe Radar warned of fraud before the image was delivered',
  };
}

const REVOKED_MESSAGE =
  'The payment was refunded, disputed or flagged as fraud: delivery is revoked';

/**
 * Why `action` is not possible on `job` now (the 409 message), or null when it is.
 * The single source of the rules: the action handlers throw with it and the detail
 * view's `actions` booleans come from it, so the panel never duplicates them.
 */
export function actionBlocker(job: Job, action: JobAction, now = Date.now()): string | null {
  switch (action) {
    case 'retry':
      if (job.paymentStatus === 'refunded') return 'This job was refunded; it cannot be retried';
      if (deliveryRevoked(job)) return REVOKED_MESSAGE;
      if (job.status !== 'failed' && job.status !== 'processing') {
        return `A ${job.status} job cannot be retried`;
      }
      // `processing` too: a job stuck there (lost webhook, crashed worker) can be pushed
      // back, but not while an instance holds its lease (it is working on it right now).
      if (job.leaseExpiresAt && new Date(job.leaseExpiresAt).getTime() > now) {
        return 'The job is being processed right now; it can be retried once its lease runs out';
      }
      return null;
    case 'resend':
      if (deliveryRevoked(job)) return REVOKED_MESSAGE;
      if (job.status !== 'completed' || !job.downloadExpiresAt)
        return 'Only completed jobs have a link to send';
      if (new Date(job.downloadExpiresAt).getTime() < now || job.fileExpiredAt)
        return 'The link has expired; issue a new link instead';
      return job.email ? null : 'This job has no customer e-mail address';
    case 'newLink':
      if (deliveryRevoked(job)) return REVOKED_MESSAGE;
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
