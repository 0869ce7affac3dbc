import { permissionAction, type ActionUid } from '../permissions';

/** Admin routes under `/sell-my-images`: admin JWT plus the RBAC action each one needs. */
const route = (method: string, path: string, handler: string, action: ActionUid) => ({
  method,
  path,
  handler,
  config: {
    policies: [
      'admin::isAuthenticatedAdmin',
      { name: 'admin::hasPermissions', config: { actions: [permissionAction(action)] } },
    ],
  },
});

export default {
  type: 'admin',
  routes: [
    // Overview page: the public health answer, where the panel need not know the API prefix
    route('GET', '/health', 'health.check', 'read'),
    // Overview page: the live setup checklist and its "Send test e-mail" (README "Setup checklist")
    route('GET', '/setup', 'adminSetup.checklist', 'settings.read'),
    route('POST', '/setup/test-email', 'adminSetup.testEmail', 'settings.update'),
    // Settings page
    route('GET', '/settings', 'adminSettings.find', 'settings.read'),
    route('PUT', '/settings', 'adminSettings.update', 'settings.update'),
    route('POST', '/settings/price-preview', 'adminSettings.pricePreview', 'settings.read'),
    route('POST', '/settings/test/stripe', 'adminSettings.testStripe', 'settings.read'),
    route('POST', '/settings/test/upscaler', 'adminSettings.testUpscaler', 'settings.read'),
    route('GET', '/settings/stripe-webhook', 'adminSettings.stripeWebhookStatus', 'settings.read'),
    route(
      'POST',
      '/settings/stripe-webhook',
      'adminSettings.setupStripeWebhook',
      'settings.update',
    ),
    route(
      'POST',
      '/settings/local-ai/expected-times',
      'adminSettings.localAiTimes',
      'settings.read',
    ),
    route(
      'POST',
      '/settings/local-ai/calibrate',
      'adminSettings.localAiCalibrate',
      'settings.update',
    ),
    // Sellable media page and the Content Manager side panel
    route('GET', '/media', 'adminMedia.list', 'read'),
    route('GET', '/media/folders', 'adminMedia.folders', 'read'),
    route('PUT', '/media/sale', 'adminMedia.setSaleBulk', 'media.update'),
    route('PUT', '/media/:fileId/sale', 'adminMedia.setSale', 'media.update'),
    route('PUT', '/media/:fileId/price', 'adminMedia.setPrice', 'media.update'),
    route('GET', '/entries/:model/:documentId/media', 'adminMedia.entryMedia', 'read'),
    // Analytics page
    route('GET', '/analytics/summary', 'adminAnalytics.summary', 'analytics.read'),
    route('GET', '/analytics/overview', 'adminAnalytics.overview', 'analytics.read'),
    route('GET', '/analytics/images', 'adminAnalytics.images', 'analytics.read'),
    route('GET', '/analytics/pages', 'adminAnalytics.pages', 'analytics.read'),
    route('GET', '/analytics/export', 'adminAnalytics.exportCsv', 'analytics.read'),
    // Jobs page
    route('GET', '/jobs', 'adminJobs.list', 'jobs.read'),
    route('GET', '/jobs/:jobId', 'adminJobs.detail', 'jobs.read'),
    route('POST', '/jobs/:jobId/retry', 'adminJobs.retry', 'jobs.retry'),
    route('POST', '/jobs/:jobId/resend', 'adminJobs.resend', 'jobs.retry'),
    route('POST', '/jobs/:jobId/new-link', 'adminJobs.newLink', 'jobs.retry'),
    route('POST', '/jobs/:jobId/refund', 'adminJobs.refund', 'jobs.refund'),
    // Privacy page: one buyer's data, exported or erased (README "Privacy and retention")
    route('GET', '/privacy/export', 'adminPrivacy.exportData', 'privacy.manage'),
    route('POST', '/privacy/erase', 'adminPrivacy.erase', 'privacy.manage'),
  ],
};
