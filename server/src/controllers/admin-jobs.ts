import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../services/get-service';
import { jobListQuerySchema } from '../validation/admin-jobs';
import { jobParamsSchema } from '../validation/public';
import { validate } from '../validation/validate';

const actor = (ctx: Context) => `admin:${ctx.state.user?.id ?? 'unknown'}`;
const jobIdOf = (ctx: Context) =>
  validate(jobParamsSchema, ctx.params, 'parameters', 'Invalid jobId').jobId;

/** Admin job routes (RBAC jobs.read, jobs.retry, jobs.refund). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: Context) {
    const query = validate(jobListQuerySchema, ctx.query, 'query');
    ctx.body = { data: await getService(strapi, 'jobList').list(query) };
  },
  async detail(ctx: Context) {
    ctx.body = { data: await getService(strapi, 'jobList').detail(jobIdOf(ctx)) };
  },
  async retry(ctx: Context) {
    ctx.body = { data: await getService(strapi, 'jobAdmin').retry(jobIdOf(ctx), actor(ctx)) };
  },
  async resend(ctx: Context) {
    ctx.body = { data: await getService(strapi, 'jobAdmin').resend(jobIdOf(ctx)) };
  },
  async newLink(ctx: Context) {
    ctx.body = { data: await getService(strapi, 'jobAdmin').newLink(jobIdOf(ctx), actor(ctx)) };
  },
  async refund(ctx: Context) {
    ctx.body = { data: await getService(strapi, 'jobAdmin').refund(jobIdOf(ctx), actor(ctx)) };
  },
});
