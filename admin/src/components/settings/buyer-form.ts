/**
 * The buyer-experience settings (previews, cart quantity discounts, the re-download window
 * of "My purchases") as the settings form holds them, and their wire form checked by the
 * shared schema in validate.ts.
 */
import type { Settings } from '../../../../shared/contracts/settings';
import type { PreviewMode, QuantityDiscount } from '../../../../shared/contracts/settings-buyer';

export interface BuyerFormValues {
  previews: PreviewMode;
  paidPreviews: boolean;
  paidPreviewDailyCredits: number;
  quantityDiscounts: QuantityDiscount[];
  redownloadDays: number;
}

export type BuyerField = keyof BuyerFormValues;

export function buyerFormFromSettings(settings: Settings): BuyerFormValues {
  return {
    previews: settings.previews,
    paidPreviews: settings.paidPreviews,
    paidPreviewDailyCredits: settings.paidPreviewDailyCredits,
    quantityDiscounts: settings.quantityDiscounts.map((tier) => ({ ...tier })),
    redownloadDays: settings.redownloadDays,
  };
}

export function buyerWire(values: BuyerFormValues): Record<BuyerField, unknown> {
  return {
    previews: values.previews,
    paidPreviews: values.paidPreviews,
    paidPreviewDailyCredits: values.paidPreviewDailyCredits,
    quantityDiscounts: values.quantityDiscounts,
    redownloadDays: values.redownloadDays,
  };
}
