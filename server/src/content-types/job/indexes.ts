/** The job table's indexes (kept beside its schema, content-types/job/schema). */
export const JOB_INDEXES = [
  {
    name: 'smi_jobs_job_id_uq',
    columns: ['job_id'],
    type: 'unique',
  },
  {
    name: 'smi_jobs_queue_idx',
    columns: ['status', 'next_attempt_at'],
  },
  {
    name: 'smi_jobs_session_idx',
    columns: ['stripe_checkout_session_id'],
  },
  {
    name: 'smi_jobs_payment_intent_idx',
    columns: ['stripe_payment_intent_id'],
  },
  {
    name: 'smi_jobs_token_idx',
    columns: ['download_token_hash'],
  },
  {
    name: 'smi_jobs_sales_idx',
    columns: ['payment_status', 'currency', 'paid_at'],
  },
  {
    name: 'smi_jobs_created_idx',
    columns: ['created_at'],
  },
  {
    name: 'smi_jobs_reuse_idx',
    columns: ['file_id', 'resolution', 'email', 'status'],
  },
  {
    name: 'smi_jobs_order_idx',
    columns: ['order_id'],
  },
  {
    // "My purchases": a buyer's sales by e-mail, newest first.
    name: 'smi_jobs_email_paid_idx',
    columns: ['email', 'paid_at'],
  },
  {
    // delete-expired-files: stored files whose link expired (docs/architecture.md "Retention and privacy").
    name: 'smi_jobs_file_expiry_idx',
    columns: ['file_expired_at', 'download_expires_at'],
  },
  {
    name: 'smi_jobs_email_status_idx',
    columns: ['email_status'],
  },
] as const;
