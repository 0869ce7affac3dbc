import { useCallback, useEffect, useState } from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient, useRBAC } from '@strapi/strapi/admin';
import { SettingsForm } from '../components/settings/SettingsForm';
import type { SettingsAnswer } from '../components/settings/types';
import { PERMISSIONS } from '../permissions';
import { API, apiFailure } from '../utils/api';
import { useT } from '../utils/useT';

/** Loads the settings and shows the form; a save hands back fresh values, which remount it. */
const SettingsScreen = () => {
  const t = useT();
  const { get } = useFetchClient();
  const { allowedActions } = useRBAC({ update: PERMISSIONS.updateSettings });
  const [answer, setAnswer] = useState<SettingsAnswer | null>(null);
  const [generation, setGeneration] = useState(0);
  const [loadError, setLoadError] = useState<string | null>(null);

  const apply = useCallback((next: SettingsAnswer) => {
    setAnswer(next);
    setGeneration((value) => value + 1);
  }, []);

  const load = useCallback(() => {
    setLoadError(null);
    get<{ data: SettingsAnswer }>(`${API}/settings`)
      .then(({ data }) => apply(data.data))
      .catch((error: unknown) => setLoadError(apiFailure(error).message));
  }, [get, apply]);

  useEffect(load, [load]);

  if (answer)
    return (
      <SettingsForm
        key={generation}
        answer={answer}
        canUpdate={Boolean(allowedActions.canUpdate)}
        onSaved={apply}
      />
    );

  return (
    <>
      <Layouts.Header title={t('settings.title')} subtitle={t('settings.subtitle')} />
      <Layouts.Content>
        {loadError ? (
          <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
            <Flex direction="column" alignItems="flex-start" gap={3}>
              <Typography textColor="danger600" role="alert">
                {t('settings.loadFailed', { message: loadError })}
              </Typography>
              <Button variant="secondary" onClick={load}>
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
