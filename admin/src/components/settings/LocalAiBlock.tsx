import { useId } from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import {
  EIGHT_X_MODES,
  LOCAL_AI_ENGINE_SETTINGS,
  LOCAL_AI_MODELS,
  SETTINGS_DEFAULTS,
} from '../../../../shared/contracts/settings';
import { parseResolution } from '../../../../shared/resolutions';
import { useT } from '../../utils/useT';
import { useSettingsForm } from './context';
import { ExpectedTimes } from './LocalAiTimes';
import { SettingsGrid, type SettingSpec } from './SettingsGrid';
import type { LocalAiTimesState } from './useLiveAnswers';

/** The 8x methods, the default (several times faster on a CPU) first. */
const EIGHT_X_CHOICES = [...EIGHT_X_MODES].sort(
  (a, b) =>
    Number(b === SETTINGS_DEFAULTS.localAi8xMode) - Number(a === SETTINGS_DEFAULTS.localAi8xMode),
);

/** Model, 8x method (its hint says when no 8x is offered), tiles and parallel runs. */
const localAiFields = (offersEightX: boolean): SettingSpec[] => [
  { kind: 'select', name: 'localAiModel', options: LOCAL_AI_MODELS, message: 'model' },
  {
    kind: 'select',
    name: 'localAiEngine',
    options: LOCAL_AI_ENGINE_SETTINGS,
    message: 'engine',
    hint: 'engine.hint',
  },
  {
    kind: 'select',
    name: 'localAi8xMode',
    options: EIGHT_X_CHOICES,
    message: 'eightXMode',
    hint: offersEightX ? undefined : 'eightXMode.hint.unused',
  },
  { kind: 'number', name: 'localAiTileSize', message: 'tileSize' },
  { kind: 'number', name: 'localAiConcurrency', message: 'concurrency' },
];

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
        <SettingsGrid messages="settings.localAi" fields={localAiFields(offersEightX)} />
        <ExpectedTimes state={state} stale={stale} />
      </Flex>
    </Box>
  );
};
