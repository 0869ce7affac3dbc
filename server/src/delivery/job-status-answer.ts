/**
 * The public status of one job (`GET /jobs/:jobId`, and each line of `GET /orders/:orderId`):
 * what the buyer's page shows after Stripe (docs/architecture.md "Security model"). Without
 * the Checkout Session id it says only where the job stands; with it, also what was bought
 * (title, thumbnail, pixels, format and size), the link and its limits, the masked address
 * it was mailed to, an estimate while it is made, and a failed job's refund. Never the
 * job's other fields (the full e-mail, Stripe ids, the stored key, errors).
 */
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { LRUCache } from 'lru-cache';
import type { JobStatusAnswer } from '../../../shared/contracts/jobs';
import { emailLanguageOf } from '../../../shared/contracts/email-templates';
import { formatMoney } from '../../../shared/currency';
import { emailLocale } from '../../../shared/email-rendering';
import type { Job } from '../jobs/repository';
import { deliveryRevoked } from '../jobs/states';
import { absoluteFileUrl, FILE_UID, thumbnailUrlOf, type UploadFile } from '../media/files';
import { sameSecret } from '../settings/secret-box';
import type { SettingsService } from '../settings/settings';
import { publicUrl } from '../settings/urls';
import { downloadUrl } from './download-tokens';
import type { JobEstimates } from './job-estimates';

/** Stripe: a refund reaches the card in 5–10 business days; the page says "by" the 10th day. */
export const REFUND_DAYS = 10;

type FileCard = NonNullable<JobStatusAnswer['file']>;
type FileRow = Pick<UploadFile, 'name' | 'url' | 'formats'> & {
  alternativeText: string | null;
  caption: string | null;
};

export interface JobStatusDeps {
  strapi: Core.Strapi;
  settings: SettingsService;
  estimates: JobEstimates;
  /** Recently read file cards by file id (the page polls every few seconds). */
  files?: LRUCache<number, FileCard>;
}

/** `jane@example.com` → `j•••@example.com`; null without an address. */
export function maskEmail(email: string | null | undefined): string | null {
  const at = email ? email.lastIndexOf('@') : -1;
  if (!email || at < 1) return null;
  return `${email[0]}•••${email.slice(at)}`;
}

/** The delivered file's format, from its stored key's extension (`jpg` → `jpeg`). */
export function formatOfKey(key: string): string | undefined {
  const ext = path.extname(key).slice(1).toLowerCase();
  if (!ext) return undefined;
  return ext === 'jpg' ? 'jpeg' : ext;
}

/** Alternative text, else caption, else the file name (the job's copy when the file is gone). */
export function titleOf(file: Partial<FileRow> | null, fallback: string | null): string {
  for (const value of [file?.alternativeText, file?.caption, file?.name, fallback]) {
    if (typeof value === 'string' && value.trim() !== '') return value.trim().slice(0, 200);
  }
  return 'image';
}

/** A failed job whose payment came back: how much, in the buyer's language, and by when. */
export function refundOf(job: Job): JobStatusAnswer['refund'] {
  const refunded = job.amountRefunded ?? 0;
  const paymentBack =
    job.paymentStatus === 'refunded' || job.paymentStatus === 'partially_refunded';
  if (job.status !== 'failed' || !paymentBack || refunded <= 0 || !job.currency) return undefined;
  // Adaptive Pricing: a full refund reaches the buyer in the currency they paid in.
  const paid = job.amountTotal ?? job.amount ?? 0;
  const presentment =
    job.presentmentCurrency && job.presentmentAmount && refunded >= paid
      ? { amount: job.presentmentAmount, currency: job.presentmentCurrency }
      : null;
  const { amount, currency } = presentment ?? { amount: refunded, currency: job.currency };
  const at = new Date(job.refundedAt ?? job.failedAt ?? job.updatedAt);
  return {
    amount,
    currency,
    formatted: formatMoney(amount, currency, emailLocale(emailLanguageOf(job.locale))),
    expectedBy: new Date(at.getTime() + REFUND_DAYS * 86_400_000).toISOString(),
  };
}

async function fileCard(deps: JobStatusDeps, job: Job): Promise<FileCard> {
  const cached = job.fileId !== null ? deps.files?.get(job.fileId) : undefined;
  if (cached) return cached;
  const row =
    job.fileId === null
      ? null
      : ((await deps.strapi.db.query(FILE_UID).findOne({
          where: { id: job.fileId },
          select: ['name', 'alternativeText', 'caption', 'url', 'formats'],
        })) as FileRow | null);
  const card = {
    title: titleOf(row, job.fileName),
    thumbnailUrl: row
      ? absoluteFileUrl({ url: thumbnailUrlOf(row) }, publicUrl(deps.strapi))
      : null,
  };
  if (job.fileId !== null) deps.files?.set(job.fileId, card);
  return card;
}

/** A cache for `JobStatusDeps.files`: a file's title and thumbnail, kept a minute. */
export const fileCardCache = () => new LRUCache<number, FileCard>({ max: 500, ttl: 60_000 });

/** Whether `session` is the Checkout Session id of the job (constant-time compare). */
export const holdsSession = (job: Job, session: string): boolean =>
  session !== '' &&
  job.stripeCheckoutSessionId !== null &&
  sameSecret(session, job.stripeCheckoutSessionId);

/** The status answer of one job, for whoever asks with `session` (empty: nobody). */
export async function jobStatusAnswer(
  job: Job,
  session: string,
  deps: JobStatusDeps,
): Promise<JobStatusAnswer> {
  const answer: JobStatusAnswer = {
    jobId: job.jobId,
    status: job.status,
    paymentStatus: job.paymentStatus,
    resolution: job.resolution,
    createdAt: job.createdAt,
  };
  // Local upscales report tiles done / total while they run.
  const total = job.progressTotal ?? 0;
  if (job.status === 'processing' && total > 0) {
    answer.progress = { done: Math.min(total, job.progressDone ?? 0), total };
  }
  if (!holdsSession(job, session)) return answer;

  if (job.orderId) answer.orderId = job.orderId;
  answer.file = await fileCard(deps, job);
  answer.output = { width: job.outputWidth, height: job.outputHeight };
  answer.emailMasked = maskEmail(job.email);
  const delivered = job.status === 'completed' && job.storedFileKey !== null;
  if (delivered && job.storedFileKey) {
    const format = formatOfKey(job.storedFileKey);
    if (format) answer.output.format = format;
    const bytes = Number(job.storedFileBytes);
    if (job.storedFileBytes !== null && Number.isFinite(bytes)) answer.output.bytes = bytes;
  }

  // A fully refunded or disputed payment (or a fraud warning) revokes the link.
  const expiresAt = job.downloadExpiresAt ? new Date(job.downloadExpiresAt) : null;
  const linkLives = delivered && !deliveryRevoked(job) && !job.fileExpiredAt && expiresAt !== null;
  if (linkLives && expiresAt.getTime() > Date.now()) {
    const { maxDownloads } = await deps.settings.get();
    answer.downloadUrl = downloadUrl(deps.strapi, job, expiresAt);
    answer.expiresAt = expiresAt.toISOString();
    answer.downloadsRemaining =
      maxDownloads === null ? null : Math.max(0, maxDownloads - job.downloadCount);
  }

  const estimate = await deps.estimates.remainingSeconds(job);
  if (estimate !== null) answer.estimateSeconds = estimate;
  const refund = refundOf(job);
  if (refund) answer.refund = refund;
  return answer;
}
