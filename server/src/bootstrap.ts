import type { Core } from '@strapi/strapi';
import { registerWebhookEvents } from './services/events';
import { plugin } from './services';
import { subscribeToMediaChanges } from './lifecycles';
import { assertOutsidePublic } from './fulfilment/storage';
import { storageDir } from './fulfilment/options';
import { ensureAnalyticsIndexes } from './services/analytics-indexes';

export default async function bootstrap({ strapi }: { strapi: Core.Strapi }): Promise<void> {
  // Finished files must never be reachable without a token.
  assertOutsidePublic(storageDir(strapi), strapi.dirs.static.public);
  registerWebhookEvents(strapi);
  plugin(strapi);
  subscribeToMediaChanges(strapi);
  await ensureAnalyticsIndexes(strapi);
  // The worker starts once this instance serves HTTP: upscalers fetch originals from it,
  // and a one-off script or console that never listens does not process jobs.
  const httpServer = strapi.server.httpServer;
  if (httpServer.listening) plugin(strapi).worker.start();
  else httpServer.once('listening', () => plugin(strapi).worker.start());
  plugin(strapi).maintenance.schedule();
  if (!strapi.config.get('server.cron.enabled')) {
    strapi.log.warn(
      '[sell-my-images] cron is disabled (server.cron.enabled): unpaid checkouts, refund retries, reminders and expired files are not handled',
    );
  }
  strapi.log.info('[sell-my-images] ready');
}
