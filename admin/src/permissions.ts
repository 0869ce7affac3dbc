import { permissionAction, type ActionUid } from '../../shared/contracts/permissions';

const action = (uid: ActionUid) => [{ action: permissionAction(uid), subject: null }];

/** What each page and button of the panel needs (the server guards the same actions). */
export const PERMISSIONS = {
  access: action('read'),
  readSettings: action('settings.read'),
  updateSettings: action('settings.update'),
  readJobs: action('jobs.read'),
  retryJobs: action('jobs.retry'),
  refundJobs: action('jobs.refund'),
  readAnalytics: action('analytics.read'),
  updateMedia: action('media.update'),
  managePrivacy: action('privacy.manage'),
};
