import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from './plugin-id';

/** RBAC actions of the admin panel (docs/architecture.md "Security model"): `plugin::sell-my-images.<action>`. */
const ACTIONS = [
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
] as const;

export type ActionUid = (typeof ACTIONS)[number]['uid'];

export function permissionAction(uid: ActionUid): string {
  return `plugin::${PLUGIN_ID}.${uid}`;
}

export async function registerPermissions(strapi: Core.Strapi): Promise<void> {
  const actions = ACTIONS.map((action) => ({
    section: 'plugins',
    displayName: action.displayName,
    uid: action.uid,
    pluginName: PLUGIN_ID,
    ...('subCategory' in action ? { subCategory: action.subCategory } : {}),
  }));
  await strapi.service('admin::permission').actionProvider.registerMany(actions);
}
