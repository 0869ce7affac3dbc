/**
 * Every service of the plugin, registered with Strapi
 * (`strapi.plugin('sell-my-images').service(name)`, typed through `getService`). Strapi
 * creates each on first use, once per instance; this file is where a service is given
 * the services it depends on (docs/architecture.md "Domains" gives the allowed direction).
 */
import type { Core } from '@strapi/strapi';
import type { PluginConfig } from '../config';
import { PLUGIN_ID } from '../plugin-id';
import { createAnalytics } from '../analytics/analytics';
import { createClicksService } from '../analytics/clicks';
import { createCartService } from '../commerce/cart';
import { createCheckoutService } from '../commerce/checkout';
import { createQuotes } from '../commerce/quotes';
import { createRefunds } from '../commerce/refunds';
import { createSettingsTools } from '../commerce/settings-tools';
import { createStripeEventsService } from '../commerce/stripe-events';
import { createDownloads } from '../delivery/downloads';
import { createFileStorage } from '../delivery/file-storage';
import { createMailOutbox } from '../delivery/outbox';
import { createPurchases } from '../delivery/purchases';
import { createOrders } from '../delivery/order-service';
import { createJobAdmin } from '../fulfilment/job-admin';
import { createMaintenance } from '../fulfilment/maintenance';
import { createPipeline } from '../fulfilment/pipeline';
import { createPrivacy } from '../fulfilment/privacy';
import { createQueue } from '../fulfilment/queue';
import { createReadiness } from '../fulfilment/readiness';
import { createWorker } from '../fulfilment/worker';
import { createJobList } from '../jobs/job-list';
import { createJobsService } from '../jobs/repository';
import { createCatalog } from '../media/catalog';
import { createPreviews } from '../previews/previews';
import { createEntryMedia } from '../commerce/entry-media';
import { createMediaLibrary } from '../media/media-library';
import { createPublishedUse } from '../media/published-use';
import { createSaleRulesService } from '../media/sale-rules';
import { createImagePrices } from '../media/image-prices';
import { createRateLimits } from '../middlewares/rate-limit';
import { createLimiterStore } from '../middlewares/rate-limit-store';
import { createCacheStamps, databaseStamps } from '../settings/cache-stamps';
import { rateLimitKey } from '../settings/keys';
import { createSettingsService } from '../settings/settings';
import { createSetup } from '../settings/startup-checks';
import { createSetupChecklist } from '../setup/checklist';
import { storageDir } from '../delivery/storage';
import { createLocalAiService } from '../upscalers/local-ai/service';
import { createMetrics } from '../utils/metrics';
import { readEnvironment } from '../settings/environment';
import { version } from '../../../package.json';
import { getService, type PluginServices, type ServiceName } from './get-service';

/** The services `names` of this instance, for a service that depends on them. */
function using<K extends ServiceName>(strapi: Core.Strapi, ...names: K[]): Pick<PluginServices, K> {
  const found = names.map((name) => [name, getService(strapi, name)] as const);
  return Object.fromEntries(found) as Pick<PluginServices, K>;
}

type Factories = {
  [K in keyof PluginServices]: (context: { strapi: Core.Strapi }) => PluginServices[K];
};

const services: Factories = {
  cacheStamps: ({ strapi }) => createCacheStamps(databaseStamps(strapi)),
  settings: ({ strapi }) => createSettingsService(strapi, using(strapi, 'cacheStamps')),
  setup: ({ strapi }) =>
    createSetup(strapi, {
      ...using(strapi, 'settings'),
      storageDir: () => storageDir(strapi),
      probeObjectStorage: () => getService(strapi, 'storage').probe(),
    }),
  setupChecklist: ({ strapi }) =>
    createSetupChecklist(strapi, using(strapi, 'settings', 'setup', 'settingsTools')),
  settingsTools: ({ strapi }) => createSettingsTools(strapi, using(strapi, 'settings', 'localAi')),
  saleRules: ({ strapi }) => createSaleRulesService(strapi),
  imagePrices: ({ strapi }) => createImagePrices(strapi),
  publishedUse: ({ strapi }) => createPublishedUse(strapi),
  catalog: ({ strapi }) =>
    createCatalog(strapi, using(strapi, 'saleRules', 'imagePrices', 'publishedUse', 'cacheStamps')),
  mediaLibrary: ({ strapi }) =>
    createMediaLibrary(
      strapi,
      using(strapi, 'settings', 'saleRules', 'imagePrices', 'publishedUse', 'catalog'),
    ),
  entryMedia: ({ strapi }) =>
    createEntryMedia(
      strapi,
      using(strapi, 'settings', 'saleRules', 'imagePrices', 'publishedUse', 'quotes'),
    ),
  jobs: ({ strapi }) => createJobsService(strapi),
  jobList: ({ strapi }) => createJobList(strapi, using(strapi, 'jobs')),
  localAi: ({ strapi }) =>
    createLocalAiService(strapi, {
      ...using(strapi, 'jobs', 'settings'),
      // A finished local upscale is read at once, like an Upsampler callback. Resolved
      // when called: the worker depends on this service.
      nudge: async (jobId) => {
        if (await getService(strapi, 'queue').nudge(jobId)) getService(strapi, 'worker').wake();
      },
    }),
  quotes: ({ strapi }) => createQuotes(using(strapi, 'settings', 'catalog', 'localAi')),
  previews: ({ strapi }) => createPreviews(strapi, using(strapi, 'quotes', 'storage', 'localAi')),
  checkout: ({ strapi }) =>
    createCheckoutService(
      strapi,
      using(strapi, 'settings', 'quotes', 'jobs', 'localAi', 'metrics'),
    ),
  cart: ({ strapi }) =>
    createCartService(strapi, using(strapi, 'settings', 'quotes', 'jobs', 'localAi', 'metrics')),
  stripeEvents: ({ strapi }) =>
    createStripeEventsService(strapi, using(strapi, 'jobs', 'settings', 'refunds', 'metrics')),
  refunds: ({ strapi }) => createRefunds(strapi, using(strapi, 'jobs', 'settings', 'metrics')),
  storage: ({ strapi }) => createFileStorage(strapi),
  downloads: ({ strapi }) =>
    createDownloads(strapi, using(strapi, 'jobs', 'settings', 'storage', 'metrics', 'localAi')),
  mailOutbox: ({ strapi }) =>
    createMailOutbox(strapi, using(strapi, 'jobs', 'settings', 'metrics')),
  orders: ({ strapi }) => createOrders(strapi, using(strapi, 'downloads')),
  clicks: ({ strapi }) => createClicksService(strapi, using(strapi, 'quotes')),
  analytics: ({ strapi }) => createAnalytics(strapi, using(strapi, 'settings')),
  queue: ({ strapi }) => createQueue(strapi),
  pipeline: ({ strapi }) =>
    createPipeline(
      strapi,
      using(strapi, 'jobs', 'settings', 'refunds', 'localAi', 'mailOutbox', 'storage', 'metrics'),
    ),
  worker: ({ strapi }) => createWorker(strapi, using(strapi, 'queue', 'pipeline', 'settings')),
  jobAdmin: ({ strapi }) =>
    createJobAdmin(
      strapi,
      using(strapi, 'jobs', 'jobList', 'settings', 'refunds', 'worker', 'mailOutbox'),
    ),
  maintenance: ({ strapi }) =>
    createMaintenance(strapi, {
      ...using(strapi, 'jobs', 'settings', 'stripeEvents', 'pipeline', 'mailOutbox', 'storage'),
      owner: getService(strapi, 'worker').owner,
    }),
  privacy: ({ strapi }) => createPrivacy(strapi),
  purchases: ({ strapi }) => createPurchases(strapi, using(strapi, 'jobs', 'settings', 'storage')),
  metrics: ({ strapi }) =>
    createMetrics({
      token: readEnvironment().metricsToken,
      nodeMetrics: true,
      // The job gauges from the database at scrape time: right across instances.
      readJobs: async () => {
        const { byStatus, depth } = await getService(strapi, 'queue').stats();
        return { byStatus, queueDepth: depth };
      },
      onReadError: (error) =>
        strapi.log.warn(`[sell-my-images] metrics: job gauges not read: ${error.message}`),
    }),
  readiness: ({ strapi }) =>
    createReadiness(strapi, { ...using(strapi, 'storage', 'queue', 'worker'), version }),
  rateLimits: ({ strapi }) =>
    createRateLimits(
      (strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig | undefined)?.rateLimits,
      { store: createLimiterStore(strapi), hashKey: (key) => rateLimitKey(strapi, key) },
    ),
};

export default services;
