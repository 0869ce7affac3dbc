import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { plugin } from '../services';
import { callbackSignature, sameSecret } from '../services/download-tokens';
import { jobIdSchema } from '../validation/public-api';
import { sendError } from '../utils/http-errors';

/**
 * `POST /api/sell-my-images/webhooks/upsampler?job=<jobId>&sig=<HMAC>`. The HMAC in the
 * URL (given only to Upsampler, for that job) authenticates the call; its body is only a
 * hint: the job is made due now and the worker confirms with `GET /status/:id`.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async receive(ctx: Context): Promise<void> {
    const jobId = jobIdSchema.safeParse(ctx.query.job);
    const sig = typeof ctx.query.sig === 'string' ? ctx.query.sig : '';
    if (!jobId.success || !sig || !sameSecret(sig, callbackSignature(strapi, jobId.data))) {
      return sendError(ctx, 403, 'ForbiddenError', 'Invalid callback signature');
    }
    const nudged = await plugin(strapi).queue.nudge(jobId.data);
    if (nudged) plugin(strapi).worker.wake();
    ctx.body = { received: true };
  },
});
