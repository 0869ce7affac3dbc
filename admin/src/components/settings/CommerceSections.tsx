/**
 * The selling settings of the page: tax through Stripe Tax, what Checkout offers
 * (promotion codes, local currency, invoices, terms consent) and the rights metadata of the
 * delivered file. The licence table has its own section (LicencesSection).
 */
import { Box, Flex, Typography } from '@strapi/design-system';
import { TAX_BEHAVIORS, TAX_MODES } from '../../../../shared/contracts/settings-commerce';
import { useT } from '../../utils/useT';
import { useSettingsForm } from './context';
import { Section } from './Section';
import { SettingsGrid, type SettingSpec } from './SettingsGrid';

/** A short explanation under a section's settings. */
export const Note = ({
  children,
  tone = 'neutral',
}: {
  children: string;
  tone?: 'neutral' | 'primary';
}) => (
  <Box
    background={tone === 'primary' ? 'primary100' : 'neutral100'}
    borderColor={tone === 'primary' ? 'primary200' : 'neutral200'}
    borderStyle="solid"
    borderWidth="1px"
    padding={3}
    hasRadius
  >
    <Typography variant="pi" textColor={tone === 'primary' ? 'primary700' : 'neutral700'}>
      {children}
    </Typography>
  </Box>
);

const TAX_MODE: SettingSpec = {
  kind: 'select',
  name: 'tax',
  options: TAX_MODES,
  message: 'mode',
  hintPerOption: true,
};

const TAX_DETAILS: SettingSpec[] = [
  {
    kind: 'select',
    name: 'taxBehavior',
    options: TAX_BEHAVIORS,
    message: 'behavior',
    hintPerOption: true,
  },
  { kind: 'text', name: 'taxCode', message: 'code', placeholder: 'txcd_10501000' },
  { kind: 'toggle', name: 'taxIdCollection', message: 'idCollection' },
];

/** Tax mode; with Stripe Tax, prices exclusive or inclusive, the product tax code and tax ids. */
export const TaxSection = () => {
  const t = useT();
  const { values } = useSettingsForm();
  const on = values.tax === 'stripe_tax';
  return (
    <Section
      anchor="tax"
      title={t('settings.tax.title')}
      description={t('settings.tax.description')}
    >
      <Flex direction="column" alignItems="stretch" gap={5}>
        <SettingsGrid
          messages="settings.tax"
          fields={on ? [TAX_MODE, ...TAX_DETAILS] : [TAX_MODE]}
        />
        {on ? <Note tone="primary">{t('settings.tax.dashboardNote')}</Note> : null}
      </Flex>
    </Section>
  );
};

/** What Stripe Checkout offers the buyer besides the price. */
export const CheckoutSection = () => {
  const t = useT();
  const { values } = useSettingsForm();
  const fields: SettingSpec[] = [
    { kind: 'toggle', name: 'allowPromotionCodes', message: 'promotionCodes' },
    { kind: 'toggle', name: 'adaptivePricing', message: 'adaptivePricing' },
    { kind: 'toggle', name: 'invoiceCreation', message: 'invoices' },
    ...(values.invoiceCreation
      ? [{ kind: 'text', name: 'invoiceFooter', message: 'invoiceFooter' } as SettingSpec]
      : []),
    { kind: 'toggle', name: 'requireTermsConsent', message: 'termsConsent' },
  ];
  return (
    <Section
      anchor="checkout"
      title={t('settings.checkout.title')}
      description={t('settings.checkout.description')}
    >
      <SettingsGrid messages="settings.checkout" fields={fields} />
    </Section>
  );
};

/** Whether the delivered file's XMP names the buyer (off by default: nothing personal). */
export const RightsSection = () => {
  const t = useT();
  return (
    <Section
      anchor="rights"
      title={t('settings.rights.title')}
      description={t('settings.rights.description')}
    >
      <Flex direction="column" alignItems="stretch" gap={5}>
        <SettingsGrid
          messages="settings.rights"
          fields={[
            { kind: 'toggle', name: 'rightsMetadataIncludesBuyer', message: 'includeBuyer' },
          ]}
        />
        <Note>{t('settings.rights.privacyNote')}</Note>
      </Flex>
    </Section>
  );
};
