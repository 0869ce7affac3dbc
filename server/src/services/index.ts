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
import { createCheckoutService } from '../commerce/checkout';
import { createQuotes } from '../commerce/quotes';
import { createRefunds } from '../commerce/refunds';
import { createSettingsTools } from '../commerce/settings-tools';
import { createStripeEventsService } from '../commerce/stripe-events';
import { createDownloads } from '../delivery/downloads';
import { createJobAdmin } from '../fulfilment/job-admin';
import { createMaintenance } from '../fulfilment/maintenance';
import { createPipeline } from '../fulfilment/pipeline';
import { createQueue } from '../fulfilment/queue';
import { createWorker } from '../fulfilment/worker';
import { createJobList } from '../jobs/job-list';
import { createJobsService } from '../jobs/repository';
import { createCatalog } from '../media/catalog';
import { createEntryMedia } from '../commerce/entry-media';
import { createMediaLibrary } from '../media/media-library';
import { createSaleRulesService } from '../media/sale-rules';
import { createRateLimits } from '../middlewares/rate-limit';
import { createSettingsService } from '../settings/settings';
import { createLocalAiService } from '../upscalers/local-ai/service';
import { getService, type PluginServices } from './get-service';

type Factories = {
  [K in keyof PluginServices]: (context: { strapi: Core.Strapi }) => PluginServices[K];
};

const services: Factories = {
  settings: ({ strapi }) => createSettingsService(strapi),
  settingsTools: ({ strapi }) =>
    createSettingsTools(strapi, {
      settings: getService(strapi, 'settings'),
      localAi: getService(strapi, 'localAi'),
    }),
  saleRules: ({ strapi }) => createSaleRulesService(strapi),
  catalog: ({ strapi }) => createCatalog(strapi, getService(strapi, 'saleRules')),
  mediaLibrary: ({ strapi }) =>
    createMediaLibrary(strapi, {
      settings: getService(strapi, 'settings'),
      saleRules: getService(strapi, 'saleRules'),
      catalog: getService(strapi, 'catalog'),
    }),
  entryMedia: ({ strapi }) =>
    createEntryMedia(strapi, {
      settings: getService(strapi, 'settings'),
      saleRules: getService(strapi, 'saleRules'),
    }),
  jobs: ({ strapi }) => createJobsService(strapi),
  jobList: ({ strapi }) => createJobList(strapi, { jobs: getService(strapi, 'jobs') }),
  localAi: ({ strapi }) =>
    createLocalAiService(strapi, {
      jobs: getService(strapi, 'jobs'),
      settings: getService(strapi, 'settings'),
      // A finished local upscale is read at once, like an Upsampler callback. Resolved
      // when called: the worker depends on this service.
      nudge: async (jobId) => {
        if (await getService(strapi, 'queue').nudge(jobId)) getService(strapi, 'worker').wake();
      },
    }),
  quotes: ({ strapi }) =>
    createQuotes({
      settings: getService(strapi, 'settings'),
      catalog: getService(strapi, 'catalog'),
      localAi: getService(strapi, 'localAi'),
    }),
  checkout: ({ strapi }) =>
    createCheckoutService(strapi, {
      settings: getService(strapi, 'settings'),
      quotes: getService(strapi, 'quotes'),
      jobs: getService(strapi, 'jobs'),
      localAi: getService(strapi, 'localAi'),
    }),
  stripeEvents: ({ strapi }) =>
    createStripeEventsService(strapi, {
      jobs: getService(strapi, 'jobs'),
      settings: getService(strapi, 'settings'),
    }),
  refunds: ({ strapi }) =>
    createRefunds(strapi, {
      jobs: getService(strapi, 'jobs'),
      settings: getService(strapi, 'settings'),
    }),
  downloads: ({ strapi }) =>
    createDownloads(strapi, {
      jobs: getService(strapi, 'jobs'),
      settings: getService(strapi, 'settings'),
    }),
  clicks: ({ strapi }) => createClicksService(strapi),
  analytics: ({ strapi }) => createAnalytics(strapi, { settings: getService(strapi, 'settings') }),
  queue: ({ strapi }) => createQueue(strapi),
  pipeline: ({ strapi }) =>
    createPipeline(strapi, {
      jobs: getService(strapi, 'jobs'),
      settings: getService(strapi, 'settings'),
      refunds: getService(strapi, 'refunds'),
      localAi: getService(strapi, 'localAi'),
    }),
  worker: ({ strapi }) =>
    createWorker(strapi, {
      queue: getService(strapi, 'queue'),
      pipeline: getService(strapi, 'pipeline'),
      settings: getService(strapi, 'settings'),
    }),
  jobAdmin: ({ strapi }) =>
    createJobAdmin(strapi, {
      jobs: getService(strapi, 'jobs'),
      jobList: getService(strapi, 'jobList'),
      settings: getService(strapi, 'settings'),
      refunds: getService(strapi, 'refunds'),
      worker: getService(strapi, 'worker'),
    }),
  maintenance: ({ strapi }) =>
    createMaintenance(strapi, {
      jobs: getService(strapi, 'jobs'),
      settings: getService(strapi, 'settings'),
      stripeEvents: getService(strapi, 'stripeEvents'),
      pipeline: getService(strapi, 'pipeline'),
      owner: getService(strapi, 'worker').owner,
    }),
  rateLimits: ({ strapi }) =>
    createRateLimits(
      (strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig | undefined)?.rateLimits,
    ),
};

export default services;
