/** The expected processing time of typical sizes on this server, and measuring it. */
import { useId } from 'react';
import { useIntl } from 'react-intl';
import { Box, Button, Flex, Loader, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import type { LocalAiTimesAnswer } from '../../../../shared/contracts/settings-routes';
import { useT } from '../../utils/useT';
import { useSettingsForm } from './context';
import { PendingAnswer } from './PendingAnswer';
import { TimesTable } from './TimesTable';
import type { LocalAiTimesState } from './useLiveAnswers';

/** Versions the local-ai worker is built against (the model packages follow their own). */
const PINNED_VERSIONS: Readonly<Record<string, string>> = {
  '@tensorflow/tfjs': '~4.11.0',
  '@tensorflow/tfjs-backend-wasm': '~4.11.0',
};

/**
 * `npm install …` for the packages the server says are missing. onnxruntime-node's CPU
 * binaries ship in its package; its install step would only download GPU files from
 * outside the npm registry, so it is skipped.
 */
const installCommand = (missing: string[]) =>
  `npm install ${missing.map((name) => (PINNED_VERSIONS[name] ? `${name}@${PINNED_VERSIONS[name]}` : name)).join(' ')}${missing.includes('onnxruntime-node') ? ' --onnxruntime-node-install=skip' : ''}`;

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
export const ExpectedTimes = ({ state, stale }: { state: LocalAiTimesState; stale: boolean }) => {
  const t = useT();
  const { formatDate } = useIntl();
  const { readOnly } = useSettingsForm();
  const { data: times, failure } = state;
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
      return (
        <PendingAnswer
          failure={failure}
          failedMessage="settings.localAi.times.failed"
          loadingMessage="settings.localAi.times.loading"
        />
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
