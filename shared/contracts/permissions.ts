/**
 * The RBAC actions of the admin panel, `plugin::sell-my-images.<uid>`: the server
 * registers them and guards each admin route with one; the panel hides what an admin may
 * not do with the same ids.
 */
export const PERMISSION_ACTIONS = [
  { uid: 'read', displayName: 'Access the plugin' },
  { uid: 'settings.read', displayName: 'Read settings', subCategory: 'settings' },
  { uid: 'settings.update', displayName: 'Update settings', subCategory: 'settings' },
  { uid: 'jobs.read', displayName: 'Read jobs', subCategory: 'jobs' },
  {
    uid: 'jobs.retry',
    displayName: 'Retry jobs, resend e-mails and issue new links',
    subCategory: 'jobs',
  },
  { uid: 'jobs.refund', displayName: 'Refund jobs', subCategory: 'jobs' },
  { uid: 'analytics.read', displayName: 'Read analytics', subCategory: 'analytics' },
  { uid: 'media.update', displayName: 'Choose which media are for sale', subCategory: 'media' },
  {
    uid: 'privacy.manage',
    displayName: "Export and erase a buyer's data",
    subCategory: 'privacy',
  },
] as const;

export type ActionUid = (typeof PERMISSION_ACTIONS)[number]['uid'];

/** `plugin::sell-my-images.<uid>`. */
export const permissionAction = (uid: ActionUid): string => `plugin::sell-my-images.${uid}`;
