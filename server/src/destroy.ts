import type { Core } from '@strapi/strapi';
import { plugin } from './services';

export default async function destroy({ strapi }: { strapi: Core.Strapi }): Promise<void> {
  await plugin(strapi).worker.stop();
  // Local AI runs in progress are started again after a restart (their heartbeat stops).
  await plugin(strapi).localAi.stop();
  strapi.log.debug('[sell-my-images] stopped');
}
