/** The job status machine of DESIGN.md; every other transition is rejected (and logged). */
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

export const TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  awaiting_payment: ['pending', 'abandoned'],
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
