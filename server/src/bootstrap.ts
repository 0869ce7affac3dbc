import type { Core } from '@strapi/strapi';
import { ensureAnalyticsIndexes } from './analytics/indexes';
import { assertOutsidePublic, storageDir } from './delivery/storage';
import { registerWebhookEvents } from './jobs/events';
import { subscribeToContentChanges, subscribeToMediaChanges } from './lifecycles';
import { getService } from './services/get-service';
import { ensureStampTable } from './settings/cache-stamps';
import { workerEnabled } from './settings/environment';
import { checkKeysAtStartup } from './settings/keys';

export default async function bootstrap({ strapi }: { strapi: Core.Strapi }): Promise<void> {
  // Production needs SMI_ENCRYPTION_KEY; secrets an older key wrote move to the current one.
  checkKeysAtStartup(strapi);
  // A wrong SMI_WORKER stops here, naming it.
  const worker = workerEnabled();
  // The version stamps the caches of every instance follow (README "Several instances").
  await ensureStampTable(strapi);
  await getService(strapi, 'settings').reencryptSecrets();
  // Finished files must never be reachable without a token.
  assertOutsidePublic(storageDir(strapi), strapi.dirs.static.public);
  // The folder or the bucket SMI_STORAGE chose: a wrong setting stops here, naming it.
  getService(strapi, 'storage');
  registerWebhookEvents(strapi);
  subscribeToMediaChanges(strapi);
  subscribeToContentChanges(strapi);
  await ensureAnalyticsIndexes(strapi);
  // A job's paid day is read raw until the summaries are rebuilt (docs/architecture.md "Analytics rollups").
  getService(strapi, 'analytics').rollups.subscribe();
  // Rate limits counted where every instance sees them (README "Several instances").
  const rateLimits = getService(strapi, 'rateLimits');
  await rateLimits.prepare();
  // SKIP LOCKED claims where the database has them (docs/architecture.md "Queue and leases").
  const claim = await getService(strapi, 'queue').detectClaimMethod();
  strapi.log.info(
    `[sell-my-images] rate limits counted in ${rateLimits.store}; jobs claimed with ${claim}`,
  );
  // The worker starts once this instance serves HTTP: upscalers fetch originals from it,
  // and a one-off script or console that never listens does not process jobs. With
  // SMI_WORKER=off it never starts: this instance serves requests only.
  if (worker) {
    const startWorker = () => {
      getService(strapi, 'worker').start();
      // local-ai on ONNX: the model is loaded before the first sale, not by it.
      getService(strapi, 'localAi')
        .prewarm()
        .catch((error: Error) =>
          strapi.log.warn(`[sell-my-images] local AI warm-up failed: ${error.message}`),
        );
    };
    const httpServer = strapi.server.httpServer;
    if (httpServer.listening) startWorker();
    else httpServer.once('listening', startWorker);
  } else {
    strapi.log.info('[sell-my-images] SMI_WORKER=off: this instance never claims jobs');
  }
  getService(strapi, 'maintenance').schedule();
  // What the site still lacks to sell, one line each naming the setting (README "Start-up checks").
  await getService(strapi, 'setup').logChecks();
  strapi.log.info('[sell-my-images] ready');
}
