/**
 * The buyer-experience settings: the live before/after preview, the cart's quantity
 * discounts and the re-download window of "My purchases" (shared/contracts/settings-buyer.ts;
 * docs/architecture.md "Previews, cart and purchases").
 */
import { Flex, Grid, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { PREVIEW_MODES, type PreviewMode } from '../../../../shared/contracts/settings-buyer';
import { useT } from '../../utils/useT';
import { useSettingsForm } from './context';
import { SettingField, useFieldState } from './fields';
import { QuantityDiscountsTable } from './QuantityDiscountsTable';
import { Section } from './Section';
import { SettingsGrid } from './SettingsGrid';

/** Auto or off; the hint says what "auto" does with the chosen upscaler. */
const PreviewModeSetting = () => {
  const t = useT();
  const { values, setValue } = useSettingsForm();
  const mode = values.previews;
  const base = 'settings.buyer.previews.mode';
  const field = useFieldState('previews', {
    message: base,
    hint: `${base}.hint.${mode === 'off' ? 'off' : values.upscaler}`,
  });
  return (
    <SettingField name="previews" field={field}>
      <SingleSelect
        value={mode}
        disabled={field.disabled}
        onChange={(value) => setValue('previews', value as PreviewMode)}
      >
        {PREVIEW_MODES.map((option) => (
          <SingleSelectOption key={option} value={option}>
            {t(`${base}.${option}`)}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </SettingField>
  );
};

/** The preview mode; with Upsampler, whether it may pay for previews and how much a day. */
export const PreviewsSection = () => {
  const t = useT();
  const { values } = useSettingsForm();
  // Paid previews only exist with Upsampler (the other upscalers make them for free).
  const paid = values.upscaler === 'upsampler' && values.previews === 'auto';
  return (
    <Section
      anchor="previews"
      title={t('settings.buyer.previews.title')}
      description={t('settings.buyer.previews.description')}
    >
      <Flex direction="column" alignItems="stretch" gap={5}>
        <Grid.Root gap={5}>
          <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
            <PreviewModeSetting />
          </Grid.Item>
        </Grid.Root>
        {paid ? (
          <SettingsGrid
            messages="settings.buyer.previews"
            fields={[
              { kind: 'toggle', name: 'paidPreviews', message: 'paid' },
              {
                kind: 'number',
                name: 'paidPreviewDailyCredits',
                message: 'dailyCredits',
                enabledBy: 'paidPreviews',
              },
            ]}
          />
        ) : null}
      </Flex>
    </Section>
  );
};

/** Tiers of the cart's quantity discount. */
export const CartDiscountsSection = () => {
  const t = useT();
  return (
    <Section
      anchor="cart-discounts"
      title={t('settings.buyer.discounts.title')}
      description={t('settings.buyer.discounts.description')}
    >
      <QuantityDiscountsTable />
    </Section>
  );
};

/** How long "My purchases" gives fresh download links (0: the page is off). */
export const PurchasesSection = () => {
  const t = useT();
  return (
    <Section
      anchor="purchases"
      title={t('settings.buyer.purchases.title')}
      description={t('settings.buyer.purchases.description')}
    >
      <SettingsGrid
        messages="settings.buyer.purchases"
        fields={[{ kind: 'number', name: 'redownloadDays', message: 'redownloadDays' }]}
      />
    </Section>
  );
};

/** The three sections, in the page's order. */
export const BuyerSections = () => (
  <>
    <PreviewsSection />
    <CartDiscountsSection />
    <PurchasesSection />
  </>
);
