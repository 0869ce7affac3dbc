import type { Core } from '@strapi/strapi';
import { ensureAnalyticsIndexes } from './analytics/indexes';
import { assertOutsidePublic, storageDir } from './delivery/storage';
import { registerWebhookEvents } from './jobs/events';
import { subscribeToContentChanges, subscribeToMediaChanges } from './lifecycles';
import { getService } from './services/get-service';
import { checkKeysAtStartup } from './settings/keys';

export default async function bootstrap({ strapi }: { strapi: Core.Strapi }): Promise<void> {
  // Production needs SMI_ENCRYPTION_KEY; secrets an older key wrote move to the current one.
  checkKeysAtStartup(strapi);
  await getService(strapi, 'settings').reencryptSecrets();
  // Finished files must never be reachable without a token.
  assertOutsidePublic(storageDir(strapi), strapi.dirs.static.public);
  // The folder or the bucket SMI_STORAGE chose: a wrong setting stops here, naming it.
  getService(strapi, 'storage');
  registerWebhookEvents(strapi);
  subscribeToMediaChanges(strapi);
  subscribeToContentChanges(strapi);
  await ensureAnalyticsIndexes(strapi);
  // The worker starts once this instance serves HTTP: upscalers fetch originals from it,
  // and a one-off script or console that never listens does not process jobs.
  const startWorker = () => getService(strapi, 'worker').start();
  const httpServer = strapi.server.httpServer;
  if (httpServer.listening) startWorker();
  else httpServer.once('listening', startWorker);
  getService(strapi, 'maintenance').schedule();
  // What the site still lacks to sell, one line each naming the setting (README "Start-up checks").
  await getService(strapi, 'setup').logChecks();
  strapi.log.info('[sell-my-images] ready');
}
