import type { Core } from '@strapi/strapi';
import { plugin } from './services';

export default async function destroy({ strapi }: { strapi: Core.Strapi }): Promise<void> {
  await plugin(strapi).worker.stop();
  strapi.log.debug('[sell-my-images] stopped');
}
