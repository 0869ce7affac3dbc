/**
 * Inputs of the public routes (`/api/sell-my-images`, docs/architecture.md "Public
 * contract"), parsed with `validate`.
 */
import { z } from 'zod';
import { CART_MAX_ITEMS } from '../../../shared/contracts/cart';
import { CLICK_KINDS } from '../../../shared/contracts/prices';

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
    previewed: z.boolean().optional(),
  })
  .strict();

export const clickBodySchema = z
  .object({
    fileId: fileIdSchema,
    sourcePage: pageSchema.optional(),
    kind: z.enum(CLICK_KINDS, { error: `kind is one of ${CLICK_KINDS.join(', ')}` }).optional(),
  })
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

/** `POST /purchases/lookup` ("My purchases"): the address asked about, as checkout reads it. */
export const purchasesLookupBodySchema = z
  .object({
    email: z
      .string()
      .trim()
      .toLowerCase()
      .max(254)
      .pipe(z.email('email must be a valid e-mail address')),
    locale: checkoutBodySchema.shape.locale,
  })
  .strict();

/**
 * `GET /purchases?token=` and `/purchases/list?token=`: a missing or malformed token is the
 * page's one refusal (delivery/purchases-page), not a 400.
 */
export const purchasesTokenQuerySchema = z.object({ token: z.string().max(1024).optional() });

/** `POST /purchases/link` (JSON or the page's form post). */
export const purchasesLinkBodySchema = z
  .object({ token: z.string().max(1024), jobId: jobIdSchema })
  .strict();

const cartItemSchema = z
  .object({
    fileId: fileIdSchema,
    resolution: checkoutBodySchema.shape.resolution,
    licence: checkoutBodySchema.shape.licence,
  })
  .strict();

/**
 * The cart's lines (docs/architecture.md "Previews, cart and purchases"): 1 to
 * `CART_MAX_ITEMS`; the same file, resolution and licence twice is refused at the second
 * line (one download serves both), the same file at another resolution or licence is a line.
 */
const cartItemsSchema = z
  .array(cartItemSchema)
  .min(1, 'The cart is empty')
  .max(CART_MAX_ITEMS, `A cart holds at most ${CART_MAX_ITEMS} images`)
  .superRefine((items, ctx) => {
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      const key = `${item.fileId}|${item.resolution}|${item.licence ?? ''}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, index);
      else
        ctx.addIssue({
          code: 'custom',
          message: `The same image, resolution and licence as items.${first}`,
          path: [index],
        });
    });
  });

export const cartQuoteBodySchema = z.object({ items: cartItemsSchema }).strict();

export const cartCheckoutBodySchema = checkoutBodySchema
  .omit({ fileId: true, resolution: true, licence: true })
  .extend({
    items: cartItemsSchema,
    previewed: z.array(fileIdSchema).max(CART_MAX_ITEMS).optional(),
  })
  .strict();

export type CartItemBody = z.infer<typeof cartItemSchema>;
export type CartQuoteBody = z.infer<typeof cartQuoteBodySchema>;
export type CartCheckoutBody = z.infer<typeof cartCheckoutBodySchema>;

/** Route parameters `:orderId` (a cart order, docs/architecture.md "Previews, cart and purchases"). */
export const orderParamsSchema = z.object({
  orderId: z.uuid({ error: 'orderId must be a UUID' }),
});

/** `GET /orders/:orderId?session=`: any other or missing session is the route's one 404. */
export const orderStatusQuerySchema = z.object({ session: z.string().max(255).optional() });

/** `GET /orders/:orderId/zip?token=`: a token that is not the order's is a 404, an old one 410. */
export const orderZipQuerySchema = z.object({ token: z.string().min(1).max(64) }).strict();
