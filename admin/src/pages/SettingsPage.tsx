import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Layouts, Page, useRBAC } from '@strapi/strapi/admin';
import { apiFailure } from '../api/client';
import { useSettings } from '../api/settings';
import { SettingsForm } from '../components/settings/SettingsForm';
import { PERMISSIONS } from '../permissions';
import { useT } from '../utils/useT';

/** Loads the settings and shows the form; a save hands back fresh values, which remount it. */
const SettingsScreen = () => {
  const t = useT();
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
      <Layouts.Header title={t('settings.title')} subtitle={t('settings.subtitle')} />
      <Layouts.Content>
        {settings.isError ? (
          <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
            <Flex direction="column" alignItems="flex-start" gap={3}>
              <Typography textColor="danger600" role="alert">
                {t('settings.loadFailed', { message: apiFailure(settings.error).message })}
              </Typography>
              <Button variant="secondary" onClick={() => void settings.refetch()}>
                {t('settings.retry')}
              </Button>
            </Flex>
          </Box>
        ) : (
          <Page.Loading />
        )}
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
