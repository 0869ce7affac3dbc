import { Box, Checkbox, Flex, Typography } from '@strapi/design-system';
import { useId } from 'react';
import { useT } from '../../utils/useT';
import type { PreviewBody } from '../../api/settings';
import { ConnectionTest } from './ConnectionTest';
import { useSettingsForm } from './context';
import { LocalAiBlock } from './LocalAiBlock';
import { Section } from './Section';
import { SettingsGrid, type SettingSpec } from './SettingsGrid';
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

const PROVIDER_FIELDS: SettingSpec[] = [
  {
    kind: 'select',
    name: 'upscaler',
    options: UPSCALERS,
    message: 'provider',
    hintPerOption: true,
  },
  { kind: 'secret', name: 'upsamplerApiKey', message: 'apiKey' },
];

/** How jobs are processed, whichever the upscaler (local AI takes longer). */
const processingFields = (localAi: boolean): SettingSpec[] => [
  { kind: 'number', name: 'maxOutputMegapixels', message: 'maxOutput' },
  {
    kind: 'number',
    name: 'processingTimeoutMinutes',
    message: 'processingTimeout',
    hint: localAi ? 'processingTimeout.hint.local-ai' : undefined,
  },
  { kind: 'number', name: 'workerConcurrency', message: 'workerConcurrency' },
];

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
    <Section
      anchor="upscaler"
      title={t('settings.upscaler.title')}
      description={t('settings.upscaler.description')}
    >
      <Flex direction="column" alignItems="stretch" gap={5}>
        <SettingsGrid messages="settings.upscaler" fields={PROVIDER_FIELDS} />
        <Box>
          <ConnectionTest target="upscaler" body={testBody} />
        </Box>
        <ResolutionChoices />
        {values.upscaler === 'local-ai' ? (
          <LocalAiBlock state={localAiTimes} stale={localAiTimesStale} />
        ) : null}
        <SettingsGrid
          messages="settings.upscaler"
          fields={processingFields(values.upscaler === 'local-ai')}
        />
      </Flex>
    </Section>
  );
};
