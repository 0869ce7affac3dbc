import { Box, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { PricePreviewAnswer } from '../../../../shared/contracts/settings-routes';
import type { TaxBehavior } from '../../../../shared/contracts/settings-commerce';
import { formatMoney } from '../../utils/formatMoney';
import type { PreviewLicence } from './licences';
import { useT } from '../../utils/useT';
import { PendingAnswer } from './PendingAnswer';
import { SampleTable } from './SampleTable';
import type { LiveAnswer } from './useLiveAnswers';

/**
 * Sample image size × resolution → what a visitor pays, as the server computes it; with
 * licences, each licence's price (priced by the server at the multipliers the preview sent,
 * in the same order); with Stripe Tax, whether tax comes on top ("plus tax") or is included.
 */
export const PricePreviewTable = ({
  state,
  stale,
  licences = [],
  tax = null,
}: {
  state: LiveAnswer<PricePreviewAnswer>;
  stale: boolean;
  licences?: PreviewLicence[];
  tax?: TaxBehavior | null;
}) => {
  const t = useT();
  const { locale, formatNumber } = useIntl();
  const { data: preview, loading, failure } = state;
  const taxNote = tax ? ` ${t(`settings.preview.tax.${tax}`)}` : '';

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
        topAligned={licences.length > 0}
        renderOption={(option, sample) => (
          <>
            {licences.length === 0 ? (
              <Typography
                fontWeight="bold"
                textColor={option.available ? 'neutral800' : 'neutral500'}
              >
                {formatMoney(option.amount, preview.currency, locale)}
                {taxNote}
              </Typography>
            ) : (
              licences.map((licence, index) => (
                <Box key={`${index}:${licence.name}`}>
                  <Typography
                    variant="pi"
                    textColor={option.available ? 'neutral800' : 'neutral500'}
                  >
                    {t('settings.preview.licencePrice', {
                      licence: licence.name,
                      price: licencePriceOf(sample, index, licence, option.resolution, (amount) =>
                        formatMoney(amount, preview.currency, locale),
                      ),
                    })}
                    {taxNote}
                  </Typography>
                </Box>
              ))
            )}
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

type PreviewSample = PricePreviewAnswer['samples'][number];

/**
 * The server's price of `resolution` at the `index`-th licence of the request, or "…" while
 * the answer is of other multipliers (the table shows it stale until the new one arrives).
 */
function licencePriceOf(
  sample: PreviewSample,
  index: number,
  licence: PreviewLicence,
  resolution: string,
  format: (amount: number) => string,
): string {
  const priced = sample.licences?.[index];
  if (!priced || priced.multiplierPercent !== licence.multiplierPercent) return '…';
  const option = priced.options.find((o) => o.resolution === resolution);
  return option ? format(option.amount) : '…';
}
