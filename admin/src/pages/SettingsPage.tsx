import { Layouts, Page, useRBAC } from '@strapi/strapi/admin';
import { useSettings } from '../api/settings';
import { LoadState } from '../components/LoadState';
import { SettingsForm } from '../components/settings/SettingsForm';
import { SettingsHeader } from '../components/settings/SettingsHeader';
import { PERMISSIONS } from '../permissions';
import { useT } from '../utils/useT';

/** Loads the settings and shows the form; a save hands back fresh values, which remount it. */
const SettingsScreen = () => {
  const { allowedActions } = useRBAC(PERMISSIONS.updateSettings);
  const settings = useSettings();

  if (settings.data)
    return (
      <SettingsForm
        key={settings.dataUpdatedAt}
        answer={settings.data}
        canUpdate={Boolean(allowedActions.canUpdate)}
      />
    );

  return (
    <>
      <SettingsHeader />
      <Layouts.Content>
        <LoadState
          query={settings}
          errorMessage="settings.loadFailed"
          loadingMessage="common.loading"
        />
      </Layouts.Content>
    </>
  );
};

/** Settings → Sell My Images: needs settings.read to see, settings.update to save. */
const SettingsPage = () => {
  const t = useT();
  return (
    <Page.Protect permissions={PERMISSIONS.readSettings}>
      <Page.Main>
        <Page.Title>{t('settings.title')}</Page.Title>
        <SettingsScreen />
      </Page.Main>
    </Page.Protect>
  );
};

export default SettingsPage;
