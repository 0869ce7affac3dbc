import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { plugin } from '../services';
import { jobIdSchema } from '../validation/public-api';
import { badRequest, notFound } from '../utils/http-errors';
import { toFieldErrors } from '../validation/public-api';
import { downloadToken, sameSecret } from '../services/download-tokens';
import { publicUrl } from '../services/urls';

/** `GET /api/sell-my-images/jobs/:jobId`: what the visitor's page polls after Stripe. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async findOne(ctx: Context): Promise<void> {
    const parsed = jobIdSchema.safeParse(ctx.params.jobId);
    if (!parsed.success)
      return badRequest(
        ctx,
        'Invalid jobId',
        toFieldErrors(parsed.error).map((e) => ({ ...e, path: ['jobId'] })),
      );
    const job = await plugin(strapi).jobs.findByJobId(parsed.data);
    if (!job) return notFound(ctx, 'No job with this id');
    ctx.set('Cache-Control', 'no-store');
    const body: Record<string, unknown> = {
      jobId: job.jobId,
      status: job.status,
      paymentStatus: job.paymentStatus,
      resolution: job.resolution,
      createdAt: job.createdAt,
    };
    // Local upscales report tiles done / total while they run (additive to the contract).
    const total = Number(job.progressTotal ?? 0);
    if (job.status === 'processing' && total > 0)
      body.progress = { done: Math.min(total, Number(job.progressDone ?? 0)), total };
    // The link is shown only to whoever holds the Checkout Session id Stripe put in their return URL.
    const session = typeof ctx.query.session === 'string' ? ctx.query.session : '';
    if (
      job.status === 'completed' &&
      job.downloadExpiresAt &&
      session &&
      job.stripeCheckoutSessionId &&
      sameSecret(session, job.stripeCheckoutSessionId)
    ) {
      const expiresAt = new Date(job.downloadExpiresAt);
      if (expiresAt.getTime() > Date.now() && !job.fileExpiredAt) {
        body.downloadUrl = `${publicUrl(strapi)}/api/sell-my-images/downloads/${downloadToken(strapi, job.jobId, expiresAt)}`;
        body.expiresAt = expiresAt.toISOString();
      }
    }
    ctx.body = body;
  },
});
