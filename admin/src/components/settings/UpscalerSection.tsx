import { Box, Checkbox, Flex, Typography } from '@strapi/design-system';
import { useId } from 'react';
import { useT } from '../../utils/useT';
import type { PreviewBody } from '../../api/settings';
import { ConnectionTest } from './ConnectionTest';
import { useSettingsForm } from './context';
import { FieldGrid } from './FieldGrid';
import { NumberSetting, SelectSetting } from './fields';
import { SecretSetting } from './SecretSetting';
import { LocalAiBlock } from './LocalAiBlock';
import { Section } from './Section';
import { UPSCALERS } from '../../../../shared/contracts/settings';
import type { LocalAiTimesState } from './useLiveAnswers';

/** Every whole scale the pricing and Upsampler's precise upscale accept (2x–16x). */
const OFFERABLE_RESOLUTIONS = Array.from({ length: 15 }, (_, index) => `${index + 2}x`);

const ResolutionChoices = () => {
  const t = useT();
  const labelId = useId();
  const errorId = useId();
  const { values, setValue, errors, readOnly } = useSettingsForm();
  // The server reports a bad entry as `resolutions.<index>`.
  const error =
    errors.resolutions ??
    Object.entries(errors).find(([key]) => key.startsWith('resolutions.'))?.[1];
  const toggle = (resolution: string, on: boolean) =>
    setValue(
      'resolutions',
      on ? [...values.resolutions, resolution] : values.resolutions.filter((r) => r !== resolution),
    );
  return (
    <Box role="group" aria-labelledby={labelId} aria-describedby={error ? errorId : undefined}>
      <Typography id={labelId} variant="pi" fontWeight="bold" textColor="neutral800" tag="span">
        {t('settings.upscaler.resolutions')}
      </Typography>
      <Flex gap={4} wrap="wrap" paddingTop={2}>
        {OFFERABLE_RESOLUTIONS.map((resolution) => (
          <Checkbox
            key={resolution}
            name="resolutions"
            checked={values.resolutions.includes(resolution)}
            disabled={readOnly}
            onCheckedChange={(checked) => toggle(resolution, checked === true)}
          >
            {resolution}
          </Checkbox>
        ))}
      </Flex>
      <Box paddingTop={1}>
        {error ? (
          <Typography id={errorId} variant="pi" textColor="danger600" role="alert">
            {error}
          </Typography>
        ) : (
          <Typography variant="pi" textColor="neutral600">
            {t('settings.upscaler.resolutions.hint')}
          </Typography>
        )}
      </Box>
    </Box>
  );
};

interface UpscalerSectionProps {
  /** Expected local-ai times on this server (fetched while local-ai is selected). */
  localAiTimes: LocalAiTimesState;
  /** The times do not follow the form (it holds values the browser or server rejects). */
  localAiTimesStale: boolean;
}

/** Which upscaler does the work, its account, what may be sold, and how jobs are processed. */
export const UpscalerSection = ({ localAiTimes, localAiTimesStale }: UpscalerSectionProps) => {
  const t = useT();
  const { answer, values } = useSettingsForm();
  const typedKey = values.upsamplerApiKey.trim();
  const testBody: PreviewBody = answer.environment.upscaler ? {} : { upscaler: values.upscaler };
  if (typedKey && !answer.environment.upsamplerApiKey) testBody.upsamplerApiKey = typedKey;

  return (
    <Section title={t('settings.upscaler.title')} description={t('settings.upscaler.description')}>
      <Flex direction="column" alignItems="stretch" gap={5}>
        <FieldGrid>
          <SelectSetting
            name="upscaler"
            label={t('settings.upscaler.provider')}
            hint={t(`settings.upscaler.provider.hint.${values.upscaler}`)}
            options={UPSCALERS.map((name) => ({
              value: name,
              label: t(`settings.upscaler.provider.${name}`),
            }))}
          />
          <SecretSetting
            name="upsamplerApiKey"
            label={t('settings.upscaler.apiKey')}
            hint={t('settings.upscaler.apiKey.hint')}
          />
        </FieldGrid>
        <Box>
          <ConnectionTest target="upscaler" body={testBody} />
        </Box>
        <ResolutionChoices />
        {values.upscaler === 'local-ai' ? (
          <LocalAiBlock state={localAiTimes} stale={localAiTimesStale} />
        ) : null}
        <FieldGrid>
          <NumberSetting
            name="maxOutputMegapixels"
            label={t('settings.upscaler.maxOutput')}
            hint={t('settings.upscaler.maxOutput.hint')}
          />
          <NumberSetting
            name="processingTimeoutMinutes"
            label={t('settings.upscaler.processingTimeout')}
            hint={t(
              values.upscaler === 'local-ai'
                ? 'settings.upscaler.processingTimeout.hint.local-ai'
                : 'settings.upscaler.processingTimeout.hint',
            )}
          />
          <NumberSetting
            name="workerConcurrency"
            label={t('settings.upscaler.workerConcurrency')}
            hint={t('settings.upscaler.workerConcurrency.hint')}
          />
        </FieldGrid>
      </Flex>
    </Section>
  );
};
