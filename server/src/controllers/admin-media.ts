import { sendError } from '../utils/http-errors';
import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { plugin } from '../services';
import { findMediaFile } from '../services/files';
import { badRequest, notFound } from '../utils/http-errors';
import { fileIdSchema, isPlainObject, toFieldErrors } from '../validation/public-api';

const saleBodySchema = z.object({ forSale: z.boolean().nullable() }).strict();

/** `PUT /sell-my-images/media/:fileId/sale` `{ forSale: true | false | null }` (RBAC media.update). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async setSale(ctx: Context): Promise<void> {
    const id = fileIdSchema.safeParse(ctx.params.fileId);
    if (!id.success) return badRequest(ctx, 'Invalid fileId', toFieldErrors(id.error));
    if (!isPlainObject(ctx.request.body)) return badRequest(ctx, 'The request body must be a JSON object');
    const body = saleBodySchema.safeParse(ctx.request.body);
    if (!body.success) return badRequest(ctx, 'Invalid body', toFieldErrors(body.error));
    const file = await findMediaFile(strapi, id.data);
    if (!file) return notFound(ctx, 'No file with this id');
    await plugin(strapi).saleRules.setRule(file.id, body.data.forSale);
    plugin(strapi).catalog.invalidate();
    ctx.body = { data: { fileId: file.id, forSale: body.data.forSale } };
  },
  /** TODO(issue 5): replaced by the real handler. */
  async list(ctx: Context): Promise<void> {
    sendError(ctx, 501, 'NotImplementedError', 'Not implemented yet');
  },
  /** TODO(issue 5): replaced by the real handler. */
  async folders(ctx: Context): Promise<void> {
    sendError(ctx, 501, 'NotImplementedError', 'Not implemented yet');
  },
  /** TODO(issue 5): replaced by the real handler. */
  async setSaleBulk(ctx: Context): Promise<void> {
    sendError(ctx, 501, 'NotImplementedError', 'Not implemented yet');
  },
  /** TODO(issue 5): replaced by the real handler. */
  async entryMedia(ctx: Context): Promise<void> {
    sendError(ctx, 501, 'NotImplementedError', 'Not implemented yet');
  },
});
