/**
 * The job's cart and preview fields: a cart's lines are jobs of one order (one Stripe
 * Checkout Session with several line items), each delivered and, when it fails for good,
 * refunded on its own. docs/architecture.md "Previews, cart and purchases".
 */
export const ORDER_ATTRIBUTES = {
  /** The cart order (a UUID shared by its lines); null for a single purchase. */
  orderId: {
    type: 'string',
    maxLength: 36,
  },
  /** The line's position in the order, from 0 (Stripe's line item order). */
  orderLine: {
    type: 'integer',
    min: 0,
  },
  /** How many lines the order has. */
  orderSize: {
    type: 'integer',
    min: 1,
  },
  /** The cart's quantity discount on this line, percent (shown as a coupon in Checkout). */
  quantityDiscountPercent: {
    type: 'integer',
    min: 0,
  },
  /** The visitor saw the live before/after preview before buying (analytics). */
  previewed: {
    type: 'boolean',
    default: false,
  },
} as const;
