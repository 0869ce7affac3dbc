/**
 * What `npm run demo` sells with: three licence tiers, a cart discount (3+ images: 20 % off),
 * and with the local Stripe
 * simulator also Stripe Tax (exclusive, the simulator's test rates), promotion codes with a
 * ready-made 20 % code, and invoices — so the demo shows a taxed, discounted, invoiced sale
 * without any account. With real Stripe only the licences are set: tax and codes are the
 * owner's choice in their own dashboard.
 */
import type { StripeFake } from '../tests/fakes/stripe';
import { createStripeClient } from '../tests/fakes/stripe';

export const DEMO_PROMO_CODE = 'DEMO20';

const DEMO_LICENCES = [
  {
    id: 'personal',
    name: 'Personal',
    multiplierPercent: 100,
    text: 'Print and display at home, on your own devices and in personal, non-commercial projects. No resale.',
  },
  {
    id: 'commercial',
    name: 'Commercial',
    multiplierPercent: 300,
    text: 'Use in advertising, products, websites and printed matter of one business, worldwide, without time limit. No resale of the file itself.',
  },
  {
    id: 'editorial',
    name: 'Editorial',
    multiplierPercent: 150,
    text: 'Use to illustrate news, articles and books; not in advertising.',
  },
];

async function saveSettings(url: string, token: string, settings: object): Promise<void> {
  const res = await fetch(`${url}/sell-my-images/settings`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(settings),
  });
  if (res.status !== 200)
    throw new Error(`Saving the demo's selling settings failed: ${res.status} ${await res.text()}`);
}

/** Sets the demo's licences (and with the simulator tax, codes and invoices); the promo code when made. */
export async function configureDemoSelling(
  url: string,
  token: string,
  simulator: Pick<StripeFake, 'url' | 'apiKey'> | null,
): Promise<string | null> {
  // The cart's quantity discount, shown by Checkout as a discount (previews are on by default).
  const buyer = { quantityDiscounts: [{ minItems: 3, percentOff: 20 }] };
  if (!simulator) {
    await saveSettings(url, token, { licences: DEMO_LICENCES, ...buyer });
    return null;
  }
  await saveSettings(url, token, {
    licences: DEMO_LICENCES,
    ...buyer,
    tax: 'stripe_tax',
    taxBehavior: 'exclusive',
    allowPromotionCodes: true,
    invoiceCreation: true,
    invoiceFooter: 'Demo shop — test invoice, nothing was charged.',
  });
  const stripe = createStripeClient(simulator);
  const coupon = await stripe.coupons.create({ percent_off: 20, name: 'Demo 20 % off' });
  await stripe.promotionCodes.create({
    promotion: { type: 'coupon', coupon: coupon.id },
    code: DEMO_PROMO_CODE,
  });
  return DEMO_PROMO_CODE;
}
