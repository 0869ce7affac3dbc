import { useIntl } from 'react-intl';
import { Box, Typography } from '@strapi/design-system';
import type { LocalAiTimesAnswer } from '../../../../shared/contracts/settings-routes';
import { byScale } from '../../../../shared/resolutions';
import { useT } from '../../utils/useT';
import { useSettingsForm } from './context';
import { durationParts } from './duration';

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
export const TimesTable = ({ times, stale }: { times: LocalAiTimesAnswer; stale: boolean }) => {
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
  ].sort(byScale);

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
