import type { Core } from '@strapi/strapi';
import { registerWebhookEvents } from './services/events';
import { plugin } from './services';

export default async function bootstrap({ strapi }: { strapi: Core.Strapi }): Promise<void> {
  registerWebhookEvents(strapi);
  plugin(strapi);
  strapi.log.info('[sell-my-images] ready');
}
