import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../plugin-id';
import type { SettingsService } from '../settings/settings';
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

/**
 * What listeners and webhook consumers get: the job without private fields, and without
 * the buyer's e-mail unless the owner turned `includeEmailInEvents` on (README "Privacy
 * and retention"): a webhook receiver is another system the address would be copied to.
 */
function publicJobPayload(job: JobEventSource, includeEmail: boolean) {
  const { email, ...payload } = {
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
  return includeEmail ? { ...payload, email } : payload;
}

/** Each instance's last emission: events leave in the order they were raised. */
const lastEmission = new WeakMap<Core.Strapi, Promise<void>>();

/** Emits a job event once the setting is read (cached by the settings service), after earlier ones. */
export function emitJobEvent(strapi: Core.Strapi, name: JobEventName, job: JobEventSource): void {
  const settings = () => strapi.plugin(PLUGIN_ID).service('settings') as SettingsService;
  const previous = lastEmission.get(strapi) ?? Promise.resolve();
  const emission = previous
    .then(() => settings().get())
    .then(({ includeEmailInEvents }) =>
      strapi.eventHub.emit(JOB_EVENTS[name], { job: publicJobPayload(job, includeEmailInEvents) }),
    )
    .catch((error: unknown) => {
      const message = (error as Error).message;
      strapi.log.error(`[sell-my-images] job event ${name} not emitted: ${message}`);
    });
  lastEmission.set(strapi, emission);
}
