import type { Core } from '@strapi/strapi';
import type { Job } from './repository';

/** Events on strapi.eventHub, also offered as Strapi webhook events (Settings → Webhooks). */
export const JOB_EVENTS = {
  created: 'sell-my-images.job.created',
  paid: 'sell-my-images.job.paid',
  completed: 'sell-my-images.job.completed',
  failed: 'sell-my-images.job.failed',
  refunded: 'sell-my-images.job.refunded',
  /** Stripe's amount or currency differed from the job's: failed and refunded, for the admin to look at. */
  amount_mismatch: 'sell-my-images.job.amount_mismatch',
  /** A dispute was opened on the payment: delivery is revoked. */
  disputed: 'sell-my-images.job.disputed',
} as const;

type JobEventName = keyof typeof JOB_EVENTS;

export function registerWebhookEvents(strapi: Core.Strapi): void {
  const store = strapi.get('webhookStore') as
    { addAllowedEvent?: (key: string, value: string) => void } | undefined;
  for (const [key, event] of Object.entries(JOB_EVENTS)) {
    store?.addAllowedEvent?.(`SMI_JOB_${key.toUpperCase()}`, event);
  }
}

/** The fields of a job an event carries. */
type JobEventSource = Pick<
  Job,
  | 'jobId'
  | 'status'
  | 'paymentStatus'
  | 'fileId'
  | 'resolution'
  | 'amount'
  | 'amountRefunded'
  | 'currency'
  | 'email'
  | 'createdAt'
>;

/** What listeners and webhook consumers get: the job without private fields. */
function publicJobPayload(job: JobEventSource) {
  return {
    jobId: job.jobId,
    status: job.status,
    paymentStatus: job.paymentStatus,
    fileId: job.fileId,
    resolution: job.resolution,
    amount: job.amount,
    amountRefunded: job.amountRefunded,
    currency: job.currency,
    email: job.email,
    createdAt: job.createdAt,
  };
}

export function emitJobEvent(strapi: Core.Strapi, name: JobEventName, job: JobEventSource): void {
  void strapi.eventHub.emit(JOB_EVENTS[name], { job: publicJobPayload(job) });
}
