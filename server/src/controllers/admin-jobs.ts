import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { plugin } from '../services';
import { JOB_STATUSES, PAYMENT_STATUSES } from '../services/job-states';
import { JOB_SORTS } from '../services/job-admin';
import { jobIdSchema, toFieldErrors } from '../validation/public-api';
import { badRequest } from '../utils/http-errors';
import { answering } from './guard';

const dateOrDatetime = z.iso.datetime({ offset: true }).or(z.iso.date());
/** The instant a bound stands for: a date-only `to` runs to the end of its (UTC) day, as in job-admin. */
const instant = (value: string, edge: 'start' | 'end') =>
  value.includes('T')
    ? new Date(value).getTime()
    : new Date(`${value}T00:00:00.000Z`).getTime() + (edge === 'end' ? 86_399_999 : 0);

const listQuerySchema = z
  .object({
    status: z.enum(JOB_STATUSES).optional(),
    paymentStatus: z.enum(PAYMENT_STATUSES).optional(),
    q: z.string().trim().max(255).optional(),
    from: dateOrDatetime.optional(),
    to: dateOrDatetime.optional(),
    // Digits only: `z.coerce` alone would take '', '1e3' or ' 2 '.
    page: z
      .string()
      .regex(/^\d{1,6}$/, 'page must be a whole number')
      .transform(Number)
      .pipe(z.number().int().min(1))
      .default(1),
    pageSize: z
      .string()
      .regex(/^\d{1,3}$/, 'pageSize must be a whole number')
      .transform(Number)
      .pipe(z.number().int().min(1).max(100))
      .default(25),
    sort: z.enum(JOB_SORTS).default('createdAt:desc'),
  })
  .strict()
  .refine(
    (query) => !query.from || !query.to || instant(query.from, 'start') <= instant(query.to, 'end'),
    { message: '`from` must not be after `to`', path: ['from'] },
  );

const actor = (ctx: Context) => `admin:${ctx.state.user?.id ?? 'unknown'}`;

/** Admin job routes (RBAC jobs.read, jobs.retry, jobs.refund). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const withJob =
    (action: (jobId: string, ctx: Context) => Promise<unknown>) => async (ctx: Context) => {
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
