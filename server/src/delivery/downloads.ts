/**
 * Delivery of a finished file through its download link (docs/architecture.md
 * "Downloads"): which job a token opens, whether the link still works (expiry, maximum
 * downloads, file still stored), the byte range asked for, and the count of completed
 * downloads. The controller only turns this into HTTP.
 */
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import parseRange from 'range-parser';
import type { JobStatusAnswer } from '../../../shared/contracts/jobs';
import { PLUGIN_ID } from '../plugin-id';
import type { PluginConfig } from '../config';
import type { Job, JobsService } from '../jobs/repository';
import { deliveryRevoked } from '../jobs/states';
import type { SettingsService } from '../settings/settings';
import { errors, httpError } from '../utils/errors';
import type { Metrics } from '../utils/metrics';
import type { LocalAiService } from '../upscalers/local-ai/service';
import { hashToken, isTokenShaped } from './download-tokens';
import { createDownloadLedger, type Reservation, type Transfer } from './download-ledger';
import type { FileStorage, StoredFileStream } from './file-storage';
import { createJobEstimates } from './job-estimates';
import { fileCardCache, jobStatusAnswer, type JobStatusDeps } from './job-status-answer';

export const DOWNLOAD_UID = `plugin::${PLUGIN_ID}.download` as const;

/** What a valid link serves. */
export interface Download {
  jobId: string;
  /** The SHA-256 of the link's token: the download count belongs to this link. */
  tokenHash: string;
  /** The file's key in the storage (its path under the folder, `/`-separated). */
  storedKey: string;
  size: number;
  etag: string;
  /** `<original name>-<resolution>.<ext>`, safe for a Content-Disposition header. */
  fileName: string;
}

type ByteRange = Omit<Transfer, 'full'>;

function downloadName(job: Job, storedKey: string): string {
  const base =
    (job.fileName ?? 'image')
      .replace(/\.[^.]+$/, '')
      .replace(/[^\w.-]+/g, '-')
      .slice(0, 80) || 'image';
  return `${base}-${job.resolution}${path.extname(storedKey)}`;
}

/**
 * The one range to send: null for the whole file (no Range, an If-Range that no longer
 * matches, a malformed or multi-part Range), 'unsatisfiable' for a range outside the file.
 */
export function requestedRange(
  size: number,
  range: string | undefined,
  ifRange: string | undefined,
  etag: string,
): ByteRange | 'unsatisfiable' | null {
  if (!range || (ifRange && ifRange !== etag)) return null;
  const parsed = parseRange(size, range, { combine: true });
  if (parsed === -1) return 'unsatisfiable';
  if (parsed === -2 || parsed.type !== 'bytes' || parsed.length !== 1) return null;
  return { start: parsed[0].start, end: parsed[0].end };
}

export function createDownloads(
  strapi: Core.Strapi,
  {
    jobs,
    settings,
    storage,
    metrics,
    localAi,
  }: {
    jobs: JobsService;
    settings: SettingsService;
    storage: FileStorage;
    metrics: Metrics;
    localAi?: LocalAiService;
  },
) {
  const ledger = createDownloadLedger(strapi);
  const statusDeps: JobStatusDeps = {
    strapi,
    settings,
    estimates: createJobEstimates(strapi, { settings, localAi }),
    files: fileCardCache(),
  };
  const keyOf = (download: Download) => ({
    jobId: download.jobId,
    tokenHash: download.tokenHash,
    size: download.size,
  });

  return {
    /**
     * `GET /jobs/:jobId`: what the buyer's page polls after Stripe. What was bought and the
     * link are shown only to whoever holds the Checkout Session id Stripe put in their
     * return URL (delivery/job-status-answer).
     */
    async status(jobId: string, session: string): Promise<JobStatusAnswer> {
      const job = await jobs.findByJobId(jobId);
      if (!job) throw new errors.NotFoundError('No job with this id');
      return jobStatusAnswer(job, session, statusDeps);
    },

    /** The same answer for a job already read (each line of a cart order). */
    answer(job: Job, session: string): Promise<JobStatusAnswer> {
      return jobStatusAnswer(job, session, statusDeps);
    },

    /** Serve files through nginx: the `internal` location mapped to the storage folder, if configured. */
    accelRedirectPrefix(): string | undefined {
      if (storage.kind !== 'local') return undefined;
      const config = (strapi.config.get(`plugin::${PLUGIN_ID}`) ?? {}) as PluginConfig;
      return config.accelRedirectPrefix?.replace(/\/$/, '');
    },

    /** The file a token opens; 404 for an unknown link, 410 once it expired or was used up. */
    async open(token: string): Promise<Download> {
      const unknown = () => new errors.NotFoundError('Unknown download link');
      if (!isTokenShaped(token)) throw unknown();
      const job = await jobs.findOne({ downloadTokenHash: hashToken(token) });
      if (!job || job.status !== 'completed' || !job.storedFileKey) throw unknown();
      if (deliveryRevoked(job)) {
        throw httpError(
          410,
          'This download link was revoked: the payment was refunded or disputed',
        );
      }
      const expiresAt = job.downloadExpiresAt ? new Date(job.downloadExpiresAt).getTime() : 0;
      if (expiresAt < Date.now() || job.fileExpiredAt) {
        throw httpError(410, 'This download link has expired');
      }
      const { maxDownloads } = await settings.get();
      if (maxDownloads !== null && job.downloadCount >= maxDownloads) {
        throw httpError(410, 'This download link has been used up');
      }
      const storedKey = job.storedFileKey.split(path.sep).join('/');
      const info = await storage.info(storedKey);
      if (!info) throw httpError(410, 'This file is no longer available');
      const size = info.size;
      return {
        jobId: job.jobId,
        tokenHash: job.downloadTokenHash as string,
        storedKey,
        size,
        etag: `"${job.jobId.slice(0, 8)}-${size.toString(16)}-${Math.floor(info.modifiedMs).toString(16)}"`,
        fileName: downloadName(job, job.storedFileKey),
      };
    },

    /**
     * A presigned URL of the file that lives 60 s (a bucket in redirect mode, README "Object
     * storage (S3, R2, MinIO)"), or null when the file is streamed through Strapi.
     */
    redirectUrl(download: Download): Promise<string | null> {
      return storage.downloadUrl(download.storedKey, download.fileName);
    },

    /** The bytes of `transfer`, read from the storage as they are sent. */
    read(download: Download, transfer: Transfer): Promise<StoredFileStream> {
      return storage.read(download.storedKey, transfer);
    },

    /**
     * Reserves the download (or, for a range, the bytes) `transfer` is about to send, so
     * that parallel requests cannot pass the maximum; 410 when none is left.
     */
    async reserve(download: Download, transfer: Transfer): Promise<Reservation> {
      const { maxDownloads } = await settings.get();
      const reservation = await ledger.reserve(keyOf(download), transfer, maxDownloads);
      if (!reservation) throw httpError(410, 'This download link has been used up');
      return reservation;
    },

    /**
     * Settles a reserved transfer that ended after `sent` bytes (`finished`: all of them
     * reached the client) and logs it. Never throws (the response is over).
     */
    async recordTransfer(
      download: Download,
      reservation: Reservation,
      { sent, finished }: { sent: number; finished: boolean },
      visitorHash: string | null,
    ): Promise<void> {
      try {
        const complete = await ledger.settle(keyOf(download), reservation, sent, finished);
        if (finished) metrics.download(reservation.full ? 'full' : 'partial');
        await strapi.db.query(DOWNLOAD_UID).createMany({
          data: [{ jobId: download.jobId, bytes: sent, complete, visitorHash }],
        });
      } catch (error) {
        strapi.log.error(
          `[sell-my-images] could not record a download of job ${download.jobId}: ${(error as Error).message}`,
        );
      }
    },
  };
}

export type DownloadsService = ReturnType<typeof createDownloads>;
