import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { orderZip } from '../delivery/order-zip';
import { visitorHash } from '../settings/keys';
import { getService } from '../services/get-service';
import {
  orderParamsSchema,
  orderStatusQuerySchema,
  orderZipQuerySchema,
} from '../validation/public';
import { validate } from '../validation/validate';

/**
 * A cart order after Stripe (docs/architecture.md "Previews, cart and purchases"):
 * `GET /orders/:orderId?session=` (what the page polls, each line as `GET /jobs/:jobId`
 * answers it) and `GET`/`HEAD /orders/:orderId/zip?token=` (every delivered file in one ZIP,
 * streamed from the storage; each line included counts one download of its link, and only
 * once every byte went out, as for `GET /downloads/:token`).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async findOne(ctx: Context): Promise<void> {
    const { orderId } = validate(orderParamsSchema, ctx.params, 'parameters', 'Invalid orderId');
    const { session = '' } = validate(orderStatusQuerySchema, ctx.query, 'query');
    const answer = await getService(strapi, 'orders').status(orderId, session);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = answer;
  },

  async zip(ctx: Context): Promise<void> {
    const { orderId } = validate(orderParamsSchema, ctx.params, 'parameters', 'Invalid orderId');
    const { token } = validate(orderZipQuerySchema, ctx.query, 'query', 'Invalid ZIP link');
    const orders = getService(strapi, 'orders');
    const downloads = getService(strapi, 'downloads');
    const head = ctx.method === 'HEAD';
    const reserved = head ? [] : await orders.reserve(orderId, token);
    const entries = head ? await orders.describe(orderId, token) : reserved;
    const zip = orderZip(
      entries,
      (download) => downloads.read(download, { start: 0, end: download.size - 1, full: true }),
      !head,
    );
    ctx.set('Cache-Control', 'private, no-store');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.attachment(`order-${orderId.slice(0, 8)}.zip`);
    ctx.status = 200;
    if (zip.size >= 0) ctx.length = zip.size;
    if (head) return;
    ctx.body = zip.body;
    const visitor = visitorHash(strapi, ctx.request.ip, ctx.get('user-agent'));
    // Every line counts once the whole ZIP went out; a broken-off one gives them back.
    const settle = () => {
      const finished = ctx.res.writableFinished;
      for (const entry of reserved) {
        const sent = { sent: finished ? entry.download.size : 0, finished };
        void downloads.recordTransfer(entry.download, entry.reservation, sent, visitor);
      }
    };
    if (ctx.res.closed) settle();
    else ctx.res.once('close', settle);
  },
});
