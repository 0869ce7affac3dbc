import { useIntl } from 'react-intl';
import { Box, Field, Typography } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { PERMISSIONS } from '../permissions';
import { getTranslation } from '../utils/getTranslation';

const SettingsPage = () => {
  const { formatMessage } = useIntl();
  const t = (id: string) => formatMessage({ id: getTranslation(id), defaultMessage: id });
  const webhookUrl = `${window.location.origin}/api/sell-my-images/webhooks/stripe`;

  return (
    <Page.Protect permissions={PERMISSIONS.readSettings}>
      <Page.Main>
        <Page.Title>{t('settings.title')}</Page.Title>
        <Layouts.Header title={t('settings.title')} subtitle={t('settings.subtitle')} />
        <Layouts.Content>
          <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
            <Field.Root name="webhookUrl" hint={t('settings.webhook.help')}>
              <Field.Label>{t('settings.webhook.title')}</Field.Label>
              <Field.Input value={webhookUrl} readOnly />
              <Field.Hint />
            </Field.Root>
            <Box paddingTop={4}>
              <Typography variant="pi" textColor="neutral600">
                {t('settings.subtitle')}
              </Typography>
            </Box>
          </Box>
        </Layouts.Content>
      </Page.Main>
    </Page.Protect>
  );
};

export default SettingsPage;
