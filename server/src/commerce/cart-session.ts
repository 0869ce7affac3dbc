/**
 * The Checkout Session of a cart order (docs/architecture.md "Previews, cart and
 * purchases"): one line item per job, each named and priced like a single purchase's and
 * carrying its job and line in the product's metadata; the order id in the session's,
 * payment intent's and invoice's metadata; the quantity discount as a percent coupon.
 * Stripe refuses `discounts` with `allow_promotion_codes`: with a tier there is no code
 * field (a `promo` sent is ignored), without one the single checkout's code rules apply.
 */
import Stripe from 'stripe';
import type { QuantityDiscount } from '../../../shared/contracts/settings-buyer';
import type { Job } from '../jobs/repository';
import type { EffectiveSettings } from '../settings/settings';
import type { CartCheckoutBody } from '../validation/public';
import { couponName } from './cart-discount';
import {
  checkoutLocale,
  imageLineItem,
  sessionExpiry,
  subjectSellingParams,
  withParams,
  type createSessionOpener,
} from './checkout-session';
import type { PricedOption, SellableFile } from './quotes';

export interface OrderLine {
  job: Job;
  file: SellableFile;
  option: PricedOption;
}

export interface OrderSessionInput {
  orderId: string;
  lines: OrderLine[];
  tier: QuantityDiscount | null;
  body: CartCheckoutBody;
  settings: EffectiveSettings;
  currency: string;
  target: string;
}

type Opener = ReturnType<typeof createSessionOpener>;

/**
 * The coupon of a tier, one per percentage and threshold (`smi_cart_<min>_<percent>`),
 * made on first use and reused after, so the Dashboard holds one coupon per tier.
 */
async function tierCoupon(stripe: Stripe, tier: QuantityDiscount): Promise<string> {
  const id = `smi_cart_${tier.minItems}_${tier.percentOff}`;
  try {
    return (await stripe.coupons.retrieve(id)).id;
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError) || error.code !== 'resource_missing')
      throw error;
  }
  try {
    const coupon = await stripe.coupons.create({
      id,
      percent_off: tier.percentOff,
      duration: 'once',
      name: couponName(tier),
      metadata: { source: 'sell-my-images', minItems: String(tier.minItems) },
    });
    return coupon.id;
  } catch (error) {
    // Another checkout made it first.
    if (error instanceof Stripe.errors.StripeError && error.code === 'resource_already_exists')
      return id;
    throw error;
  }
}

export async function openOrderSession(
  stripe: Stripe,
  opener: Opener,
  { orderId, lines, tier, body, settings, currency, target }: OrderSessionInput,
): Promise<Stripe.Checkout.Session> {
  const metadata = { orderId };
  const discount = tier
    ? { discounts: [{ coupon: await tierCoupon(stripe, tier) }] }
    : await opener.promotionParams(stripe, `order ${orderId}`, settings, body.promo);
  const order = `smi_order=${orderId}`;
  return stripe.checkout.sessions.create(
    {
      mode: 'payment',
      line_items: lines.map(({ job, file, option }) =>
        imageLineItem(
          { fileName: file.name, licenceName: job.licenceName, option, currency },
          settings,
          opener.lineItemDescription(option, settings),
          { orderId, orderLine: String(job.orderLine), jobId: job.jobId },
        ),
      ),
      metadata,
      payment_intent_data: { metadata },
      client_reference_id: orderId,
      ...(body.email ? { customer_email: body.email } : {}),
      locale: checkoutLocale(body.locale),
      ...subjectSellingParams(
        { metadata, licenceNames: lines.map(({ job }) => job.licenceName) },
        settings,
      ),
      ...discount,
      expires_at: sessionExpiry(),
      success_url: withParams(target, `${order}&smi_session={CHECKOUT_SESSION_ID}`),
      cancel_url: withParams(target, `${order}&smi_status=cancelled`),
    },
    { idempotencyKey: `cart-checkout-${orderId}` },
  );
}
