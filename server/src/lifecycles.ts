import type { Core } from '@strapi/strapi';
import { plugin } from './services';

/**
 * Media-library changes: cached file data is dropped, and when a file is deleted its
 * sale rule goes with it. Jobs keep their record and their stored result.
 */
export function subscribeToMediaChanges(strapi: Core.Strapi): void {
  strapi.db.lifecycles.subscribe({
    models: ['plugin::upload.file'],
    afterCreate: () => plugin(strapi).catalog.invalidate(),
    afterUpdate: () => plugin(strapi).catalog.invalidate(),
    afterUpdateMany: () => plugin(strapi).catalog.invalidate(),
    async afterDelete(event) {
      plugin(strapi).catalog.invalidate();
      const id = (event.result as { id?: number } | undefined)?.id;
      if (typeof id === 'number') await plugin(strapi).saleRules.removeForFile(id);
    },
    afterDeleteMany: () => plugin(strapi).catalog.invalidate(),
  });
}
