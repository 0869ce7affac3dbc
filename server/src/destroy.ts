import type { Core } from '@strapi/strapi';
import { getService } from './services/get-service';

export default async function destroy({ strapi }: { strapi: Core.Strapi }): Promise<void> {
  await getService(strapi, 'worker').stop();
  getService(strapi, 'previews').stop();
  // Local AI runs in progress are started again after a restart (their heartbeat stops).
  await getService(strapi, 'localAi').stop();
  await getService(strapi, 'rateLimits').close();
  strapi.log.debug('[sell-my-images] stopped');
}
