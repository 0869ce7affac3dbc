/**
 * Shapes of the admin job API (server/src/services/job-admin.ts). The status lists
 * mirror server/src/services/job-states.ts: the panel cannot import server code.
 */
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
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const SORT_FIELDS = [
  'createdAt',
  'amount',
  'status',
  'paymentStatus',
  'email',
  'resolution',
] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export type SortDirection = 'asc' | 'desc';

export const PAGE_SIZES = [10, 25, 50, 100] as const;

export const JOB_ACTIONS = ['retry', 'resend', 'newLink', 'refund'] as const;
export type JobAction = (typeof JOB_ACTIONS)[number];

/** One job as the admin API returns it (private fields already removed by the server). */
export interface AdminJob {
  jobId: string;
  status: JobStatus;
  paymentStatus: PaymentStatus;
  email: string | null;
  resolution: string;
  scale: number | null;
  amount: number | null;
  amountRefunded: number | null;
  currency: string | null;
  fileId: number | null;
  fileDocumentId: string | null;
  fileName: string | null;
  fileUrl: string | null;
  thumbnailUrl: string | null;
  createdAt: string;
  /** How the image is (being) made, e.g. "ESRGAN slim 4x + Lanczos 2x" (local-ai); null for others. */
  upscalerDetail?: string | null;
  /** Work units (local-ai: tiles) done and in total while processing; null when not reported. */
  progressDone?: number | null;
  progressTotal?: number | null;
  /** 0–100. */
  progress?: number | null;
  /** When the progress was last reported (ISO). */
  progressUpdatedAt?: string | null;
  [field: string]: unknown;
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

export interface JobListAnswer {
  results: AdminJob[];
  pagination: { page: number; pageSize: number; total: number; pageCount: number };
}

export interface JobDetailAnswer {
  job: AdminJob;
  timeline: JobTransition[];
  actions: Record<JobAction, boolean>;
}

export interface JobActionAnswer extends JobDetailAnswer {
  /** Only on refund: `refunded` or `already_refunded`. */
  outcome?: string;
}
