import type { Core } from '@strapi/strapi';

export default async function destroy({ strapi }: { strapi: Core.Strapi }): Promise<void> {
  strapi.log.debug('[sell-my-images] stopped');
}
