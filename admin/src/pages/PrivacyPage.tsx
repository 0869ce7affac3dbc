import { useState } from 'react';
import { Box, Button, Field, Flex, TextInput, Typography } from '@strapi/design-system';
import { Download, Trash } from '@strapi/icons';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { privacyRequestSchema, type PrivacyEraseAnswer } from '../../../shared/contracts/privacy';
import { apiFailure } from '../api/client';
import { usePrivacyErase, usePrivacyExport } from '../api/privacy';
import { ConfirmActionButton } from '../components/jobs/ConfirmActionButton';
import { useT } from '../utils/useT';

/**
 * Privacy (RBAC privacy.manage): what the plugin stores about one buyer's e-mail address,
 * downloaded as a JSON file, or erased (README "Privacy and retention"). Purchases stay as
 * the accounting record: only their personal fields are cleared.
 */
const PrivacyPage = () => {
  const t = useT();
  const { toggleNotification } = useNotification();
  const [email, setEmail] = useState('');
  const [serverError, setServerError] = useState<string | undefined>();
  const [erased, setErased] = useState<{ email: string; counts: PrivacyEraseAnswer } | null>(null);
  const exporter = usePrivacyExport();
  const eraser = usePrivacyErase();

  const parsed = privacyRequestSchema.safeParse({ email });
  const address = parsed.success ? parsed.data.email : null;
  const typed = email.trim() !== '';
  const error = serverError ?? (typed && !address ? t('privacy.email.invalid') : undefined);

  const failed = (failure: unknown) => {
    const { message, fields } = apiFailure(failure);
    setServerError(fields.email);
    toggleNotification({ type: 'danger', message: t('privacy.failed', { message }) });
  };

  const runExport = async () => {
    if (!address) return;
    try {
      const data = await exporter.mutateAsync(address);
      toggleNotification({
        type: 'success',
        message: t('privacy.export.done', { count: data.jobs.length }),
      });
    } catch (failure) {
      failed(failure);
    }
  };

  const runErase = async () => {
    if (!address) return;
    try {
      setErased({ email: address, counts: await eraser.mutateAsync(address) });
    } catch (failure) {
      failed(failure);
    }
  };

  return (
    <Page.Main>
      <Page.Title>{t('privacy.title')}</Page.Title>
      <Layouts.Header title={t('privacy.title')} subtitle={t('privacy.subtitle')} />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
            <Flex direction="column" alignItems="stretch" gap={4}>
              <Field.Root name="email" error={error} hint={t('privacy.email.hint')}>
                <Field.Label>{t('privacy.email')}</Field.Label>
                <TextInput
                  type="email"
                  value={email}
                  onChange={(event: React.ChangeEvent<HTMLInputElement>) => {
                    setEmail(event.target.value);
                    setServerError(undefined);
                  }}
                />
                <Field.Error />
                <Field.Hint />
              </Field.Root>
              <Flex gap={2}>
                <Button
                  variant="secondary"
                  startIcon={<Download />}
                  disabled={!address}
                  loading={exporter.isLoading}
                  onClick={() => void runExport()}
                >
                  {t('privacy.export')}
                </Button>
                <ConfirmActionButton
                  label={t('privacy.erase')}
                  icon={<Trash />}
                  variant="danger-light"
                  disabled={!address}
                  title={t('privacy.erase.title')}
                  description={t('privacy.erase.description', { email: address ?? '' })}
                  confirmLabel={t('privacy.erase.confirm')}
                  cancelLabel={t('privacy.erase.cancel')}
                  onConfirm={runErase}
                />
              </Flex>
            </Flex>
          </Box>
          {erased ? (
            <Box background="success100" padding={4} hasRadius role="status">
              <Typography textColor="success700">
                {t('privacy.erase.done', { email: erased.email, ...erased.counts })}
              </Typography>
            </Box>
          ) : null}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default PrivacyPage;
