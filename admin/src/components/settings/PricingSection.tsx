import { Box, Flex, Typography } from '@strapi/design-system';
import { LOCAL_AI_PRICING_MODES } from '../../../../shared/contracts/settings';
import type { PricePreviewAnswer } from '../../../../shared/contracts/settings-routes';
import { byScale } from '../../../../shared/resolutions';
import { useT } from '../../utils/useT';
import { useSettingsForm } from './context';
import { FieldGrid } from './FieldGrid';
import { FlatPriceSetting, MoneySetting, NumberSetting, SelectSetting } from './fields';
import { PricePreviewTable } from './PricePreviewTable';
import { Section } from './Section';
import type { LiveAnswer } from './useLiveAnswers';

/**
 * Local-ai pricing: no credits and no markup, the site owner sets the price per output
 * megapixel, or flat per resolution (a resolution without a flat price falls back to the
 * per-megapixel one, so that field stays visible in flat mode).
 */
const LocalAiPricing = () => {
  const t = useT();
  const { values } = useSettingsForm();
  const flat = values.localAiPricingMode === 'flat';
  const resolutions = [...values.resolutions].sort(byScale);
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
      <FieldGrid>
        <SelectSetting
          name="localAiPricingMode"
          label={t('settings.pricing.localAi.mode')}
          hint={t(`settings.pricing.localAi.mode.hint.${values.localAiPricingMode}`)}
          options={LOCAL_AI_PRICING_MODES.map((mode) => ({
            value: mode,
            label: t(`settings.pricing.localAi.mode.${mode}`),
          }))}
        />
        <MoneySetting
          name="minimumPrice"
          label={t('settings.pricing.minimum')}
          hint={t('settings.pricing.minimum.hint')}
        />
        <MoneySetting
          name="localAiPricePerMegapixel"
          label={t('settings.pricing.localAi.perMegapixel')}
          hint={t(
            flat
              ? 'settings.pricing.localAi.perMegapixel.hint.flat'
              : 'settings.pricing.localAi.perMegapixel.hint',
          )}
        />
        {flat
          ? resolutions.map((resolution, index) => (
              <FlatPriceSetting
                key={resolution}
                resolution={resolution}
                showObjectError={index === 0}
                label={t('settings.pricing.localAi.flat', { resolution })}
                hint={t('settings.pricing.localAi.flat.hint')}
              />
            ))
          : null}
      </FieldGrid>
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
          <FieldGrid>
            <NumberSetting
              name="markupPercent"
              label={t('settings.pricing.markup')}
              hint={t('settings.pricing.markup.hint')}
            />
            <MoneySetting
              name="minimumPrice"
              label={t('settings.pricing.minimum')}
              hint={t('settings.pricing.minimum.hint')}
            />
            <MoneySetting
              name="creditPrice"
              label={t('settings.pricing.creditPrice')}
              hint={t('settings.pricing.creditPrice.hint')}
            />
            <NumberSetting
              name="creditsPerMegapixel"
              step={0.01}
              label={t('settings.pricing.creditsPerMegapixel')}
              hint={t('settings.pricing.creditsPerMegapixel.hint')}
            />
          </FieldGrid>
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
            state={preview}
            stale={previewBlocked || Object.keys(preview.errors).length > 0}
          />
        </Box>
      </Flex>
    </Section>
  );
};
