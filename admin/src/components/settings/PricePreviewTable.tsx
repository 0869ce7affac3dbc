import { Box, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { PricePreviewAnswer } from '../../../../shared/contracts/settings-routes';
import { formatMoney } from '../../utils/formatMoney';
import { useT } from '../../utils/useT';
import { PendingAnswer } from './PendingAnswer';
import { SampleTable } from './SampleTable';
import type { LiveAnswer } from './useLiveAnswers';

/** Sample image size × resolution → what a visitor pays, as the server computes it. */
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
    return (
      <PendingAnswer
        failure={failure}
        failedMessage="settings.preview.failed"
        loadingMessage="settings.preview.loading"
      />
    );
  }

  return (
    <Box>
      <SampleTable
        label={t('settings.preview.title')}
        samples={preview.samples}
        busy={loading || stale}
        stale={stale}
        renderOption={(option) => (
          <>
            <Typography
              fontWeight="bold"
              textColor={option.available ? 'neutral800' : 'neutral500'}
            >
              {formatMoney(option.amount, preview.currency, locale)}
            </Typography>
            <Box>
              <Typography variant="pi" textColor={option.available ? 'neutral600' : 'danger600'}>
                {option.available
                  ? t('settings.preview.output', {
                      width: formatNumber(option.width),
                      height: formatNumber(option.height),
                      megapixels: formatNumber(option.megapixels),
                    })
                  : t(`settings.preview.unavailable.${option.reason ?? 'other'}`)}
              </Typography>
            </Box>
          </>
        )}
      />
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
