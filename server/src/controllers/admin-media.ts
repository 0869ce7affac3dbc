import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../services/get-service';
import {
  bulkSaleBodySchema,
  entryParamsSchema,
  entryQuerySchema,
  fileParamsSchema,
  imagePriceBodySchema,
  mediaListQuerySchema,
  saleBodySchema,
} from '../validation/admin-media';
import { validate } from '../validation/validate';

interface AdminAbility {
  can(action: string, subject?: string): boolean;
}

/**
 * Sellable media page and the Content Manager side panel (RBAC: `read` to look,
 * `media.update` to change a rule or an image's price; the routes declare which).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** `PUT /media/:fileId/sale` `{ forSale: true | false | null }` */
  async setSale(ctx: Context): Promise<void> {
    const { fileId } = validate(fileParamsSchema, ctx.params, 'parameters', 'Invalid fileId');
    const { forSale } = validate(saleBodySchema, ctx.request.body, 'body');
    ctx.body = { data: await getService(strapi, 'mediaLibrary').setOne(fileId, forSale) };
  },

  /** `PUT /media/:fileId/price` `{ fixedPrices, multiplierPercent }` (both null clears it). */
  async setPrice(ctx: Context): Promise<void> {
    const { fileId } = validate(fileParamsSchema, ctx.params, 'parameters', 'Invalid fileId');
    const price = validate(imagePriceBodySchema, ctx.request.body, 'body');
    ctx.body = { data: await getService(strapi, 'mediaLibrary').setPrice(fileId, price) };
  },

  /** `GET /media?q=&folder=<id>|root&page=&pageSize=` → `{ data: { saleMode, results, pagination } }` */
  async list(ctx: Context): Promise<void> {
    const query = validate(mediaListQuerySchema, ctx.query, 'query');
    ctx.body = {
      data: await getService(strapi, 'mediaLibrary').list({ ...query, q: query.q || undefined }),
    };
  },

  /** `GET /media/folders` → `{ data: [{ id, name, path, label }] }` */
  async folders(ctx: Context): Promise<void> {
    ctx.body = { data: await getService(strapi, 'mediaLibrary').folders() };
  },

  /** `PUT /media/sale` `{ fileIds, forSale }`: all or nothing; 404 when an id is unknown. */
  async setSaleBulk(ctx: Context): Promise<void> {
    const { fileIds, forSale } = validate(bulkSaleBodySchema, ctx.request.body, 'body');
    ctx.body = { data: await getService(strapi, 'mediaLibrary').setSale(fileIds, forSale) };
  },

  /** `GET /entries/:model/:documentId/media?locale=&status=` → `{ data: { saleMode, currency, mediaFields, images } }` */
  async entryMedia(ctx: Context): Promise<void> {
    const params = validate(entryParamsSchema, ctx.params, 'parameters');
    const query = validate(entryQuerySchema, ctx.query, 'query');
    const ability = (ctx.state as { userAbility?: AdminAbility }).userAbility;
    const canRead = (model: string) =>
      !ability || ability.can('plugin::content-manager.explorer.read', model);
    ctx.body = {
      data: await getService(strapi, 'entryMedia').find({ ...params, ...query }, canRead),
    };
  },
});
