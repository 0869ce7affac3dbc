import { useCallback, useEffect, useMemo, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { useIntl } from 'react-intl';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { Layouts, useNotification } from '@strapi/strapi/admin';
import type { SettingsAnswer } from '../../../../shared/contracts/settings-routes';
import { apiFailure, type FieldErrors } from '../../api/client';
import { useSaveSettings } from '../../api/settings';
import { useT } from '../../utils/useT';
import { SettingsFormProvider, type SettingsFormState } from './context';
import { BuyerSections } from './BuyerSections';
import { CheckoutSection, RightsSection, TaxSection } from './CommerceSections';
import { DeliverySection } from './DeliverySection';
import { DisplaySection } from './DisplaySection';
import { formFromAnswer, type FormValues } from './form';
import { LicencesSection } from './LicencesSection';
import { PaymentsSection } from './PaymentsSection';
import { PricingSection } from './PricingSection';
import { PrivacySection } from './PrivacySection';
import { SettingsHeader } from './SettingsHeader';
import { UpscalerSection } from './UpscalerSection';
import { useLocalAiTimesState, usePreviewState } from './useLiveAnswers';
import { buildPatch, localAiTimesBody, previewBody } from './validate';

interface SettingsFormProps {
  answer: SettingsAnswer;
  canUpdate: boolean;
}

/** Drops the messages about `field` (and its items, `field.0`…) once the admin edits it. */
function without(errors: FieldErrors, field: string): FieldErrors {
  const rest: FieldErrors = {};
  for (const [key, message] of Object.entries(errors))
    if (key !== field && !key.startsWith(`${field}.`)) rest[key] = message;
  return rest;
}

/**
 * The editable settings, seeded from one server answer (a save hands back fresh values,
 * which remount it). Save sends only what changed; the pricing values feed the live
 * preview as they are typed, and the local-ai values the expected processing times.
 */
export const SettingsForm = ({ answer, canUpdate }: SettingsFormProps) => {
  const t = useT();
  const { locale } = useIntl();
  const { toggleNotification } = useNotification();
  const save = useSaveSettings();
  const [values, setValues] = useState<FormValues>(() => formFromAnswer(answer, locale));
  const [saveErrors, setSaveErrors] = useState<FieldErrors>({});
  // The Overview checklist links to a section (`#payments`): scroll to it once it is drawn.
  const { hash } = useLocation();
  useEffect(() => {
    if (hash) document.getElementById(hash.slice(1))?.scrollIntoView({ block: 'start' });
  }, [hash]);

  const setValue = useCallback(<K extends keyof FormValues>(field: K, value: FormValues[K]) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    setSaveErrors((previous) => without(previous, field));
  }, []);

  const { patch, errors: formErrors } = useMemo(
    () => buildPatch(answer, values, t),
    [answer, values, t],
  );
  const pricing = useMemo(() => previewBody(values, t), [values, t]);
  const preview = usePreviewState(pricing.body);
  // Expected local-ai times on this server, only while local-ai is the selected upscaler.
  const localAiSelected = values.upscaler === 'local-ai';
  const timing = useMemo(() => localAiTimesBody(values, t), [values, t]);
  const localAiTimes = useLocalAiTimesState(timing.body, localAiSelected);
  const timesErrors = localAiSelected ? localAiTimes.errors : null;
  const errors = useMemo(
    () => ({ ...preview.errors, ...timesErrors, ...saveErrors, ...formErrors }),
    [preview.errors, timesErrors, saveErrors, formErrors],
  );
  // An edit the browser already rejects still counts: Save then says what to fix.
  const changed = Object.keys(patch).length > 0 || Object.keys(formErrors).length > 0;

  const submit = async () => {
    if (Object.keys(formErrors).length > 0) {
      toggleNotification({ type: 'warning', message: t('settings.save.fixErrors') });
      return;
    }
    try {
      // On success the page shows the server's answer in a fresh form (see useSaveSettings).
      await save.mutateAsync(patch);
      toggleNotification({ type: 'success', message: t('settings.save.success') });
    } catch (error) {
      const failure = apiFailure(error);
      setSaveErrors(failure.fields);
      const fieldCount = Object.keys(failure.fields).length;
      toggleNotification({
        type: 'danger',
        message: fieldCount
          ? t('settings.save.fieldErrors', { count: fieldCount })
          : t('settings.save.failed', { message: failure.message }),
      });
    }
  };

  const state: SettingsFormState = { answer, values, setValue, errors, readOnly: !canUpdate };

  return (
    <SettingsFormProvider value={state}>
      <SettingsHeader
        saveButton={
          <Button
            startIcon={<Check />}
            onClick={() => void submit()}
            loading={save.isLoading}
            disabled={!canUpdate || !changed || save.isLoading}
          >
            {t('settings.save')}
          </Button>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          {canUpdate ? null : (
            <Box background="neutral100" padding={4} hasRadius>
              <Typography textColor="neutral700">{t('settings.readOnly')}</Typography>
            </Box>
          )}
          <PaymentsSection />
          <UpscalerSection
            localAiTimes={localAiTimes}
            localAiTimesStale={timing.body === null || Object.keys(localAiTimes.errors).length > 0}
          />
          <TaxSection />
          <CheckoutSection />
          <LicencesSection />
          <PricingSection preview={preview} previewBlocked={pricing.body === null} />
          <BuyerSections />
          <RightsSection />
          <DeliverySection />
          <PrivacySection />
          <DisplaySection />
        </Flex>
      </Layouts.Content>
    </SettingsFormProvider>
  );
};
