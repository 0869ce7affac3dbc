/**
 * The plugin's services by name, typed: `getService(strapi, 'checkout')`. Controllers,
 * middlewares, lifecycles, bootstrap and destroy reach services this way; a domain
 * service gets the services it uses from the registry (services/index) instead, so the
 * direction of dependencies stays visible (docs/architecture.md "Domains").
 */
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../plugin-id';
import type { AnalyticsService } from '../analytics/analytics';
import type { ClicksService } from '../analytics/clicks';
import type { CartService } from '../commerce/cart';
import type { CheckoutService } from '../commerce/checkout';
import type { Quotes } from '../commerce/quotes';
import type { Refunds } from '../commerce/refunds';
import type { SettingsTools } from '../commerce/settings-tools';
import type { StripeEventsService } from '../commerce/stripe-events';
import type { DownloadsService } from '../delivery/downloads';
import type { FileStorage } from '../delivery/file-storage';
import type { MailOutbox } from '../delivery/outbox';
import type { Purchases } from '../delivery/purchases';
import type { OrdersService } from '../delivery/order-service';
import type { JobAdmin } from '../fulfilment/job-admin';
import type { Maintenance } from '../fulfilment/maintenance';
import type { Pipeline } from '../fulfilment/pipeline';
import type { Privacy } from '../fulfilment/privacy';
import type { Queue } from '../fulfilment/queue';
import type { Readiness } from '../fulfilment/readiness';
import type { Worker } from '../fulfilment/worker';
import type { JobList } from '../jobs/job-list';
import type { Previews } from '../previews/previews';
import type { JobsService } from '../jobs/repository';
import type { Catalog } from '../media/catalog';
import type { EntryMediaService } from '../commerce/entry-media';
import type { MediaLibrary } from '../media/media-library';
import type { PublishedUse } from '../media/published-use';
import type { SaleRulesService } from '../media/sale-rules';
import type { ImagePricesService } from '../media/image-prices';
import type { RateLimits } from '../middlewares/rate-limit';
import type { CacheStamps } from '../settings/cache-stamps';
import type { SettingsService } from '../settings/settings';
import type { Setup } from '../settings/startup-checks';
import type { SetupChecklistService } from '../setup/checklist';
import type { LocalAiService } from '../upscalers/local-ai/service';
import type { Metrics } from '../utils/metrics';

export interface PluginServices {
  cacheStamps: CacheStamps;
  settings: SettingsService;
  setup: Setup;
  setupChecklist: SetupChecklistService;
  settingsTools: SettingsTools;
  saleRules: SaleRulesService;
  imagePrices: ImagePricesService;
  publishedUse: PublishedUse;
  catalog: Catalog;
  mediaLibrary: MediaLibrary;
  entryMedia: EntryMediaService;
  jobs: JobsService;
  jobList: JobList;
  localAi: LocalAiService;
  quotes: Quotes;
  previews: Previews;
  checkout: CheckoutService;
  cart: CartService;
  stripeEvents: StripeEventsService;
  refunds: Refunds;
  storage: FileStorage;
  downloads: DownloadsService;
  mailOutbox: MailOutbox;
  orders: OrdersService;
  clicks: ClicksService;
  analytics: AnalyticsService;
  queue: Queue;
  pipeline: Pipeline;
  worker: Worker;
  jobAdmin: JobAdmin;
  maintenance: Maintenance;
  privacy: Privacy;
  purchases: Purchases;
  rateLimits: RateLimits;
  metrics: Metrics;
  readiness: Readiness;
}

export type ServiceName = keyof PluginServices;

export function getService<K extends ServiceName>(strapi: Core.Strapi, name: K): PluginServices[K] {
  return strapi.plugin(PLUGIN_ID).service(name);
}
