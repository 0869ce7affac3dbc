import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random base-62 string, like the tail of Stripe's object ids. */
export function randomBase62(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

/** Stripe-looking ids: `cs_test_a1B2…`, `pi_3Q…`, `evt_1Q…`, `req_…`. */
export const newId = {
  checkoutSession: (): string => `cs_test_a1${randomBase62(56)}`,
  paymentIntent: (): string => `pi_3${randomBase62(23)}`,
  charge: (): string => `ch_3${randomBase62(23)}`,
  refund: (): string => `re_3${randomBase62(23)}`,
  event: (): string => `evt_1${randomBase62(23)}`,
  request: (): string => `req_${randomBase62(14)}`,
  lineItem: (): string => `li_1${randomBase62(23)}`,
  price: (): string => `price_1${randomBase62(23)}`,
  product: (): string => `prod_${randomBase62(14)}`,
  coupon: (): string => randomBase62(8),
  promotionCode: (): string => `promo_1${randomBase62(23)}`,
  invoice: (): string => `in_1${randomBase62(23)}`,
  webhookSecret: (): string => `whsec_${randomBase62(32)}`,
  apiKey: (): string => `sk_test_${randomBase62(24)}`,
};

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
