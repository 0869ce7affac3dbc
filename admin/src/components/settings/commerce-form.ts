/**
 * The selling settings (tax, checkout options, licences, rights metadata) as the settings
 * form holds them, and their wire form checked by the shared schema in validate.ts.
 * `emailTemplates` is edited on its own page and never sent from here.
 */
import type { Settings } from '../../../../shared/contracts/settings';
import type { TaxBehavior, TaxMode } from '../../../../shared/contracts/settings-commerce';
import { multiplierToPercent, rowsFromLicences, type LicenceRow } from './licences';

export interface CommerceFormValues {
  tax: TaxMode;
  taxBehavior: TaxBehavior;
  taxCode: string;
  taxIdCollection: boolean;
  allowPromotionCodes: boolean;
  adaptivePricing: boolean;
  invoiceCreation: boolean;
  invoiceFooter: string;
  licences: LicenceRow[];
  requireTermsConsent: boolean;
  rightsMetadataIncludesBuyer: boolean;
}

export type CommerceField = keyof CommerceFormValues;

/** Fields with a value only Stripe Tax uses: hidden while tax is off. */
export const TAX_DETAIL_FIELDS: readonly string[] = ['taxBehavior', 'taxCode', 'taxIdCollection'];

export function commerceFormFromSettings(settings: Settings): CommerceFormValues {
  return {
    tax: settings.tax,
    taxBehavior: settings.taxBehavior,
    taxCode: settings.taxCode,
    taxIdCollection: settings.taxIdCollection,
    allowPromotionCodes: settings.allowPromotionCodes,
    adaptivePricing: settings.adaptivePricing,
    invoiceCreation: settings.invoiceCreation,
    invoiceFooter: settings.invoiceFooter ?? '',
    licences: rowsFromLicences(settings.licences),
    requireTermsConsent: settings.requireTermsConsent,
    rightsMetadataIncludesBuyer: settings.rightsMetadataIncludesBuyer,
  };
}

/**
 * The wire input of each selling setting; a multiplier that does not read as one is an error
 * (`licences.<index>.multiplierPercent`) and the row is sent without it (the schema then
 * reports nothing more about it).
 */
export function commerceWire(
  values: CommerceFormValues,
  errors: Record<string, string>,
  multiplierError: string,
): Record<CommerceField, unknown> {
  const licences = values.licences.map((row, index) => {
    const multiplierPercent = multiplierToPercent(row.multiplier);
    if (multiplierPercent === undefined)
      errors[`licences.${index}.multiplierPercent`] = multiplierError;
    return {
      id: row.id,
      name: row.name,
      multiplierPercent: multiplierPercent ?? 100,
      text: row.text,
    };
  });
  return {
    tax: values.tax,
    taxBehavior: values.taxBehavior,
    taxCode: values.taxCode,
    taxIdCollection: values.taxIdCollection,
    allowPromotionCodes: values.allowPromotionCodes,
    adaptivePricing: values.adaptivePricing,
    invoiceCreation: values.invoiceCreation,
    invoiceFooter: values.invoiceFooter,
    licences,
    requireTermsConsent: values.requireTermsConsent,
    rightsMetadataIncludesBuyer: values.rightsMetadataIncludesBuyer,
  };
}
