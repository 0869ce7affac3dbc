import type { StrapiApp } from '@strapi/strapi/admin';
import { PLUGIN_ID } from './pluginId';
import { PERMISSIONS } from './permissions';
import { PluginIcon } from './components/PluginIcon';
import { EntryMediaPanel } from './components/EntryMediaPanel';
import { getTranslation } from './utils/getTranslation';
import en from './translations/en';
import fr from './translations/fr';

const MESSAGES: Record<string, Record<string, string>> = { en, fr };

interface ContentManagerApis {
  addEditViewSidePanel(panels: unknown[]): void;
}

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
      {
        id: PLUGIN_ID,
        intlLabel: { id: getTranslation('settings.section'), defaultMessage: 'Sell My Images' },
      },
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

  bootstrap(app: StrapiApp) {
    // The Content Manager's edit view gets a side panel listing the entry's images for sale.
    const contentManager = app.getPlugin('content-manager') as unknown as
      { apis?: ContentManagerApis } | undefined;
    contentManager?.apis?.addEditViewSidePanel([EntryMediaPanel]);
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return locales.map((locale) => {
      const data = MESSAGES[locale] ?? {};
      return {
        data: Object.fromEntries(
          Object.entries(data).map(([key, value]) => [getTranslation(key), value]),
        ),
        locale,
      };
    });
  },
};
