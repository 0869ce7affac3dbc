/**
 * Jobs: the statuses of the job state machine (docs/architecture.md "Job state machine"),
 * the public status answer the frontend polls, and the admin jobs API.
 */
import type { Paged, SortDirection } from './pagination';

export type { SortDirection } from './pagination';

export const JOB_STATUSES = [
  'awaiting_payment',
  'pending',
  'processing',
  'completed',
  'failed',
  'abandoned',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const PAYMENT_STATUSES = [
  'unpaid',
  'paid',
  'refunded',
  'partially_refunded',
  'failed',
  /** A dispute (chargeback or inquiry) is open: delivery is revoked until it is won. */
  'disputed',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * Payment statuses that revoke delivery (docs/architecture.md "Money rules"): the links
 * answer 410 and a job not delivered yet never is. A Radar early fraud warning revokes it
 * too (`fraudWarningAt`).
 */
export const REVOKED_PAYMENT_STATUSES: readonly PaymentStatus[] = ['refunded', 'disputed'];

/**
 * Where the customer e-mails of a job stand (docs/architecture.md "Mail outbox"): its
 * latest mail is queued, being retried after a failure, sent, or failed for good.
 */
export const EMAIL_STATUSES = ['none', 'pending', 'retrying', 'sent', 'failed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/**
 * The customer e-mails: the download link (completion, resend, new link), its reminder, the
 * refund, and a cart order's one e-mail (every line's link or refund, and the ZIP).
 */
export const MAIL_KINDS = ['link', 'reminder', 'failure', 'order'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];
export const MAIL_STATUSES = ['pending', 'sent', 'failed', 'cancelled'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/** `GET /api/sell-my-images/jobs/:jobId`: what the visitor's page polls after Stripe. */
export interface JobStatusAnswer {
  jobId: string;
  status: JobStatus;
  paymentStatus: PaymentStatus;
  resolution: string;
  createdAt: string;
  /** Local upscales: tiles done / total while processing. */
  progress?: { done: number; total: number };
  /**
   * Only to whoever holds the Checkout Session id, once the file is ready, and never when
   * the payment was fully refunded or disputed (delivery revoked).
   */
  downloadUrl?: string;
  expiresAt?: string;
  /** What was bought, for the return dialog (never the original's private fields). */
  file?: { title: string; thumbnailUrl: string | null };
  /** The ordered output: pixels, and once delivered the file's format and size. */
  output?: {
    width: number | null;
    height: number | null;
    /** `jpeg`, `png`, `webp`, once delivered. */
    format?: string;
    bytes?: number;
  };
  /** Downloads the link still allows (null: no limit). Once delivered. */
  downloadsRemaining?: number | null;
  /** The address the link was also e-mailed to, masked (`j•••@example.com`); null: none given. */
  emailMasked?: string | null;
  /** While paid and not delivered: an honest estimate of the seconds still needed. */
  estimateSeconds?: number;
  /** A failed, refunded purchase: what comes back and by when (Stripe: 5–10 business days). */
  refund?: { amount: number; currency: string; formatted: string; expectedBy: string };
  /** A cart line: its order (`GET /orders/:orderId`). */
  orderId?: string;
}

/** Columns the admin jobs list can be sorted by (each `field:asc` or `field:desc`). */
export const JOB_SORT_FIELDS = [
  'createdAt',
  'amount',
  'status',
  'paymentStatus',
  'email',
  'resolution',
] as const;
export type JobSortField = (typeof JOB_SORT_FIELDS)[number];
export type JobSort = `${JobSortField}:${SortDirection}`;
export const JOB_SORTS = JOB_SORT_FIELDS.flatMap(
  (field) => [`${field}:asc`, `${field}:desc`] as const,
) as JobSort[];
export const JOB_PAGE_SIZES = [10, 25, 50, 100] as const;

/** `GET /sell-my-images/jobs` query: filters, search, a creation-date range, sort and page. */
export interface JobListQuery {
  status?: JobStatus;
  paymentStatus?: PaymentStatus;
  /** Where the job's latest customer e-mail stands. */
  emailStatus?: EmailStatus;
  /** Part of the e-mail, the start of the job id, or a Stripe session or payment intent id. */
  q?: string;
  /** ISO datetime, or a date `YYYY-MM-DD` (from the start of that day, UTC). */
  from?: string;
  /** ISO datetime, or a date `YYYY-MM-DD` (to the end of that day, UTC, inclusive). */
  to?: string;
  page: number;
  pageSize: number;
  sort: JobSort;
}

/** The admin actions on one job; the detail answer says which the job's state allows. */
export const JOB_ACTIONS = ['retry', 'resend', 'newLink', 'refund'] as const;
export type JobAction = (typeof JOB_ACTIONS)[number];
export type AllowedActions = Record<JobAction, boolean>;

/** One job as the admin API returns it: the record without its private fields, plus its file. */
export interface AdminJob {
  id: number;
  documentId: string;
  jobId: string;
  status: JobStatus;
  paymentStatus: PaymentStatus;
  email: string | null;
  resolution: string;
  scale: number;
  originalWidth: number | null;
  originalHeight: number | null;
  outputWidth: number | null;
  outputHeight: number | null;
  /** The price the server quoted (the Checkout subtotal), minor units of `currency`. */
  amount: number | null;
  /** What the buyer paid: subtotal − discount (+ tax when exclusive). Null before payment. */
  amountTotal: number | null;
  amountTax: number | null;
  amountDiscount: number | null;
  /** Adaptive pricing: what the buyer saw and paid in their own currency, when it differs. */
  presentmentCurrency: string | null;
  presentmentAmount: number | null;
  /** `exclusive` / `inclusive` when Stripe Tax was on at checkout; null without tax. */
  taxBehavior: string | null;
  amountRefunded: number;
  currency: string | null;
  /** The licence bought (a snapshot: later edits of the tiers do not change a sold licence). */
  licenceId: string | null;
  licenceName: string | null;
  licenceText: string | null;
  licenceMultiplierPercent: number | null;
  /** Which rule priced it (`PriceRule`). */
  priceRule: string | null;
  /** The buyer's language (`en`, `fr`): every customer e-mail is sent in it. */
  locale: string | null;
  stripeInvoiceId: string | null;
  /** Stripe's hosted invoice page (invoice creation on). */
  invoiceUrl: string | null;
  credits: number | null;
  costAmount: number | null;
  fileId: number | null;
  fileDocumentId: string | null;
  fileName: string | null;
  fileUrl: string | null;
  thumbnailUrl: string | null;
  sourceUrl: string | null;
  sourcePage: string | null;
  returnUrl: string | null;
  /** `upsampler`, `sharp` or `local-ai` (the provider chosen when the job was bought). */
  upscaler: string | null;
  upscalerJobId: string | null;
  /** How the image is (being) made, e.g. "ESRGAN slim 4x + Lanczos 2x" (local-ai); null for others. */
  upscalerDetail: string | null;
  stripeCheckoutSessionId: string | null;
  stripePaymentIntentId: string | null;
  stripeRefundId: string | null;
  /** The last dispute opened on the payment (`charge.dispute.created`). */
  stripeDisputeId: string | null;
  /** When Stripe Radar reported an early fraud warning: delivery is revoked. */
  fraudWarningAt: string | null;
  /** Refunds that Stripe reported failed (`refund.failed`); each later attempt is a new refund. */
  refundFailures: number;
  attempts: number;
  nextAttemptAt: string | null;
  leaseExpiresAt: string | null;
  /** 0–100, and work units (local-ai: tiles) done and in total while processing. */
  progress: number | null;
  progressDone: number | null;
  progressTotal: number | null;
  progressUpdatedAt: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  downloadExpiresAt: string | null;
  downloadCount: number;
  lastDownloadAt: string | null;
  storedFileKey: string | null;
  storedFileBytes: number | string | null;
  createdAt: string;
  updatedAt: string;
  paidAt: string | null;
  processingStartedAt: string | null;
  completedAt: string | null;
  failedAt: string | null;
  refundedAt: string | null;
  abandonedAt: string | null;
  /** Where its latest customer e-mail stands (the outbox, docs/architecture.md "Mail outbox"). */
  emailStatus: EmailStatus;
  emailedAt: string | null;
  reminderSentAt: string | null;
  failureEmailSentAt: string | null;
  fileExpiredAt: string | null;
  fileDeletedAt: string | null;
  emailPurgedAt: string | null;
  callbackReceivedAt: string | null;
}

export interface JobTransition {
  id: number;
  fromStatus: string | null;
  toStatus: string;
  paymentStatus: string | null;
  reason: string | null;
  actor: string | null;
  at: string;
}

/** One customer e-mail of a job in the outbox (never its content or address). */
export interface JobMail {
  id: number;
  kind: MailKind;
  status: MailStatus;
  attempts: number;
  /** When it is tried again (pending only). */
  nextAttemptAt: string | null;
  /** The last failure, short and without secrets. */
  lastError: string | null;
  /** The expiry of the link it carries (link and reminder). */
  linkExpiresAt: string | null;
  sentAt: string | null;
  createdAt: string;
}

/** `GET /sell-my-images/jobs` → `data`. */
export type JobListAnswer = Paged<AdminJob>;

/** `GET /sell-my-images/jobs/:jobId` → `data`. */
export interface JobDetailAnswer {
  job: AdminJob;
  timeline: JobTransition[];
  actions: AllowedActions;
  /** Its customer e-mails, newest first. */
  mails: JobMail[];
}

/** `POST /sell-my-images/jobs/:jobId/<action>` → `data`. */
export interface JobActionAnswer extends JobDetailAnswer {
  /** Only on refund: `refunded` or `already_refunded`. */
  outcome?: string;
  /**
   * Only on resend and new link: `sent`, or `retrying` when the mail provider refused it
   * (the outbox tries again with backoff).
   */
  mail?: MailStatus | 'retrying';
}
