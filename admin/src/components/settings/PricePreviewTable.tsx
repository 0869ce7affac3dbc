import { Box, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { PricePreviewAnswer } from '../../../../shared/contracts/settings-routes';
import type { TaxBehavior } from '../../../../shared/contracts/settings-commerce';
import { formatMoney } from '../../utils/formatMoney';
import { licencePrice } from './licences';
import { useT } from '../../utils/useT';
import { PendingAnswer } from './PendingAnswer';
import { SampleTable } from './SampleTable';
import type { LiveAnswer } from './useLiveAnswers';

/** A licence of the form, its multiplier read (rows whose multiplier does not read are left out). */
export interface PreviewLicence {
  name: string;
  multiplierPercent: number;
}

/**
 * Sample image size × resolution → what a visitor pays, as the server computes it; with
 * licences, each licence's price (the image's price × its multiplier, never under the
 * minimum); with Stripe Tax, whether tax comes on top ("plus tax") or is included.
 */
export const PricePreviewTable = ({
  state,
  stale,
  licences = [],
  minimum = 0,
  tax = null,
}: {
  state: LiveAnswer<PricePreviewAnswer>;
  stale: boolean;
  licences?: PreviewLicence[];
  minimum?: number;
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
        renderOption={(option) => (
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
                      price: formatMoney(
                        licencePrice(option.amount, licence.multiplierPercent, minimum),
                        preview.currency,
                        locale,
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
