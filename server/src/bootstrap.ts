import type { Core } from '@strapi/strapi';

export default async function bootstrap({ strapi }: { strapi: Core.Strapi }): Promise<void> {
  strapi.log.info('[sell-my-images] ready');
}
