import { PLUGIN_ID } from '../pluginId';

/** Every message id of the plugin is namespaced: `sell-my-images.<key>`. */
export const getTranslation = (id: string): string => `${PLUGIN_ID}.${id}`;
