import type { StrapiApp } from '@strapi/strapi/admin';
import { PLUGIN_ID } from './pluginId';
import { PERMISSIONS } from './permissions';
import { PluginIcon } from './components/PluginIcon';
import { getTranslation } from './utils/getTranslation';

type Translations = Record<string, string>;

export default {
  register(app: StrapiApp) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: PluginIcon,
      intlLabel: { id: getTranslation('plugin.name'), defaultMessage: 'Sell My Images' },
      permissions: PERMISSIONS.access,
      Component: () => import('./pages/App'),
    });

    app.addSettingsLink(
      { id: PLUGIN_ID, intlLabel: { id: getTranslation('settings.section'), defaultMessage: 'Sell My Images' } },
      {
        id: `${PLUGIN_ID}-configuration`,
        to: PLUGIN_ID,
        intlLabel: { id: getTranslation('settings.link'), defaultMessage: 'Configuration' },
        permissions: PERMISSIONS.readSettings,
        Component: () => import('./pages/SettingsPage'),
      },
    );

    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = (await import(`./translations/${locale}.json`)) as { default: Translations };
          const prefixed = Object.fromEntries(Object.entries(data).map(([key, value]) => [getTranslation(key), value]));
          return { data: prefixed, locale };
        } catch {
          return { data: {}, locale };
        }
      }),
    );
  },
};
