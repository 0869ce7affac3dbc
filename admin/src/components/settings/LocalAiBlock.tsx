import { useId } from 'react';
import { useIntl } from 'react-intl';
import { Box, Button, Flex, Loader, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { useT } from '../../utils/useT';
import { useSettingsForm } from './context';
import { durationParts } from './duration';
import { FieldGrid } from './FieldGrid';
import { NumberSetting, SelectSetting } from './fields';
import { EIGHT_X_MODES, LOCAL_AI_MODELS, type LocalAiTimesAnswer } from './types';
import type { LocalAiTimesState } from './useLocalAiTimes';

const scaleOf = (resolution: string) => Number.parseInt(resolution, 10);

/** Versions the local-ai worker is built against (the model packages follow their own). */
const PINNED_VERSIONS: Readonly<Record<string, string>> = {
  '@tensorflow/tfjs': '~4.11.0',
  '@tensorflow/tfjs-backend-wasm': '~4.11.0',
};

/** `npm install …` for the packages the server says are missing. */
export const installCommand = (missing: string[]) =>
  `npm install ${missing.map((name) => (PINNED_VERSIONS[name] ? `${name}@${PINNED_VERSIONS[name]}` : name)).join(' ')}`;

/** "about 45 s", "about 3 min", "about 1 h 5 min"; "—" when unknown. */
function useExpectedTime() {
  const t = useT();
  return (seconds: number | null) => {
    if (seconds === null) return '—';
    const parts = durationParts(seconds);
    return t(`settings.localAi.time.${parts.unit}`, parts);
  };
}

const padded = { paddingTop: 2, paddingBottom: 2, paddingLeft: 3, paddingRight: 3 } as const;

/** Sample size × offered resolution → expected time on this machine, with how it is made. */
const TimesTable = ({ times, stale }: { times: LocalAiTimesAnswer; stale: boolean }) => {
  const t = useT();
  const { formatNumber } = useIntl();
  const { values } = useSettingsForm();
  const expected = useExpectedTime();
  const limitSeconds =
    values.processingTimeoutMinutes === undefined ? null : values.processingTimeoutMinutes * 60;
  const resolutions = [
    ...new Set(
      times.samples.flatMap((sample) => sample.options.map((option) => option.resolution)),
    ),
  ].sort((a, b) => scaleOf(a) - scaleOf(b));

  return (
    <Box
      tag="table"
      width="100%"
      aria-label={t('settings.localAi.times.title')}
      aria-busy={stale || times.calibrating}
      style={{ borderCollapse: 'collapse', opacity: stale ? 0.6 : 1 }}
    >
      <thead>
        <tr>
          <Box tag="th" scope="col" textAlign="left" {...padded}>
            <Typography variant="sigma" textColor="neutral600">
              {t('settings.preview.size')}
            </Typography>
          </Box>
          {resolutions.map((resolution) => (
            <Box tag="th" scope="col" key={resolution} textAlign="left" {...padded}>
              <Typography variant="sigma" textColor="neutral600">
                {resolution}
              </Typography>
            </Box>
          ))}
        </tr>
      </thead>
      <tbody>
        {times.samples.map((sample) => (
          <Box
            tag="tr"
            key={`${sample.width}x${sample.height}`}
            borderColor="neutral150"
            borderStyle="solid"
            borderWidth="1px 0 0 0"
          >
            <Box tag="th" scope="row" textAlign="left" {...padded}>
              <Typography>
                {t('settings.localAi.times.sample', {
                  width: formatNumber(sample.width),
                  height: formatNumber(sample.height),
                })}
              </Typography>
            </Box>
            {resolutions.map((resolution) => {
              const option = sample.options.find(
                (candidate) => candidate.resolution === resolution,
              );
              const tooLong =
                option?.seconds != null && limitSeconds !== null && option.seconds > limitSeconds;
              const eightX =
                resolution === '8x' && sample.eightXModes?.length ? sample.eightXModes : null;
              return (
                <Box tag="td" key={resolution} {...padded} style={{ verticalAlign: 'top' }}>
                  {option ? (
                    <>
                      <Typography
                        fontWeight="bold"
                        textColor={tooLong ? 'danger600' : 'neutral800'}
                      >
                        {expected(option.seconds)}
                      </Typography>
                      <Box>
                        <Typography variant="pi" textColor="neutral600">
                          {option.method}
                        </Typography>
                      </Box>
                      {tooLong ? (
                        <Box>
                          <Typography variant="pi" textColor="danger600">
                            {t('settings.localAi.times.tooLong', {
                              minutes: values.processingTimeoutMinutes ?? 0,
                            })}
                          </Typography>
                        </Box>
                      ) : null}
                      {eightX ? (
                        <Box paddingTop={1}>
                          <Typography variant="pi" textColor="neutral500">
                            {t('settings.localAi.times.eightX', {
                              modes: eightX
                                .map((mode) =>
                                  t('settings.localAi.times.eightXMode', {
                                    mode: t(`settings.localAi.eightXMode.short.${mode.mode}`),
                                    time: expected(mode.seconds),
                                  }),
                                )
                                .join(' · '),
                            })}
                          </Typography>
                        </Box>
                      ) : null}
                    </>
                  ) : (
                    <Typography textColor="neutral500">—</Typography>
                  )}
                </Box>
              );
            })}
          </Box>
        ))}
      </tbody>
    </Box>
  );
};

/** "Measuring now…" with a spinner, announced politely. */
const Measuring = () => {
  const t = useT();
  return (
    <Flex gap={2} alignItems="center" role="status">
      <Loader small aria-hidden />
      <Typography textColor="neutral700">{t('settings.localAi.measure.running')}</Typography>
    </Flex>
  );
};

/** The packages to install before local-ai can run, with the command. */
const Unavailable = ({ availability }: { availability: LocalAiTimesAnswer['availability'] }) => {
  const t = useT();
  return (
    <Box
      background="warning100"
      borderColor="warning200"
      borderStyle="solid"
      borderWidth="1px"
      padding={4}
      hasRadius
      role="alert"
    >
      <Flex direction="column" alignItems="flex-start" gap={2}>
        <Typography fontWeight="bold" textColor="warning700">
          {t('settings.localAi.unavailable.title')}
        </Typography>
        <Typography textColor="neutral800">{availability.message}</Typography>
        {availability.missing.length ? (
          <>
            <Typography variant="pi" textColor="neutral700">
              {t('settings.localAi.unavailable.missing', { count: availability.missing.length })}
            </Typography>
            <Box tag="ul" paddingLeft={4} style={{ listStyle: 'disc', margin: 0 }}>
              {availability.missing.map((name) => (
                <li key={name}>
                  <Typography variant="pi" tag="code" style={{ fontFamily: 'monospace' }}>
                    {name}
                  </Typography>
                </li>
              ))}
            </Box>
            <Typography variant="pi" textColor="neutral700">
              {t('settings.localAi.unavailable.command')}
            </Typography>
            <Box
              background="neutral0"
              padding={2}
              hasRadius
              width="100%"
              style={{ overflowX: 'auto' }}
            >
              <Typography
                variant="pi"
                tag="code"
                style={{ fontFamily: 'monospace', whiteSpace: 'pre' }}
              >
                {installCommand(availability.missing)}
              </Typography>
            </Box>
            <Typography variant="pi" textColor="neutral700">
              {t('settings.localAi.unavailable.restart')}
            </Typography>
          </>
        ) : null}
      </Flex>
    </Box>
  );
};

/** Expected processing time on this server: measured by a calibration run, then estimated per size. */
const ExpectedTimes = ({ state, stale }: { state: LocalAiTimesState; stale: boolean }) => {
  const t = useT();
  const { formatDate } = useIntl();
  const { readOnly } = useSettingsForm();
  const { times, failure } = state;
  const headingId = useId();

  const measureButton = (label: string) =>
    readOnly ? null : (
      <Button
        variant="secondary"
        startIcon={<ArrowClockwise />}
        onClick={() => void state.calibrate()}
        loading={state.starting}
        disabled={state.starting || Boolean(times?.calibrating)}
      >
        {label}
      </Button>
    );

  const body = () => {
    if (!times) {
      return failure ? (
        <Typography textColor="danger600">
          {t('settings.localAi.times.failed', { message: failure })}
        </Typography>
      ) : (
        <Loader small>{t('settings.localAi.times.loading')}</Loader>
      );
    }
    if (!times.availability.available) return <Unavailable availability={times.availability} />;
    if (!times.calibrated) {
      return (
        <Flex direction="column" alignItems="flex-start" gap={3}>
          <Typography textColor="neutral800">{t('settings.localAi.notMeasured')}</Typography>
          {times.calibrating ? <Measuring /> : null}
          <Typography variant="pi" textColor="neutral600">
            {t('settings.localAi.measure.hint')}
          </Typography>
          {times.calibrating ? null : measureButton(t('settings.localAi.measure.first'))}
        </Flex>
      );
    }
    const measuredOn = times.measuredAt
      ? formatDate(times.measuredAt, { dateStyle: 'medium', timeStyle: 'short' })
      : '';
    return (
      <Flex direction="column" alignItems="stretch" gap={3}>
        <TimesTable times={times} stale={stale} />
        {stale ? (
          <Typography variant="pi" textColor="neutral600">
            {t('settings.localAi.times.stale')}
          </Typography>
        ) : null}
        <Typography variant="pi" textColor="neutral600">
          {times.machine
            ? t('settings.localAi.measuredOn', {
                cpus: times.machine.cpus,
                cpuModel: times.machine.cpuModel,
                date: measuredOn,
                threads: times.threadsPerJob,
              })
            : t('settings.localAi.measuredAt', { date: measuredOn, threads: times.threadsPerJob })}
        </Typography>
        <Flex gap={3} alignItems="center" wrap="wrap">
          {measureButton(t('settings.localAi.measure.again'))}
          {times.calibrating ? <Measuring /> : null}
        </Flex>
      </Flex>
    );
  };

  return (
    <Box tag="section" aria-labelledby={headingId}>
      <Typography variant="omega" fontWeight="bold" tag="h4" id={headingId}>
        {t('settings.localAi.times.title')}
      </Typography>
      <Box paddingTop={1} paddingBottom={3}>
        <Typography variant="pi" textColor="neutral600">
          {times
            ? t('settings.localAi.upscalerLabel', {
                label: times.upscaler.label,
                model: times.upscaler.model,
              })
            : t('settings.localAi.times.description')}
        </Typography>
      </Box>
      {body()}
    </Box>
  );
};

/**
 * The local-ai upscaler's own settings (model, 8x method, tiles, parallel runs) and what
 * they mean on this server: the expected processing time of typical sizes.
 */
export const LocalAiBlock = ({ state, stale }: { state: LocalAiTimesState; stale: boolean }) => {
  const t = useT();
  const headingId = useId();
  const { values } = useSettingsForm();
  const offersEightX = values.resolutions.some((resolution) => scaleOf(resolution) >= 8);
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
            options={EIGHT_X_MODES.map((mode) => ({
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
