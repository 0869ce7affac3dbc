/** Inputs of the sellable-media admin routes and of the Content Manager side panel. */
import { z } from 'zod';
import { MEDIA_BULK_MAX, MEDIA_PAGE_SIZE_MAX } from '../../../shared/contracts/media';
import { fileIdSchema } from './public';
import { intParam, pageParams } from './query';

export const saleBodySchema = z.object({ forSale: z.boolean().nullable() }).strict();

export const mediaListQuerySchema = z
  .object({
    q: z.string().trim().max(200, 'q is at most 200 characters').optional(),
    folder: z.union([z.literal('root'), intParam('folder', 2_147_483_647)]).optional(),
    ...pageParams(24, MEDIA_PAGE_SIZE_MAX),
  })
  .strict();

export const bulkSaleBodySchema = z
  .object({
    fileIds: z
      .array(z.number().int().positive().max(2_147_483_647))
      .min(1, 'Give at least one file id')
      .max(MEDIA_BULK_MAX, `At most ${MEDIA_BULK_MAX} files at once`),
    forSale: z.boolean().nullable(),
  })
  .strict();

export const entryParamsSchema = z.object({
  model: z
    .string()
    .regex(/^api::[a-z0-9-]+\.[a-z0-9-]+$/, 'model must be the uid of an api:: content type'),
  documentId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'documentId is not a document id'),
});

export const entryQuerySchema = z
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

/** Route parameters `:fileId`. */
export const fileParamsSchema = z.object({ fileId: fileIdSchema });

/** `PUT /media/:fileId/price` body (shared with the admin's form). */
export { imagePriceRequestSchema as imagePriceBodySchema } from '../../../shared/contracts/image-price';
