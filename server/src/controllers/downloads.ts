import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { requestedRange } from '../delivery/downloads';
import { visitorHash } from '../settings/keys';
import { getService } from '../services/get-service';
import { isNotModified } from '../utils/conditional-get';
import { httpError } from '../utils/errors';

/** An error answer carries no validator of the file it refused. */
const withoutEtag =
  (ctx: Context) =>
  (error: unknown): never => {
    ctx.remove('ETag');
    throw error;
  };

/**
 * `GET`/`HEAD /api/sell-my-images/downloads/:token`: the finished file from the private
 * storage (streamed, never in memory), with ranges and conditional GET, or a redirect to a
 * presigned URL of the bucket (README "Object storage (S3, R2, MinIO)"). A transfer is
 * reserved before it starts and settled when it ends (delivery/download-ledger); HEAD and
 * 304 are not counted.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async download(ctx: Context): Promise<void> {
    const downloads = getService(strapi, 'downloads');
    const file = await downloads.open(String(ctx.params.token ?? ''));
    ctx.set('Accept-Ranges', 'bytes');
    ctx.set('Cache-Control', 'private, no-store');
    const range = requestedRange(file.size, ctx.get('range'), ctx.get('if-range'), file.etag);
    if (range === 'unsatisfiable') {
      ctx.set('Content-Range', `bytes */${file.size}`);
      throw httpError(
        416,
        'The requested range is not satisfiable',
        {},
        'RangeNotSatisfiableError',
      );
    }
    ctx.set('ETag', file.etag);
    if (isNotModified(ctx)) {
      ctx.status = 304;
      return;
    }
    const transfer = { ...(range ?? { start: 0, end: file.size - 1 }), full: range === null };
    const length = transfer.end - transfer.start + 1;
    const head = ctx.method === 'HEAD';
    // A bucket in redirect mode: its presigned URL, signed before anything is reserved.
    const redirect = head ? null : await downloads.redirectUrl(file);
    // Reserved before the first byte: parallel requests cannot pass the maximum.
    const reservation = head
      ? null
      : await downloads.reserve(file, transfer).catch(withoutEtag(ctx));
    const visitor = visitorHash(strapi, ctx.request.ip, ctx.get('user-agent'));
    if (reservation && redirect) {
      // The bucket sends the bytes: the transfer counts when it is handed over, as if
      // every byte went out (a Range is forwarded and charged as a range).
      ctx.remove('ETag');
      ctx.redirect(redirect);
      const sent = { sent: length, finished: true };
      void downloads.recordTransfer(file, reservation, sent, visitor);
      return;
    }
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.attachment(file.fileName);
    ctx.status = range ? 206 : 200;
    if (range) ctx.set('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`);
    ctx.length = length;
    if (!reservation) return;
    const accel = downloads.accelRedirectPrefix();
    const stream = accel
      ? null
      : await downloads.read(file, transfer).catch(async (error: unknown) => {
          await downloads.recordTransfer(file, reservation, { sent: 0, finished: false }, visitor);
          strapi.log.error(
            `[sell-my-images] could not read the file of job ${file.jobId}: ${(error as Error).name}`,
          );
          ctx.remove('ETag');
          ctx.remove('Content-Disposition');
          ctx.remove('Content-Range');
          throw httpError(503, 'The file cannot be read right now; try again in a moment');
        });
    if (accel) {
      ctx.set('X-Accel-Redirect', `${accel}/${file.storedKey}`);
      ctx.body = '';
    } else if (stream) {
      ctx.body = stream.body;
    }
    // 'close' follows 'finish' when every byte went out, or comes alone when the transfer
    // broke off (maybe already, while the reservation was made).
    const settle = () => {
      const read = stream ? stream.bytesRead() : length;
      const finished = ctx.res.writableFinished && read >= length;
      const sent = stream ? read : finished ? length : 0;
      void downloads.recordTransfer(file, reservation, { sent, finished }, visitor);
    };
    if (ctx.res.closed) settle();
    else ctx.res.once('close', settle);
  },
});
