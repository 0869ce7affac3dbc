import type { Core } from '@strapi/strapi';
import { getService } from './services/get-service';
import { FILE_UID } from './media/files';

/**
 * Media-library changes: cached file data is dropped, and when a file is deleted its
 * sale rule goes with it. Jobs keep their record and their stored result.
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
      if (typeof id === 'number') await getService(strapi, 'saleRules').removeForFile(id);
    },
    afterDeleteMany: invalidate,
  });
}
