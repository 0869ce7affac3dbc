import { useId } from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import {
  EIGHT_X_MODES,
  LOCAL_AI_MODELS,
  SETTINGS_DEFAULTS,
} from '../../../../shared/contracts/settings';
import { parseResolution } from '../../../../shared/resolutions';
import { useT } from '../../utils/useT';
import { useSettingsForm } from './context';
import { FieldGrid } from './FieldGrid';
import { NumberSetting, SelectSetting } from './fields';
import { ExpectedTimes } from './LocalAiTimes';
import type { LocalAiTimesState } from './useLiveAnswers';

/** The 8x methods, the default (several times faster on a CPU) first. */
const EIGHT_X_CHOICES = [...EIGHT_X_MODES].sort(
  (a, b) =>
    Number(b === SETTINGS_DEFAULTS.localAi8xMode) - Number(a === SETTINGS_DEFAULTS.localAi8xMode),
);

/**
 * The local-ai upscaler's own settings (model, 8x method, tiles, parallel runs) and what
 * they mean on this server: the expected processing time of typical sizes.
 */
export const LocalAiBlock = ({ state, stale }: { state: LocalAiTimesState; stale: boolean }) => {
  const t = useT();
  const headingId = useId();
  const { values } = useSettingsForm();
  const offersEightX = values.resolutions.some(
    (resolution) => (parseResolution(resolution) ?? 0) >= 8,
  );
  return (
    <Box
      tag="section"
      aria-labelledby={headingId}
      borderColor="neutral200"
      borderStyle="solid"
      borderWidth="1px"
      padding={5}
      hasRadius
    >
      <Typography variant="delta" tag="h3" id={headingId}>
        {t('settings.localAi.title')}
      </Typography>
      <Box paddingTop={1}>
        <Typography variant="pi" textColor="neutral600">
          {t('settings.localAi.description')}
        </Typography>
      </Box>
      <Flex direction="column" alignItems="stretch" gap={6} paddingTop={4}>
        <FieldGrid>
          <SelectSetting
            name="localAiModel"
            label={t('settings.localAi.model')}
            hint={t('settings.localAi.model.hint')}
            options={LOCAL_AI_MODELS.map((model) => ({
              value: model,
              label: t(`settings.localAi.model.${model}`),
            }))}
          />
          <SelectSetting
            name="localAi8xMode"
            label={t('settings.localAi.eightXMode')}
            hint={t(
              offersEightX
                ? 'settings.localAi.eightXMode.hint'
                : 'settings.localAi.eightXMode.hint.unused',
            )}
            options={EIGHT_X_CHOICES.map((mode) => ({
              value: mode,
              label: t(`settings.localAi.eightXMode.${mode}`),
            }))}
          />
          <NumberSetting
            name="localAiTileSize"
            label={t('settings.localAi.tileSize')}
            hint={t('settings.localAi.tileSize.hint')}
          />
          <NumberSetting
            name="localAiConcurrency"
            label={t('settings.localAi.concurrency')}
            hint={t('settings.localAi.concurrency.hint')}
          />
        </FieldGrid>
        <ExpectedTimes state={state} stale={stale} />
      </Flex>
    </Box>
  );
};
