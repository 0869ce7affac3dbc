import { Box, Flex, LinkButton, Typography } from '@strapi/design-system';
import { Layouts, Page, useRBAC } from '@strapi/strapi/admin';
import { useHealth } from '../api/health';
import { SetupChecklist } from '../components/setup/SetupChecklist';
import { PERMISSIONS } from '../permissions';
import { useT } from '../utils/useT';

export const HomePage = () => {
  const t = useT();
  const { data: health, isError: failed } = useHealth();
  // The checklist reads the settings (settings.read); its buttons change them (settings.update).
  const read = useRBAC(PERMISSIONS.readSettings);
  const update = useRBAC(PERMISSIONS.updateSettings);

  return (
    <Page.Main>
      <Page.Title>{t('plugin.name')}</Page.Title>
      <Layouts.Header title={t('plugin.name')} subtitle={t('home.subtitle')} />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
            <Typography variant="delta" tag="h2">
              {t('home.status.title')}
            </Typography>
            <Box paddingTop={2}>
              <Typography textColor={failed ? 'danger600' : 'neutral800'} data-testid="smi-health">
                {failed
                  ? t('home.status.error')
                  : health
                    ? t('home.status.ok', { version: health.version })
                    : '…'}
              </Typography>
            </Box>
          </Box>
          {read.allowedActions.canRead ? (
            <SetupChecklist canUpdate={Boolean(update.allowedActions.canUpdate)} />
          ) : (
            <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
              <Typography variant="delta" tag="h2">
                {t('home.next.title')}
              </Typography>
              <Flex paddingTop={2} gap={4} alignItems="center">
                <Typography>{t('home.next.settings')}</Typography>
                <LinkButton href="/admin/settings/sell-my-images" variant="secondary">
                  {t('home.next.settingsLink')}
                </LinkButton>
              </Flex>
            </Box>
          )}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};
