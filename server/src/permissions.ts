import type { Core } from '@strapi/strapi';
import { PERMISSION_ACTIONS } from '../../shared/contracts/permissions';
import { PLUGIN_ID } from './plugin-id';

export { permissionAction, type ActionUid } from '../../shared/contracts/permissions';

export async function registerPermissions(strapi: Core.Strapi): Promise<void> {
  const actions = PERMISSION_ACTIONS.map((action) => ({
    section: 'plugins',
    displayName: action.displayName,
    uid: action.uid,
    pluginName: PLUGIN_ID,
    ...('subCategory' in action ? { subCategory: action.subCategory } : {}),
  }));
  await strapi.service('admin::permission').actionProvider.registerMany(actions);
}
