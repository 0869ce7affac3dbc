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
  strapi.log.info('[sell-my-images] ready');
}
