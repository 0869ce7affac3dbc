/**
 * Validation of `POST /v1/checkout/sessions` the way Stripe answers it, for the
 * `mode=payment` + inline `price_data` integration the plugin uses. Other real
 * parameters are accepted and ignored; unknown ones are rejected like Stripe does.
 */
import { isKnownCurrency, MINIMUM_CHARGE, formatAmount } from './currency';
import { invalidParam, missingParam, resourceMissing, StripeApiError } from './errors';
import type { LineItemInput, SessionInput } from './ledger';
import type { ParamReader } from './params';
import type { CommerceStore } from './commerce';
import { parseSellingParams } from './selling-params';

export const MIN_EXPIRY_SECONDS = 30 * 60;
export const MAX_EXPIRY_SECONDS = 24 * 60 * 60;

const SESSION_PARAMS = [
  'adaptive_pricing',
  'after_expiration',
  'allow_promotion_codes',
  'automatic_tax',
  'billing_address_collection',
  'branding_settings',
  'cancel_url',
  'client_reference_id',
  'consent_collection',
  'currency',
  'custom_fields',
  'custom_text',
  'customer',
  'customer_creation',
  'customer_email',
  'customer_update',
  'discounts',
  'expand',
  'expires_at',
  'invoice_creation',
  'line_items',
  'locale',
  'metadata',
  'mode',
  'name_collection',
  'optional_items',
  'origin_context',
  'payment_intent_data',
  'payment_method_collection',
  'payment_method_configuration',
  'payment_method_options',
  'payment_method_types',
  'permissions',
  'phone_number_collection',
  'redirect_on_completion',
  'return_url',
  'saved_payment_method_options',
  'setup_intent_data',
  'shipping_address_collection',
  'shipping_options',
  'submit_type',
  'subscription_data',
  'success_url',
  'tax_id_collection',
  'ui_mode',
  'wallet_options',
] as const;
const LINE_ITEM_PARAMS = [
  'adjustable_quantity',
  'dynamic_tax_rates',
  'metadata',
  'price',
  'price_data',
  'quantity',
  'tax_rates',
] as const;
const PRICE_DATA_PARAMS = [
  'currency',
  'product',
  'product_data',
  'recurring',
  'tax_behavior',
  'unit_amount',
  'unit_amount_decimal',
] as const;
const PRODUCT_DATA_PARAMS = [
  'description',
  'images',
  'metadata',
  'name',
  'tax_code',
  'unit_label',
] as const;
const PAYMENT_INTENT_DATA_PARAMS = [
  'application_fee_amount',
  'capture_method',
  'description',
  'metadata',
  'on_behalf_of',
  'receipt_email',
  'setup_future_usage',
  'shipping',
  'statement_descriptor',
  'statement_descriptor_suffix',
  'transfer_data',
  'transfer_group',
] as const;

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function parseCreateSessionParams(
  params: ParamReader,
  now: number,
  commerce: CommerceStore,
): SessionInput {
  params.allowOnly(SESSION_PARAMS);
  const mode = params.string('mode');
  if (mode === undefined) throw missingParam('mode');
  if (mode !== 'payment') {
    if (mode === 'setup' || mode === 'subscription') {
      throw invalidParam('mode', `The local Stripe fake only supports mode=payment (got ${mode}).`);
    }
    throw invalidParam('mode', `Invalid mode: must be one of payment, setup, or subscription`);
  }
  const uiMode = params.enumValue('ui_mode', ['hosted', 'embedded', 'custom']);
  if (uiMode && uiMode !== 'hosted')
    throw invalidParam('ui_mode', `The local Stripe fake only supports ui_mode=hosted.`);

  const successUrl = requiredUrl(params, 'success_url');
  const cancelUrl = params.has('cancel_url') ? requiredUrl(params, 'cancel_url') : null;

  const lineItems = parseLineItems(params);
  const selling = parseSellingParams(params, commerce);
  const untaxable = lineItems.findIndex((item) => item.taxBehavior === null);
  if (selling.automaticTax && untaxable >= 0 && !commerce.taxSettings.defaults.tax_behavior) {
    throw invalidParam(
      `line_items[${untaxable}][price_data][tax_behavior]`,
      'Stripe Tax needs a tax behavior: set `tax_behavior` on the price, or a default tax behavior in your tax settings.',
    );
  }
  const currency = lineItems[0].currency;
  if (lineItems.some((item) => item.currency !== currency)) {
    throw invalidParam('line_items', 'All line items must use the same currency.');
  }
  const total = lineItems.reduce((sum, item) => sum + item.unitAmount * item.quantity, 0);
  const minimum = MINIMUM_CHARGE[currency];
  if (minimum !== undefined && total < minimum) {
    throw new StripeApiError(
      400,
      'invalid_request_error',
      `The Checkout Session's total amount due must add up to at least ${formatAmount(minimum, currency)} ${currency}`,
      'amount_too_small',
      undefined,
      false,
    );
  }

  const expiresAt = params.integer('expires_at');
  if (expiresAt !== undefined) {
    if (expiresAt - now < MIN_EXPIRY_SECONDS) {
      throw invalidParam(
        'expires_at',
        'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.',
      );
    }
    if (expiresAt - now > MAX_EXPIRY_SECONDS) {
      throw invalidParam(
        'expires_at',
        'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.',
      );
    }
  }

  const customerEmail = params.string('customer_email', { maxLength: 800 }) ?? null;
  if (customerEmail !== null && !EMAIL_PATTERN.test(customerEmail)) {
    throw invalidParam(
      'customer_email',
      `Invalid email address: ${customerEmail}`,
      'email_invalid',
    );
  }

  const intentData = params.object('payment_intent_data');
  intentData?.allowOnly(PAYMENT_INTENT_DATA_PARAMS);

  return {
    currency,
    lineItems,
    successUrl,
    cancelUrl,
    expiresAt: expiresAt ?? now + MAX_EXPIRY_SECONDS,
    metadata: params.metadata('metadata') ?? {},
    paymentIntentMetadata: intentData?.metadata('metadata') ?? {},
    paymentIntentDescription: intentData?.string('description', { maxLength: 1000 }) ?? null,
    receiptEmail: intentData?.string('receipt_email') ?? null,
    clientReferenceId: params.string('client_reference_id', { maxLength: 200 }) ?? null,
    customerEmail,
    selling,
    paymentMethodTypes: parsePaymentMethodTypes(params),
  };
}

function parseLineItems(params: ParamReader): LineItemInput[] {
  const items = params.objectArray('line_items');
  if (!items || items.length === 0) throw missingParam('line_items');
  return items.map((item) => {
    item.allowOnly(LINE_ITEM_PARAMS);
    // The fake stores no prices or products: a reference to one is always missing.
    if (item.has('price'))
      throw resourceMissing('price', item.requiredString('price'), item.name('price'));
    const priceData = item.requiredObject('price_data').allowOnly(PRICE_DATA_PARAMS);
    if (priceData.has('recurring')) {
      throw invalidParam(
        priceData.name('recurring'),
        'You specified `payment` mode but passed a recurring price.',
      );
    }
    const currency = priceData.requiredString('currency').toLowerCase();
    if (!isKnownCurrency(currency))
      throw invalidParam(priceData.name('currency'), `Invalid currency: ${currency}.`);
    if (priceData.has('product')) {
      const productId = priceData.requiredString('product');
      throw resourceMissing('product', productId, priceData.name('product'));
    }
    const productData = priceData.requiredObject('product_data').allowOnly(PRODUCT_DATA_PARAMS);
    const unitAmount = priceData.requiredInteger('unit_amount', { min: 0 });
    const taxCode = productData.string('tax_code') ?? null;
    if (taxCode !== null && !/^txcd_\d{8}$/.test(taxCode))
      throw resourceMissing('tax_code', taxCode, productData.name('tax_code'));
    return {
      taxBehavior:
        priceData.enumValue('tax_behavior', ['exclusive', 'inclusive', 'unspecified'] as const) ??
        null,
      taxCode,
      name: productData.requiredString('name', { maxLength: 250 }),
      description: productData.string('description', { maxLength: 40000 }) ?? null,
      productMetadata: productData.metadata('metadata') ?? {},
      currency,
      unitAmount,
      quantity: item.requiredInteger('quantity', { min: 1 }),
    };
  });
}

function parsePaymentMethodTypes(params: ParamReader): string[] {
  const types = params.stringArray('payment_method_types');
  return types && types.length > 0 ? types : ['card'];
}

function requiredUrl(params: ParamReader, key: string): string {
  const value = params.requiredString(key, { maxLength: 5000 });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidParam(key, 'Not a valid URL', 'url_invalid');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalidParam(key, 'Not a valid URL', 'url_invalid');
  return value;
}
