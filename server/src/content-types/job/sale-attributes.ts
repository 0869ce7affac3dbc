/**
 * The job's sale fields: what Stripe took (total, tax, discount in the job's currency, and
 * the buyer's currency with Adaptive Pricing), the licence sold (a snapshot), the rule that
 * priced it, the buyer's language and the invoice. docs/architecture.md "Money rules".
 */
export const SALE_ATTRIBUTES = {
  // What Stripe took: total, tax and discount in `currency`, presentment when adaptive.
  amountTotal: {
    type: 'integer',
    min: 0,
  },
  amountTax: {
    type: 'integer',
    min: 0,
  },
  amountDiscount: {
    type: 'integer',
    min: 0,
  },
  presentmentCurrency: {
    type: 'string',
    maxLength: 3,
  },
  presentmentAmount: {
    type: 'integer',
    min: 0,
  },
  taxBehavior: {
    type: 'string',
    maxLength: 16,
  },
  licenceId: {
    type: 'string',
    maxLength: 40,
  },
  licenceName: {
    type: 'string',
    maxLength: 80,
  },
  licenceText: {
    type: 'text',
  },
  licenceMultiplierPercent: {
    type: 'integer',
    min: 1,
  },
  priceRule: {
    type: 'string',
    maxLength: 24,
  },
  locale: {
    type: 'string',
    maxLength: 8,
  },
  stripeInvoiceId: {
    type: 'string',
    maxLength: 255,
  },
  invoiceUrl: {
    type: 'text',
  },
} as const;
