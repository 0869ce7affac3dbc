/**
 * The selling parameters of `POST /v1/checkout/sessions` (tax, promotion codes, Adaptive
 * Pricing, invoice, consent, custom text, locale), validated the way Stripe answers them.
 */
import type { CommerceStore } from './commerce';
import { invalidParam, StripeApiError } from './errors';
import type { ParamReader } from './params';
import type { CheckoutSession, SessionDiscount } from './types';

/** The languages Stripe Checkout accepts as `locale`. */
export const CHECKOUT_LOCALES = [
  'auto', 'bg', 'cs', 'da', 'de', 'el', 'en', 'en-GB', 'es', 'es-419', 'et', 'fi', 'fil', 'fr',
  'fr-CA', 'hi-IN', 'hr', 'hu', 'id', 'it', 'ja', 'ko', 'lt', 'lv', 'ms', 'mt', 'nb', 'nl',
  'pl', 'pt', 'pt-BR', 'ro', 'ru', 'sk', 'sl', 'sv', 'th', 'tr', 'vi', 'zh', 'zh-HK', 'zh-TW',
] as const; // prettier-ignore

const CUSTOM_TEXT_KEYS = [
  'after_submit',
  'shipping_address',
  'submit',
  'terms_of_service_acceptance',
] as const;
const INVOICE_DATA_PARAMS = [
  'account_tax_ids',
  'custom_fields',
  'description',
  'footer',
  'issuer',
  'metadata',
  'rendering_options',
] as const;

export interface SellingInput {
  automaticTax: boolean;
  billingAddressCollection: 'auto' | 'required' | null;
  taxIdCollection: CheckoutSession['tax_id_collection'];
  allowPromotionCodes: boolean | null;
  discount: SessionDiscount | null;
  adaptivePricing: boolean | null;
  invoiceCreation: CheckoutSession['invoice_creation'];
  consentCollection: CheckoutSession['consent_collection'];
  customText: CheckoutSession['custom_text'];
  locale: string | null;
}

export function parseSellingParams(params: ParamReader, commerce: CommerceStore): SellingInput {
  const automaticTax = params.object('automatic_tax')?.allowOnly(['enabled', 'liability']);
  const taxEnabled = automaticTax?.requiredBoolean('enabled') ?? false;
  if (taxEnabled && commerce.taxSettings.status !== 'active') {
    throw new StripeApiError(
      400,
      'invalid_request_error',
      'Stripe Tax has not been activated on your account. Please visit https://dashboard.stripe.com/settings/tax/activate to get started.',
      undefined,
      'automatic_tax[enabled]',
    );
  }
  const taxIds = params.object('tax_id_collection')?.allowOnly(['enabled', 'required']);
  const allowPromotionCodes = params.boolean('allow_promotion_codes') ?? null;
  const discounts = params.objectArray('discounts');
  if (discounts && discounts.length > 0 && allowPromotionCodes !== null) {
    throw invalidParam(
      'allow_promotion_codes',
      'You may only specify one of these parameters: allow_promotion_codes, discounts.',
    );
  }
  if (discounts && discounts.length > 1)
    throw invalidParam('discounts', 'You may only apply one discount to a Checkout Session.');
  const discountParam = discounts?.[0]?.allowOnly(['coupon', 'promotion_code']);
  let discount: SessionDiscount | null = null;
  if (discountParam) {
    const coupon = discountParam.string('coupon');
    const promotionCode = discountParam.string('promotion_code');
    if ((coupon === undefined) === (promotionCode === undefined))
      throw invalidParam('discounts[0]', 'Specify exactly one of `coupon` or `promotion_code`.');
    discount = commerce.discountOf({ coupon, promotionCode }, 'discounts[0]');
  }
  const adaptive = params.object('adaptive_pricing')?.allowOnly(['enabled']);
  return {
    automaticTax: taxEnabled,
    billingAddressCollection:
      params.enumValue('billing_address_collection', ['auto', 'required'] as const) ?? null,
    taxIdCollection: taxIds
      ? {
          enabled: taxIds.requiredBoolean('enabled'),
          required: taxIds.enumValue('required', ['if_supported', 'never'] as const) ?? 'never',
        }
      : null,
    allowPromotionCodes,
    discount,
    adaptivePricing: adaptive?.boolean('enabled') ?? null,
    invoiceCreation: parseInvoiceCreation(params),
    consentCollection: parseConsent(params),
    customText: parseCustomText(params),
    locale: params.enumValue('locale', CHECKOUT_LOCALES) ?? null,
  };
}

function parseInvoiceCreation(params: ParamReader): CheckoutSession['invoice_creation'] {
  const creation = params.object('invoice_creation')?.allowOnly(['enabled', 'invoice_data']);
  if (!creation) return null;
  const data = creation.object('invoice_data')?.allowOnly(INVOICE_DATA_PARAMS);
  return {
    enabled: creation.requiredBoolean('enabled'),
    invoice_data: {
      description: data?.string('description', { maxLength: 1500 }) ?? null,
      footer: data?.string('footer', { maxLength: 5000 }) ?? null,
      metadata: data?.metadata('metadata') ?? {},
    },
  };
}

function parseConsent(params: ParamReader): CheckoutSession['consent_collection'] {
  const consent = params
    .object('consent_collection')
    ?.allowOnly(['payment_method_reuse_agreement', 'promotions', 'terms_of_service']);
  if (!consent) return null;
  return {
    promotions: consent.enumValue('promotions', ['auto', 'none']) ?? null,
    terms_of_service: consent.enumValue('terms_of_service', ['none', 'required'] as const) ?? null,
  };
}

function parseCustomText(params: ParamReader): CheckoutSession['custom_text'] {
  const text = params.object('custom_text')?.allowOnly(CUSTOM_TEXT_KEYS);
  const result: CheckoutSession['custom_text'] = {};
  for (const key of CUSTOM_TEXT_KEYS) {
    const entry = text?.object(key)?.allowOnly(['message']);
    result[key] = entry ? { message: entry.requiredString('message', { maxLength: 1200 }) } : null;
  }
  return result;
}
