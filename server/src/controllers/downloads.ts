import { createReadStream } from 'node:fs';
import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { requestedRange } from '../delivery/downloads';
import { visitorHash } from '../settings/keys';
import { getService } from '../services/get-service';
import { isNotModified } from '../utils/conditional-get';
import { httpError } from '../utils/errors';

/**
 * `GET`/`HEAD /api/sell-my-images/downloads/:token`: the finished file from the private
 * storage folder (streamed, never in memory), with ranges and conditional GET. HEAD, 304
 * and partial ranges are not counted as downloads (see delivery/downloads).
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
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.attachment(file.fileName);
    if (isNotModified(ctx)) {
      ctx.status = 304;
      return;
    }
    const sent = range ?? { start: 0, end: file.size - 1 };
    ctx.status = range ? 206 : 200;
    if (range) ctx.set('Content-Range', `bytes ${sent.start}-${sent.end}/${file.size}`);
    ctx.length = sent.end - sent.start + 1;
    if (ctx.method === 'HEAD') return;
    const accel = downloads.accelRedirectPrefix();
    if (accel) {
      ctx.set('X-Accel-Redirect', `${accel}/${file.storedKey}`);
      ctx.body = '';
    } else {
      ctx.body = createReadStream(file.filePath, { start: sent.start, end: sent.end });
    }
    const visitor = visitorHash(strapi, ctx.request.ip, ctx.get('user-agent'));
    ctx.res.once('finish', () => void downloads.recordTransfer(file, sent, visitor));
  },
});
