/**
 * The job record: one purchase, from checkout to delivery (docs/architecture.md "Job state
 * machine"). A TypeScript module `as const`, so the Job type is derived from it (see row-types).
 */
import { EMAIL_STATUSES, JOB_STATUSES, PAYMENT_STATUSES } from '../../../../shared/contracts/jobs';
import { JOB_INDEXES } from './indexes';
import { SALE_ATTRIBUTES } from './sale-attributes';
import { ORDER_ATTRIBUTES } from './order-attributes';

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
    // What Stripe took, the licence sold, the buyer's language (sale-attributes.ts).
    ...SALE_ATTRIBUTES,
    ...ORDER_ATTRIBUTES,
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
    // Where its latest customer e-mail stands (delivery/outbox), for the jobs list.
    emailStatus: { type: 'enumeration', enum: EMAIL_STATUSES, default: 'none', required: true },
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
  indexes: JOB_INDEXES,
} as const;
