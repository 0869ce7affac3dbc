import type { Core } from '@strapi/strapi';
import { getService } from './services/get-service';
import { FILE_UID } from './media/files';

/**
 * Media-library changes: cached file data is dropped, and when a file is deleted its
 * sale rule and its own price go with it. Jobs keep their record and their stored result.
 */
export function subscribeToMediaChanges(strapi: Core.Strapi): void {
  const invalidate = () => getService(strapi, 'catalog').invalidate();
  strapi.db.lifecycles.subscribe({
    models: [FILE_UID],
    afterCreate: invalidate,
    afterUpdate: invalidate,
    afterUpdateMany: invalidate,
    async afterDelete(event) {
      invalidate();
      const id = (event.result as { id?: number } | undefined)?.id;
      if (typeof id === 'number') {
        await getService(strapi, 'saleRules').removeForFile(id);
        await getService(strapi, 'imagePrices').removeForFile(id);
      }
    },
    afterDeleteMany: invalidate,
  });
}

/** Document service actions that only read (anything else may change which files are published). */
const READ_ACTIONS = new Set(['findOne', 'findMany', 'findFirst', 'count']);

/**
 * Content changes: whether a published entry uses a file (sale mode `all`) may change on
 * any write to an `api::` entry (publish, unpublish, update, delete…), so the public
 * routes' cached answers are dropped; other instances follow within the catalog's TTL.
 */
export function subscribeToContentChanges(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    const result = await next();
    if (context.uid.startsWith('api::') && !READ_ACTIONS.has(context.action))
      getService(strapi, 'catalog').invalidate();
    return result;
  });
}
