import type { Core } from '@strapi/strapi';
import { registerWebhookEvents } from './services/events';
import { plugin } from './services';
import { subscribeToMediaChanges } from './lifecycles';

export default async function bootstrap({ strapi }: { strapi: Core.Strapi }): Promise<void> {
  registerWebhookEvents(strapi);
  plugin(strapi);
  subscribeToMediaChanges(strapi);
  strapi.log.info('[sell-my-images] ready');
}
