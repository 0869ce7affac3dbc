/**
 * Inputs of the public routes (`/api/sell-my-images`, docs/architecture.md "Public
 * contract"), parsed with `validate`.
 */
import { z } from 'zod';

/** An upload file id (`42`) or documentId (`a1b2c3…`): short, URL-safe, nothing else. */
export const fileIdSchema = z
  .union([z.string(), z.number()])
  .transform((value) => String(value).trim())
  .pipe(
    z
      .string()
      .min(1, 'fileId is required')
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/, 'fileId must be a file id or documentId'),
  );

const pageSchema = z.string().trim().max(2048, 'sourcePage is at most 2048 characters');

export const pricesQuerySchema = z.object({ fileId: fileIdSchema }).strict();

/** `GET /previews?fileId=&resolution=` (docs/architecture.md "Previews, cart and purchases"). */
export const previewQuerySchema = z
  .object({
    fileId: fileIdSchema,
    resolution: z
      .string()
      .trim()
      .regex(/^\d{1,2}x$/, 'resolution looks like "4x"'),
  })
  .strict();

/** `GET /previews/image/:name`: a preview image's name, nothing else. */
export const previewImageParamsSchema = z
  .object({
    key: z
      .string()
      .regex(/^[0-9a-f]{32}-(?:before\.webp|after\.webp|source\.png)$/, 'Not a preview image'),
  })
  .strict();

export const checkoutBodySchema = z
  .object({
    fileId: fileIdSchema,
    resolution: z
      .string()
      .trim()
      .regex(/^\d{1,2}x$/, 'resolution looks like "4x"'),
    email: z
      .string()
      .trim()
      .toLowerCase()
      .max(254)
      .pipe(z.email('email must be a valid e-mail address'))
      .optional(),
    sourcePage: pageSchema.optional(),
    returnUrl: z
      .url({ protocol: /^https?$/, error: 'returnUrl must be an http(s) URL' })
      .max(2048)
      .optional(),
    licence: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'licence is a licence id from GET /prices')
      .optional(),
    // A BCP 47 language tag as browsers send it (navigator.language): `fr`, `fr-CA`, `zh-Hant-TW`.
    locale: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8}){0,3}$/, 'locale is a language tag like fr-CA')
      .optional(),
    promo: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'promo is a promotion code')
      .optional(),
  })
  .strict();

export const clickBodySchema = z
  .object({ fileId: fileIdSchema, sourcePage: pageSchema.optional() })
  .strict();

const jobIdSchema = z.uuid({ version: 'v4', error: 'jobId must be a UUID' });

/** Route parameters `:jobId`. */
export const jobParamsSchema = z.object({ jobId: jobIdSchema });

export type CheckoutBody = z.infer<typeof checkoutBodySchema>;

/**
 * `GET /licence?order=&sig=`: a malformed order id is a 400; a missing or wrong signature
 * is the page's one 404 (delivery/licence-page), so nothing tells which orders exist.
 */
export const licenceQuerySchema = z
  .object({
    order: jobIdSchema,
    sig: z.string().max(128).optional(),
  })
  .strict();
