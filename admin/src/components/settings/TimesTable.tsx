import { Box, Typography } from '@strapi/design-system';
import type { LocalAiTimesAnswer } from '../../../../shared/contracts/settings-routes';
import { useT } from '../../utils/useT';
import { useSettingsForm } from './context';
import { durationParts } from './duration';
import { SampleTable } from './SampleTable';

/** "about 45 s", "about 3 min", "about 1 h 5 min"; "—" when unknown. */
function useExpectedTime() {
  const t = useT();
  return (seconds: number | null) => {
    if (seconds === null) return '—';
    const parts = durationParts(seconds);
    return t(`settings.localAi.time.${parts.unit}`, parts);
  };
}

/** Sample size × offered resolution → expected time on this machine, with how it is made. */
export const TimesTable = ({ times, stale }: { times: LocalAiTimesAnswer; stale: boolean }) => {
  const t = useT();
  const { values } = useSettingsForm();
  const expected = useExpectedTime();
  const limitSeconds =
    values.processingTimeoutMinutes === undefined ? null : values.processingTimeoutMinutes * 60;

  return (
    <SampleTable
      label={t('settings.localAi.times.title')}
      samples={times.samples}
      busy={stale || times.calibrating}
      stale={stale}
      topAligned
      renderOption={(option, sample) => {
        const tooLong =
          option.seconds !== null && limitSeconds !== null && option.seconds > limitSeconds;
        const eightX =
          option.resolution === '8x' && sample.eightXModes?.length ? sample.eightXModes : null;
        return (
          <>
            <Typography fontWeight="bold" textColor={tooLong ? 'danger600' : 'neutral800'}>
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
        );
      }}
    />
  );
};
