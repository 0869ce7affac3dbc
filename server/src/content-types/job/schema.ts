/**
 * The job record: one purchase, from checkout to delivery (docs/architecture.md "Job state
 * machine"). A TypeScript module `as const`, so the Job type is derived from it (see row-types).
 */
import { JOB_STATUSES, PAYMENT_STATUSES } from '../../../../shared/contracts/jobs';

export default {
  kind: 'collectionType',
  collectionName: 'smi_jobs',
  info: {
    singularName: 'job',
    pluralName: 'jobs',
    displayName: 'Sale job',
    description: 'One purchase of an upscaled image: payment, upscaling and delivery state.',
  },
  options: {
    draftAndPublish: false,
  },
  pluginOptions: {
    'content-manager': {
      visible: false,
    },
    'content-type-builder': {
      visible: false,
    },
  },
  attributes: {
    jobId: {
      type: 'string',
      required: true,
      unique: true,
      maxLength: 36,
    },
    fileId: {
      type: 'integer',
    },
    fileDocumentId: {
      type: 'string',
      maxLength: 64,
    },
    fileName: {
      type: 'string',
      maxLength: 255,
    },
    sourceUrl: {
      type: 'text',
    },
    sourcePage: {
      type: 'text',
    },
    returnUrl: {
      type: 'text',
    },
    resolution: {
      type: 'string',
      required: true,
      maxLength: 8,
    },
    scale: {
      type: 'integer',
      required: true,
      min: 1,
    },
    originalWidth: {
      type: 'integer',
    },
    originalHeight: {
      type: 'integer',
    },
    outputWidth: {
      type: 'integer',
    },
    outputHeight: {
      type: 'integer',
    },
    email: {
      type: 'string',
      maxLength: 254,
    },
    status: {
      type: 'enumeration',
      enum: JOB_STATUSES,
      default: 'awaiting_payment',
      required: true,
    },
    paymentStatus: {
      type: 'enumeration',
      enum: PAYMENT_STATUSES,
      default: 'unpaid',
      required: true,
    },
    stripeCheckoutSessionId: {
      type: 'string',
      maxLength: 255,
    },
    stripePaymentIntentId: {
      type: 'string',
      maxLength: 255,
    },
    stripeRefundId: {
      type: 'string',
      maxLength: 255,
    },
    refundFailures: {
      type: 'integer',
      min: 0,
      default: 0,
    },
    stripeDisputeId: {
      type: 'string',
      maxLength: 255,
    },
    fraudWarningAt: {
      type: 'datetime',
    },
    amount: {
      type: 'integer',
      min: 0,
    },
    amountRefunded: {
      type: 'integer',
      min: 0,
      default: 0,
    },
    currency: {
      type: 'string',
      maxLength: 3,
    },
    credits: {
      type: 'integer',
      min: 0,
    },
    costAmount: {
      type: 'integer',
      min: 0,
    },
    upscaler: {
      type: 'string',
      maxLength: 32,
    },
    upscalerJobId: {
      type: 'string',
      maxLength: 255,
    },
    attempts: {
      type: 'integer',
      min: 0,
      default: 0,
    },
    nextAttemptAt: {
      type: 'datetime',
    },
    leaseOwner: {
      type: 'string',
      maxLength: 128,
    },
    leaseExpiresAt: {
      type: 'datetime',
    },
    progress: {
      type: 'integer',
      min: 0,
      max: 100,
    },
    progressDone: {
      type: 'integer',
      min: 0,
    },
    progressTotal: {
      type: 'integer',
      min: 0,
    },
    progressUpdatedAt: {
      type: 'datetime',
    },
    upscalerDetail: {
      type: 'string',
      maxLength: 128,
    },
    errorCode: {
      type: 'string',
      maxLength: 64,
    },
    errorMessage: {
      type: 'text',
    },
    downloadTokenHash: {
      type: 'string',
      maxLength: 64,
    },
    downloadExpiresAt: {
      type: 'datetime',
    },
    downloadCount: {
      type: 'integer',
      min: 0,
      default: 0,
    },
    // Bytes served in ranges (and by failed transfers) not yet counted as a download, and
    // the byte intervals they covered, `0-99,200-299` (delivery/download-ledger).
    downloadPartialBytes: {
      type: 'biginteger',
      default: 0,
    },
    downloadCoverage: {
      type: 'text',
    },
    lastDownloadAt: {
      type: 'datetime',
    },
    storedFileKey: {
      type: 'string',
      maxLength: 512,
    },
    storedFileBytes: {
      type: 'biginteger',
    },
    paidAt: {
      type: 'datetime',
    },
    processingStartedAt: {
      type: 'datetime',
    },
    completedAt: {
      type: 'datetime',
    },
    failedAt: {
      type: 'datetime',
    },
    refundedAt: {
      type: 'datetime',
    },
    abandonedAt: {
      type: 'datetime',
    },
    fileDeletedAt: {
      type: 'datetime',
    },
    ipHash: {
      type: 'string',
      maxLength: 64,
      private: true,
    },
    emailedAt: {
      type: 'datetime',
    },
    reminderSentAt: {
      type: 'datetime',
    },
    failureEmailSentAt: {
      type: 'datetime',
    },
    fileExpiredAt: {
      type: 'datetime',
    },
    emailPurgedAt: {
      type: 'datetime',
    },
    callbackReceivedAt: {
      type: 'datetime',
    },
  },
  indexes: [
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
  ],
} as const;
