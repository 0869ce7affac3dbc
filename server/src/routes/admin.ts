import { permissionAction, type ActionUid } from '../permissions';

/** Admin routes under `/sell-my-images`: admin JWT plus the RBAC action each one needs. */
const route = (method: string, path: string, handler: string, action: ActionUid) => ({
  method,
  path,
  handler,
  config: {
    policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [permissionAction(action)] } }],
  },
});

export default {
  type: 'admin',
  routes: [
    route('GET', '/settings', 'adminSettings.find', 'settings.read'),
    route('PUT', '/settings', 'adminSettings.update', 'settings.update'),
    route('PUT', '/media/:fileId/sale', 'adminMedia.setSale', 'media.update'),
    route('GET', '/analytics/summary', 'adminAnalytics.summary', 'analytics.read'),
    route('GET', '/jobs', 'adminJobs.list', 'jobs.read'),
    route('GET', '/jobs/:jobId', 'adminJobs.detail', 'jobs.read'),
    route('POST', '/jobs/:jobId/retry', 'adminJobs.retry', 'jobs.retry'),
    route('POST', '/jobs/:jobId/resend', 'adminJobs.resend', 'jobs.retry'),
    route('POST', '/jobs/:jobId/new-link', 'adminJobs.newLink', 'jobs.retry'),
    route('POST', '/jobs/:jobId/refund', 'adminJobs.refund', 'jobs.refund'),
  ],
};
