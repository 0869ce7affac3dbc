import { Box, Loader, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { byScale } from '../../../../shared/resolutions';
import type {
  PreviewOption,
  PricePreviewAnswer,
} from '../../../../shared/contracts/settings-routes';
import { formatMoney } from '../../utils/formatMoney';
import { useT } from '../../utils/useT';
import type { LiveAnswer } from './useLiveAnswers';

/**
 * Sample image size × resolution → what a visitor pays, as the server computes it.
 * A plain semantic table (not the design system's keyboard grid): it is read, not edited.
 */
export const PricePreviewTable = ({
  state,
  stale,
}: {
  state: LiveAnswer<PricePreviewAnswer>;
  stale: boolean;
}) => {
  const t = useT();
  const { locale, formatNumber } = useIntl();
  const { data: preview, loading, failure } = state;

  if (!preview) {
    return failure ? (
      <Typography textColor="danger600">
        {t('settings.preview.failed', { message: failure })}
      </Typography>
    ) : (
      <Loader small>{t('settings.preview.loading')}</Loader>
    );
  }

  const resolutions = [
    ...new Set(
      preview.samples.flatMap((sample) => sample.options.map((option) => option.resolution)),
    ),
  ].sort(byScale);
  const cell = (option: PreviewOption | undefined) => {
    if (!option) return <Typography textColor="neutral500">—</Typography>;
    const size = t('settings.preview.output', {
      width: formatNumber(option.width),
      height: formatNumber(option.height),
      megapixels: formatNumber(option.megapixels),
    });
    return (
      <>
        <Typography fontWeight="bold" textColor={option.available ? 'neutral800' : 'neutral500'}>
          {formatMoney(option.amount, preview.currency, locale)}
        </Typography>
        <Box>
          <Typography variant="pi" textColor={option.available ? 'neutral600' : 'danger600'}>
            {option.available
              ? size
              : t(`settings.preview.unavailable.${option.reason ?? 'other'}`)}
          </Typography>
        </Box>
      </>
    );
  };
  const padded = { paddingTop: 2, paddingBottom: 2, paddingLeft: 3, paddingRight: 3 } as const;

  return (
    <Box>
      <Box
        tag="table"
        width="100%"
        aria-label={t('settings.preview.title')}
        aria-busy={loading || stale}
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
          {preview.samples.map((sample) => (
            <Box
              tag="tr"
              key={`${sample.width}x${sample.height}`}
              borderColor="neutral150"
              borderStyle="solid"
              borderWidth="1px 0 0 0"
            >
              <Box tag="th" scope="row" textAlign="left" {...padded}>
                <Typography>
                  {t('settings.preview.sample', {
                    width: formatNumber(sample.width),
                    height: formatNumber(sample.height),
                  })}
                </Typography>
              </Box>
              {resolutions.map((resolution) => (
                <Box tag="td" key={resolution} {...padded}>
                  {cell(sample.options.find((option) => option.resolution === resolution))}
                </Box>
              ))}
            </Box>
          ))}
        </tbody>
      </Box>
      {stale ? (
        <Box paddingTop={2}>
          <Typography variant="pi" textColor="neutral600">
            {t('settings.preview.stale')}
          </Typography>
        </Box>
      ) : null}
    </Box>
  );
};
