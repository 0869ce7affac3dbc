import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { plugin } from '../services';
import { jobIdSchema } from '../validation/public-api';
import { badRequest, notFound } from '../utils/http-errors';
import { toFieldErrors } from '../validation/public-api';

/** `GET /api/sell-my-images/jobs/:jobId`: what the visitor's page polls after Stripe. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async findOne(ctx: Context): Promise<void> {
    const parsed = jobIdSchema.safeParse(ctx.params.jobId);
    if (!parsed.success) return badRequest(ctx, 'Invalid jobId', toFieldErrors(parsed.error).map((e) => ({ ...e, path: ['jobId'] })));
    const job = await plugin(strapi).jobs.findByJobId(parsed.data);
    if (!job) return notFound(ctx, 'No job with this id');
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      jobId: job.jobId,
      status: job.status,
      paymentStatus: job.paymentStatus,
      resolution: job.resolution,
      createdAt: job.createdAt,
    };
  },
});
