import type { Core } from '@strapi/strapi';
import { registerWebhookEvents } from './services/events';
import { plugin } from './services';
import { subscribeToMediaChanges } from './lifecycles';
import { assertOutsidePublic } from './fulfilment/storage';
import { storageDir } from './fulfilment/options';

export default async function bootstrap({ strapi }: { strapi: Core.Strapi }): Promise<void> {
  // Finished files must never be reachable without a token.
  assertOutsidePublic(storageDir(strapi), strapi.dirs.static.public);
  registerWebhookEvents(strapi);
  plugin(strapi);
  subscribeToMediaChanges(strapi);
  plugin(strapi).worker.start();
  plugin(strapi).maintenance.schedule();
  if (!strapi.config.get('server.cron.enabled')) {
    strapi.log.warn('[sell-my-images] cron is disabled (server.cron.enabled): unpaid checkouts, refund retries, reminders and expired files are not handled');
  }
  strapi.log.info('[sell-my-images] ready');
}
