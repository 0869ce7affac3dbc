import type { Core } from '@strapi/strapi';
import type { PluginConfig } from '../config';
import { createSettingsService } from './settings';
import { createSaleRulesService } from './sale-rules';
import { createJobsService } from './jobs';
import { createCheckoutService } from './checkout';
import { createStripeEventsService } from './stripe-events';
import { createClicksService } from './clicks';
import { createRateLimits } from './rate-limits';
import { createCatalog } from './catalog';
import { createRefunds } from '../fulfilment/refunds';
import { createPipeline } from '../fulfilment/pipeline';
import { createQueue } from '../fulfilment/queue';
import { createWorker } from '../fulfilment/worker';
import { createJobAdmin } from './job-admin';
import { createMaintenance } from '../fulfilment/maintenance';
import { createLocalAiService } from './local-ai';

/**
 * The plugin's services, wired once per Strapi instance. Controllers reach them
 * with `plugin(strapi)` (see services/plugin.ts).
 */
export function createServices(strapi: Core.Strapi) {
  const config = (strapi.config.get('plugin::sell-my-images') ?? {}) as PluginConfig;
  const settings = createSettingsService(strapi);
  const saleRules = createSaleRulesService(strapi);
  const jobs = createJobsService(strapi);
  const catalog = createCatalog(strapi, saleRules);
  const refunds = createRefunds(strapi, { jobs, settings });
  const queue = createQueue(strapi);
  // A finished local upscale is read at once, like an Upsampler callback (worker is set below; called later).
  const localAi = createLocalAiService(strapi, {
    jobs,
    settings,
    nudge: async (jobId) => void ((await queue.nudge(jobId)) && worker.wake()),
  });
  const pipeline = createPipeline(strapi, { jobs, settings, refunds, localAi });
  const worker = createWorker(strapi, { queue, pipeline, settings });
  const jobAdmin = createJobAdmin(strapi, { jobs, settings, refunds, worker });
  const stripeEvents = createStripeEventsService(strapi, { jobs });
  const maintenance = createMaintenance(strapi, {
    jobs,
    settings,
    stripeEvents,
    pipeline,
    owner: worker.owner,
  });
  return {
    maintenance,
    jobAdmin,
    refunds,
    pipeline,
    queue,
    worker,
    settings,
    saleRules,
    jobs,
    catalog,
    localAi,
    checkout: createCheckoutService(strapi, { settings, catalog, jobs, localAi }),
    stripeEvents,
    clicks: createClicksService(strapi),
    rateLimits: createRateLimits(config.rateLimits),
  };
}

export type PluginServices = ReturnType<typeof createServices>;

let services: PluginServices | null = null;
let owner: Core.Strapi | null = null;

/** The services of this Strapi instance (created on first use). */
export function plugin(strapi: Core.Strapi): PluginServices {
  if (!services || owner !== strapi) {
    services = createServices(strapi);
    owner = strapi;
  }
  return services;
}

/** Also registered as Strapi services: `strapi.plugin('sell-my-images').service('checkout')`. */
export default {
  settings: ({ strapi }: { strapi: Core.Strapi }) => plugin(strapi).settings,
  saleRules: ({ strapi }: { strapi: Core.Strapi }) => plugin(strapi).saleRules,
  jobs: ({ strapi }: { strapi: Core.Strapi }) => plugin(strapi).jobs,
  checkout: ({ strapi }: { strapi: Core.Strapi }) => plugin(strapi).checkout,
  stripeEvents: ({ strapi }: { strapi: Core.Strapi }) => plugin(strapi).stripeEvents,
  clicks: ({ strapi }: { strapi: Core.Strapi }) => plugin(strapi).clicks,
  maintenance: ({ strapi }: { strapi: Core.Strapi }) => plugin(strapi).maintenance,
  jobAdmin: ({ strapi }: { strapi: Core.Strapi }) => plugin(strapi).jobAdmin,
};
