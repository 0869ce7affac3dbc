import { Box, Flex, Typography } from '@strapi/design-system';
import { useT } from '../../utils/useT';
import { FieldGrid } from './FieldGrid';
import { MoneySetting, NumberSetting } from './fields';
import { PricePreviewTable } from './PricePreviewTable';
import { Section } from './Section';
import type { PricePreviewState } from './usePricePreview';

/** Markup, floor and upscaling cost, with the live price preview underneath. */
export const PricingSection = ({ preview, previewBlocked }: { preview: PricePreviewState; previewBlocked: boolean }) => {
  const t = useT();
  return (
    <Section title={t('settings.pricing.title')} description={t('settings.pricing.description')}>
      <Flex direction="column" alignItems="stretch" gap={5}>
        <FieldGrid>
          <NumberSetting name="markupPercent" label={t('settings.pricing.markup')} hint={t('settings.pricing.markup.hint')} />
          <MoneySetting name="minimumPrice" label={t('settings.pricing.minimum')} hint={t('settings.pricing.minimum.hint')} />
          <MoneySetting name="creditPrice" label={t('settings.pricing.creditPrice')} hint={t('settings.pricing.creditPrice.hint')} />
          <NumberSetting
            name="creditsPerMegapixel"
            step={0.01}
            label={t('settings.pricing.creditsPerMegapixel')}
            hint={t('settings.pricing.creditsPerMegapixel.hint')}
          />
        </FieldGrid>
        <Box>
          <Typography variant="omega" fontWeight="bold" tag="h3">
            {t('settings.preview.title')}
          </Typography>
          <Box paddingTop={1} paddingBottom={3}>
            <Typography variant="pi" textColor="neutral600">
              {t('settings.preview.description')}
            </Typography>
          </Box>
          <PricePreviewTable state={preview} stale={previewBlocked || Object.keys(preview.errors).length > 0} />
        </Box>
      </Flex>
    </Section>
  );
};
