/**
 * The Stripe fake with a cart's session, driven through the official `stripe` SDK: many
 * line items listed page by page with their products expanded, a percent coupon and tax
 * computed line by line, and partial refunds of one line with their metadata.
 */
import type Stripe from 'stripe';
import { createStripeClient, startStripeFake, TEST_TAX_RATES, type StripeFake } from './stripe';

describe('Stripe fake: a session of several line items', () => {
  let fake: StripeFake;
  let stripe: Stripe;

  beforeAll(async () => {
    fake = await startStripeFake();
    stripe = createStripeClient(fake, { maxNetworkRetries: 0 });
  });
  afterAll(async () => fake?.close());

  const amounts = Array.from({ length: 12 }, (_, i) => 105 + i * 10);
  const openCart = async (coupon: string) =>
    stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: amounts.map((amount, line) => ({
        quantity: 1,
        price_data: {
          currency: 'eur',
          unit_amount: amount,
          tax_behavior: 'exclusive',
          product_data: { name: `image ${line}`, metadata: { orderLine: String(line) } },
        },
      })),
      automatic_tax: { enabled: true },
      discounts: [{ coupon }],
      metadata: { orderId: 'order-1' },
      payment_intent_data: { metadata: { orderId: 'order-1' } },
      customer_email: 'buyer@example.com',
      success_url: 'https://shop.example/thanks',
    });

  it('lists line items 10 by default, up to 100 with limit, products expanded, amounts per line', async () => {
    const coupon = await stripe.coupons.create({
      id: 'smi_cart_3_20',
      percent_off: 20,
      duration: 'once',
    });
    expect(coupon.id).toBe('smi_cart_3_20');
    expect((await stripe.coupons.retrieve('smi_cart_3_20')).percent_off).toBe(20);
    const session = await openCart(coupon.id);
    const first = await stripe.checkout.sessions.listLineItems(session.id);
    expect([first.data.length, first.has_more]).toEqual([10, true]);
    await fake.completeSession(session.id, { country: 'FR' });
    const all = await stripe.checkout.sessions.listLineItems(session.id, {
      limit: 100,
      expand: ['data.price.product'],
    });
    expect([all.data.length, all.has_more]).toEqual([12, false]);
    all.data.forEach((item, line) => {
      const off = Math.round((amounts[line]! * 20) / 100);
      const tax = Math.round(((amounts[line]! - off) * TEST_TAX_RATES.FR!) / 100);
      expect(item).toMatchObject({
        amount_subtotal: amounts[line],
        amount_discount: off,
        amount_tax: tax,
        amount_total: amounts[line]! - off + tax,
      });
      expect((item.price?.product as Stripe.Product).metadata).toEqual({ orderLine: String(line) });
    });
    const paid = await stripe.checkout.sessions.retrieve(session.id);
    expect(paid.amount_total).toBe(all.data.reduce((sum, item) => sum + item.amount_total, 0));

    // One line refunded alone, then too much: Stripe refuses more than is left.
    const intent = paid.payment_intent as string;
    const line = all.data[3]!;
    const refund = await stripe.refunds.create({
      payment_intent: intent,
      amount: line.amount_total,
      metadata: { jobId: 'job-3' },
    });
    expect(refund).toMatchObject({ amount: line.amount_total, metadata: { jobId: 'job-3' } });
    const charge = fake.charges.get(fake.paymentIntents.get(intent)!.latest_charge!);
    expect(charge?.amount_refunded).toBe(line.amount_total);
    const tooMuch = await stripe.refunds
      .create({ payment_intent: intent, amount: paid.amount_total! })
      .catch((error: Stripe.errors.StripeError) => error);
    expect((tooMuch as Stripe.errors.StripeError).code).toBe('amount_too_large');
  });
});
