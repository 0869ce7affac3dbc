import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { plugin } from '../services';
import { findMediaFile } from '../services/files';
import { createMediaLibrary, MEDIA_BULK_MAX, MEDIA_PAGE_SIZE_MAX } from '../services/media-library';
import { createEntryMedia } from '../services/entry-media';
import { badRequest, notFound, sendError } from '../utils/http-errors';
import { fileIdSchema, isPlainObject, toFieldErrors } from '../validation/public-api';
import { answering, parseOr400 } from './guard';

const saleBodySchema = z.object({ forSale: z.boolean().nullable() }).strict();

/** A positive integer query parameter (query strings are text: `"2"`). */
const intParam = (name: string, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${name} must be a positive integer`)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(1, `${name} must be at least 1`)
        .max(max, `${name} must be at most ${max}`),
    );

const listQuerySchema = z
  .object({
    q: z.string().trim().max(200, 'q is at most 200 characters').optional(),
    folder: z.union([z.literal('root'), intParam('folder', 2_147_483_647)]).optional(),
    page: intParam('page', 1_000_000).default(1),
    pageSize: intParam('pageSize', MEDIA_PAGE_SIZE_MAX).default(24),
  })
  .strict();

const bulkBodySchema = z
  .object({
    fileIds: z
      .array(z.number().int().positive().max(2_147_483_647))
      .min(1, 'Give at least one file id')
      .max(MEDIA_BULK_MAX, `At most ${MEDIA_BULK_MAX} files at once`),
    forSale: z.boolean().nullable(),
  })
  .strict();

const entryParamsSchema = z.object({
  model: z
    .string()
    .regex(/^api::[a-z0-9-]+\.[a-z0-9-]+$/, 'model must be the uid of an api:: content type'),
  documentId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'documentId is not a document id'),
});

const entryQuerySchema = z
  .object({
    locale: z
      .string()
      .regex(
        /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/,
        'locale must be a locale code like "en" or "fr-FR"',
      )
      .optional(),
    status: z.enum(['draft', 'published']).default('draft'),
  })
  .strict();

interface AdminAbility {
  can(action: string, subject?: string): boolean;
}

/**
 * Sellable media page and the Content Manager side panel (RBAC: `read` to look,
 * `media.update` to change a rule; the routes declare which).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const services = () => plugin(strapi);
  const library = () => createMediaLibrary(strapi, services());
  const entries = () => createEntryMedia(strapi, services());

  const invalidate = () => services().catalog.invalidate();

  return {
    /** `PUT /media/:fileId/sale` `{ forSale: true | false | null }` */
    async setSale(ctx: Context): Promise<void> {
      const id = fileIdSchema.safeParse(ctx.params.fileId);
      if (!id.success) return badRequest(ctx, 'Invalid fileId', toFieldErrors(id.error));
      if (!isPlainObject(ctx.request.body))
        return badRequest(ctx, 'The request body must be a JSON object');
      const body = saleBodySchema.safeParse(ctx.request.body);
      if (!body.success) return badRequest(ctx, 'Invalid body', toFieldErrors(body.error));
      const file = await findMediaFile(strapi, id.data);
      if (!file) return notFound(ctx, 'No file with this id');
      await services().saleRules.setRule(file.id, body.data.forSale);
      invalidate();
      ctx.body = { data: { fileId: file.id, forSale: body.data.forSale } };
    },

    /** `GET /media?q=&folder=<id>|root&page=&pageSize=` → `{ data: { saleMode, results, pagination } }` */
    async list(ctx: Context): Promise<void> {
      const query = parseOr400(ctx, listQuerySchema, ctx.query, 'query');
      if (!query) return;
      await answering(ctx, async () => {
        ctx.body = { data: await library().list({ ...query, q: query.q || undefined }) };
      });
    },

    /** `GET /media/folders` → `{ data: [{ id, name, path, label }] }` */
    async folders(ctx: Context): Promise<void> {
      ctx.body = { data: await library().folders() };
    },

    /** `PUT /media/sale` `{ fileIds, forSale }` → `{ data: { saleMode, results: [{ id, rule, forSale, reason? }] } }`; 404 (nothing changed) when an id is unknown. */
    async setSaleBulk(ctx: Context): Promise<void> {
      const body = parseOr400(ctx, bulkBodySchema, ctx.request.body, 'body');
      if (!body) return;
      await answering(ctx, async () => {
        const answer = await library().setSale(body.fileIds, body.forSale);
        invalidate();
        ctx.body = { data: answer };
      });
    },

    /** `GET /entries/:model/:documentId/media?locale=&status=` → `{ data: { saleMode, currency, mediaFields, images } }` */
    async entryMedia(ctx: Context): Promise<void> {
      const params = parseOr400(
        ctx,
        entryParamsSchema,
        { model: ctx.params.model, documentId: ctx.params.documentId },
        'parameters',
      );
      if (!params) return;
      const query = parseOr400(ctx, entryQuerySchema, ctx.query, 'query');
      if (!query) return;
      if (!strapi.contentTypes[params.model as keyof typeof strapi.contentTypes]) {
        return badRequest(ctx, 'Invalid parameters', [
          { path: ['model'], message: 'Unknown content type', name: 'ValidationError' },
        ]);
      }
      // The panel shows part of an entry: only to admins who may read that content type.
      const ability = (ctx.state as { userAbility?: AdminAbility }).userAbility;
      if (ability && !ability.can('plugin::content-manager.explorer.read', params.model)) {
        return sendError(
          ctx,
          403,
          'ForbiddenError',
          'You may not read entries of this content type',
        );
      }
      await answering(ctx, async () => {
        ctx.body = { data: await entries().find({ ...params, ...query }) };
      });
    },
  };
};
