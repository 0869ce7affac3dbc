import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { plugin } from '../services';
import { JOB_STATUSES, PAYMENT_STATUSES } from '../services/job-states';
import { jobIdSchema, toFieldErrors } from '../validation/public-api';
import { badRequest } from '../utils/http-errors';
import { answering } from './guard';

const listQuerySchema = z
  .object({
    status: z.enum(JOB_STATUSES).optional(),
    paymentStatus: z.enum(PAYMENT_STATUSES).optional(),
    q: z.string().trim().max(255).optional(),
    from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
    sort: z.enum(['createdAt:desc', 'createdAt:asc', 'amount:desc', 'amount:asc']).default('createdAt:desc'),
  })
  .strict();

const actor = (ctx: Context) => `admin:${ctx.state.user?.id ?? 'unknown'}`;

/** Admin job routes (RBAC jobs.read, jobs.retry, jobs.refund). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const withJob = (action: (jobId: string, ctx: Context) => Promise<unknown>) => async (ctx: Context) => {
    const jobId = jobIdSchema.safeParse(ctx.params.jobId);
    if (!jobId.success) return badRequest(ctx, 'Invalid jobId', toFieldErrors(jobId.error));
    await answering(ctx, async () => {
      ctx.body = { data: await action(jobId.data, ctx) };
    });
  };
  return {
    async list(ctx: Context) {
      const query = listQuerySchema.safeParse(ctx.query);
      if (!query.success) return badRequest(ctx, 'Invalid query', toFieldErrors(query.error));
      ctx.body = { data: await plugin(strapi).jobAdmin.list(query.data) };
    },
    detail: withJob((jobId) => plugin(strapi).jobAdmin.detail(jobId)),
    retry: withJob((jobId, ctx) => plugin(strapi).jobAdmin.retry(jobId, actor(ctx))),
    resend: withJob((jobId) => plugin(strapi).jobAdmin.resend(jobId)),
    newLink: withJob((jobId, ctx) => plugin(strapi).jobAdmin.newLink(jobId, actor(ctx))),
    refund: withJob((jobId, ctx) => plugin(strapi).jobAdmin.refund(jobId, actor(ctx))),
  };
};
