import { PLUGIN_ID } from './pluginId';

const action = (uid: string) => [{ action: `plugin::${PLUGIN_ID}.${uid}`, subject: null }];

/** Mirrors server/src/permissions.ts: what each page and button of the panel needs. */
export const PERMISSIONS = {
  access: action('read'),
  readSettings: action('settings.read'),
  updateSettings: action('settings.update'),
  readJobs: action('jobs.read'),
  retryJobs: action('jobs.retry'),
  refundJobs: action('jobs.refund'),
  readAnalytics: action('analytics.read'),
  updateMedia: action('media.update'),
};
