import { Box, Flex, Typography } from '@strapi/design-system';
import { LOCAL_AI_PRICING_MODES } from '../../../../shared/contracts/settings';
import type { PricePreviewAnswer } from '../../../../shared/contracts/settings-routes';
import { byScale } from '../../../../shared/resolutions';
import { useT } from '../../utils/useT';
import { useSettingsForm } from './context';
import type { FormValues } from './form';
import { previewLicences } from './licences';
import { PricePreviewTable } from './PricePreviewTable';
import { Section } from './Section';
import { SettingsGrid, type SettingSpec } from './SettingsGrid';
import type { LiveAnswer } from './useLiveAnswers';

/** The floor of every price, whichever the upscaler. */
const MINIMUM_PRICE: SettingSpec = {
  kind: 'money',
  name: 'minimumPrice',
  message: 'minimum',
};

/** Upscalers paid in credits: the credits' cost, marked up. */
const CREDIT_PRICING_FIELDS: SettingSpec[] = [
  { kind: 'number', name: 'markupPercent', message: 'markup' },
  MINIMUM_PRICE,
  { kind: 'money', name: 'creditPrice', message: 'creditPrice' },
  { kind: 'number', name: 'creditsPerMegapixel', step: 0.01, message: 'creditsPerMegapixel' },
];

/** Local AI: per output megapixel, or flat per offered resolution. */
const localAiPricingFields = (values: FormValues): SettingSpec[] => {
  const flat = values.localAiPricingMode === 'flat';
  const flatPrices = [...values.resolutions]
    .sort(byScale)
    .map((resolution, index): SettingSpec => ({
      kind: 'flatPrice',
      resolution,
      message: 'localAi.flat',
      showObjectError: index === 0,
    }));
  return [
    {
      kind: 'select',
      name: 'localAiPricingMode',
      options: LOCAL_AI_PRICING_MODES,
      message: 'localAi.mode',
      hintPerOption: true,
    },
    MINIMUM_PRICE,
    {
      kind: 'money',
      name: 'localAiPricePerMegapixel',
      message: 'localAi.perMegapixel',
      hint: flat ? 'localAi.perMegapixel.hint.flat' : undefined,
    },
    ...(flat ? flatPrices : []),
  ];
};

/**
 * Local-ai pricing: no credits and no markup, the site owner sets the price per output
 * megapixel, or flat per resolution (a resolution without a flat price falls back to the
 * per-megapixel one, so that field stays visible in flat mode).
 */
const LocalAiPricing = () => {
  const t = useT();
  const { values } = useSettingsForm();
  return (
    <Flex direction="column" alignItems="stretch" gap={5}>
      <Box
        background="primary100"
        borderColor="primary200"
        borderStyle="solid"
        borderWidth="1px"
        padding={3}
        hasRadius
      >
        <Typography variant="pi" textColor="primary700">
          {t('settings.pricing.localAi.note')}
        </Typography>
      </Box>
      <SettingsGrid messages="settings.pricing" fields={localAiPricingFields(values)} />
    </Flex>
  );
};

/** Markup, floor and upscaling cost (or the local-ai prices), with the live price preview underneath. */
export const PricingSection = ({
  preview,
  previewBlocked,
}: {
  preview: LiveAnswer<PricePreviewAnswer>;
  previewBlocked: boolean;
}) => {
  const t = useT();
  const { values } = useSettingsForm();
  const localAi = values.upscaler === 'local-ai';
  // The licence rows the preview priced (validate.ts previewBody sends the same multipliers).
  const licences = previewLicences(values.licences);
  return (
    <Section
      title={t('settings.pricing.title')}
      description={t(
        localAi ? 'settings.pricing.description.local-ai' : 'settings.pricing.description',
      )}
    >
      <Flex direction="column" alignItems="stretch" gap={5}>
        {localAi ? (
          <LocalAiPricing />
        ) : (
          <SettingsGrid messages="settings.pricing" fields={CREDIT_PRICING_FIELDS} />
        )}
        <Box>
          <Typography variant="omega" fontWeight="bold" tag="h3">
            {t('settings.preview.title')}
          </Typography>
          <Box paddingTop={1} paddingBottom={3}>
            <Typography variant="pi" textColor="neutral600">
              {t('settings.preview.description')}
            </Typography>
          </Box>
          <PricePreviewTable
            licences={licences}
            tax={values.tax === 'stripe_tax' ? values.taxBehavior : null}
            state={preview}
            stale={previewBlocked || Object.keys(preview.errors).length > 0}
          />
        </Box>
      </Flex>
    </Section>
  );
};
