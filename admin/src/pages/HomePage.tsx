import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { Box, Flex, LinkButton, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { getTranslation } from '../utils/getTranslation';

type Health = { status: string; version: string };

export const HomePage = () => {
  const { formatMessage } = useIntl();
  const { get } = useFetchClient();
  const [health, setHealth] = useState<Health | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let active = true;
    get<Health>('/api/sell-my-images/health')
      .then(({ data }) => active && setHealth(data))
      .catch(() => active && setFailed(true));
    return () => {
      active = false;
    };
  }, [get]);

  const t = (id: string, values?: Record<string, string>) =>
    formatMessage({ id: getTranslation(id), defaultMessage: id }, values);

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
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};
