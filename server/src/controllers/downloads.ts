import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../plugin-id';
import { plugin } from '../services';
import { hashToken, isTokenShaped } from '../services/download-tokens';
import { visitorHash } from '../services/keys';
import { storageDir } from '../fulfilment/options';
import type { PluginConfig } from '../config';
import { sendError } from '../utils/http-errors';
import type { Job } from '../services/jobs';

const DOWNLOAD_UID = `plugin::${PLUGIN_ID}.download` as const;

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` → an inclusive range; null = not satisfiable; undefined = ignore (serve all). */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | null | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return header.includes(',') ? undefined : null;
  const [, from, to] = match;
  if (from === '' && to === '') return null;
  let start: number;
  let end: number;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0) return null;
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(from);
    end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  }
  if (start > end || start >= size) return null;
  return { start, end };
}

function downloadName(job: Job): string {
  const base =
    (job.fileName ?? 'image')
      .replace(/\.[^.]+$/, '')
      .replace(/[^\w.-]+/g, '-')
      .slice(0, 80) || 'image';
  const ext = path.extname(job.storedFileKey as string);
  return `${base}-${job.resolution}${ext}`;
}

/**
 * `GET`/`HEAD /api/sell-my-images/downloads/:token`: streams the finished file from the
 * private storage folder (never from memory), with ranges; 404 unknown, 410 expired or
 * used up. HEAD and partial ranges are not counted as downloads.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async download(ctx: Context): Promise<void> {
    const token = String(ctx.params.token ?? '');
    if (!isTokenShaped(token)) return sendError(ctx, 404, 'NotFoundError', 'Unknown download link');
    const { jobs, settings: settingsService } = plugin(strapi);
    const job = await jobs.findOne({ downloadTokenHash: hashToken(token) });
    if (!job || job.status !== 'completed' || !job.storedFileKey)
      return sendError(ctx, 404, 'NotFoundError', 'Unknown download link');
    if (
      !job.downloadExpiresAt ||
      new Date(job.downloadExpiresAt).getTime() < Date.now() ||
      job.fileExpiredAt
    ) {
      return sendError(ctx, 410, 'GoneError', 'This download link has expired');
    }
    const settings = await settingsService.get();
    const used = Number(job.downloadCount ?? 0);
    if (settings.maxDownloads !== null && used >= settings.maxDownloads) {
      return sendError(ctx, 410, 'GoneError', 'This download link has been used up');
    }
    const file = path.join(storageDir(strapi), job.storedFileKey as string);
    let info;
    try {
      info = await stat(file);
    } catch {
      return sendError(ctx, 410, 'GoneError', 'This file is no longer available');
    }
    const size = info.size;
    const etag = `"${job.jobId.slice(0, 8)}-${size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    ctx.set('Accept-Ranges', 'bytes');
    ctx.set('ETag', etag);
    ctx.set('Cache-Control', 'private, no-store');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.attachment(downloadName(job));
    ctx.type = path.extname(file);

    const rangeHeader =
      ctx.get('if-range') && ctx.get('if-range') !== etag
        ? undefined
        : ctx.get('range') || undefined;
    const range = parseRange(rangeHeader, size);
    if (range === null) {
      ctx.set('Content-Range', `bytes */${size}`);
      return sendError(
        ctx,
        416,
        'RangeNotSatisfiableError',
        'The requested range is not satisfiable',
      );
    }
    const start = range?.start ?? 0;
    const end = range?.end ?? size - 1;
    ctx.status = range ? 206 : 200;
    if (range) ctx.set('Content-Range', `bytes ${start}-${end}/${size}`);
    ctx.length = end - start + 1;
    if (ctx.method === 'HEAD') return;

    const completes = end === size - 1;
    const accel = ((strapi.config.get('plugin::sell-my-images') ?? {}) as PluginConfig)
      .accelRedirectPrefix;
    if (accel) {
      ctx.set(
        'X-Accel-Redirect',
        `${accel.replace(/\/$/, '')}/${(job.storedFileKey as string).split(path.sep).join('/')}`,
      );
      ctx.body = '';
    } else {
      ctx.body = createReadStream(file, { start, end });
    }
    const visitor = visitorHash(strapi, ctx.request.ip, ctx.get('user-agent'));
    ctx.res.once('finish', () => {
      void (async () => {
        try {
          if (completes) await countDownload(job.jobId);
          await strapi.db.query(DOWNLOAD_UID).createMany({
            data: [
              {
                jobId: job.jobId,
                bytes: end - start + 1,
                complete: completes,
                visitorHash: visitor,
              },
            ],
          });
        } catch (error) {
          strapi.log.error(
            `[sell-my-images] could not record a download of job ${job.jobId}: ${(error as Error).message}`,
          );
        }
      })();
    });

    async function countDownload(jobId: string): Promise<void> {
      for (let attempt = 0; attempt < 5; attempt++) {
        const current = await jobs.findByJobId(jobId);
        const count = Number(current?.downloadCount ?? 0);
        if (
          await jobs.updateWhere({ jobId, downloadCount: count }, {
            downloadCount: count + 1,
            lastDownloadAt: new Date().toISOString(),
          } as Partial<Job>)
        )
          return;
      }
    }
  },
});
