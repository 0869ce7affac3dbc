import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { isValidCallback } from '../fulfilment/upscaler-callback';
import { getService } from '../services/get-service';
import { httpError } from '../utils/errors';

/**
 * `POST /api/sell-my-images/webhooks/upsampler?job=<jobId>&sig=<HMAC>`. The HMAC in the
 * URL authenticates the call; its body is only a hint: the job is made due now and the
 * worker confirms with `GET /status/:id` (see fulfilment/upscaler-callback).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async receive(ctx: Context): Promise<void> {
    const text = (value: unknown) => (typeof value === 'string' ? value : '');
    const jobId = text(ctx.query.job);
    // Only the plugin signs job ids: a valid signature names a real job.
    if (!jobId || !isValidCallback(strapi, jobId, text(ctx.query.sig))) {
      throw httpError(403, 'Invalid callback signature');
    }
    if (await getService(strapi, 'queue').nudge(jobId)) getService(strapi, 'worker').wake();
    ctx.body = { received: true };
  },
});
