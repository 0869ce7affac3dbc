/**
 * The Stripe fake's selling features, driven through the official `stripe` SDK: Stripe Tax
 * at the test rates, coupons and promotion codes, invoices, Adaptive Pricing, tax settings,
 * and the selling parameters of a Checkout Session refused the way Stripe refuses them.
 * (Kept apart from stripe.test.ts, which covers payments, webhooks and refunds.)
 */
import Stripe from 'stripe';
import {
  createStripeClient,
  startStripeFake,
  TEST_FX_PER_USD,
  TEST_TAX_RATES,
  type CheckoutSession,
  type StripeFake,
} from './stripe';

const SUCCESS_URL = 'https://shop.example/thanks?session_id={CHECKOUT_SESSION_ID}';
type Params = Stripe.Checkout.SessionCreateParams;
type TaxBehavior = 'exclusive' | 'inclusive';

function sessionParams(
  unitAmount: number,
  overrides: Partial<Params> = {},
  tax?: TaxBehavior,
): Params {
  return {
    mode: 'payment',
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: 'eur',
          unit_amount: unitAmount,
          ...(tax ? { tax_behavior: tax } : {}),
          product_data: { name: 'sunset.jpg — 4x', ...(tax ? { tax_code: 'txcd_10501000' } : {}) },
        },
      },
    ],
    metadata: { jobId: 'job-1' },
    customer_email: 'buyer@example.com',
    success_url: SUCCESS_URL,
    ...overrides,
  };
}

async function sdkError(call: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return error;
    throw error;
  }
  throw new Error('expected the Stripe call to fail');
}

describe('Stripe fake: selling', () => {
  let fake: StripeFake;
  let stripe: Stripe;

  beforeEach(async () => {
    fake = await startStripeFake();
    stripe = createStripeClient(fake, { maxNetworkRetries: 0 });
  });
  afterEach(() => fake.close());

  const stored = (id: string) => fake.sessions.get(id) as CheckoutSession;

  describe('Stripe Tax', () => {
    const taxed = (amount: number, behavior: TaxBehavior) =>
      sessionParams(amount, { automatic_tax: { enabled: true } }, behavior);

    it('adds exclusive tax for the billing country at payment, rounded per line', async () => {
      const rate = TEST_TAX_RATES.FR as number;
      const session = await stripe.checkout.sessions.create(taxed(1999, 'exclusive'));
      expect(session.automatic_tax).toMatchObject({
        enabled: true,
        status: 'requires_location_inputs',
      });
      expect(session.amount_total).toBe(1999);
      await fake.completeSession(session.id, { country: 'FR' });
      const paid = await stripe.checkout.sessions.retrieve(session.id);
      const tax = Math.round((1999 * rate) / 100);
      expect(paid.amount_subtotal).toBe(1999);
      expect(paid.total_details?.amount_tax).toBe(tax);
      expect(paid.amount_total).toBe(1999 + tax);
      expect(paid.customer_details?.address?.country).toBe('FR');
      const intent = await stripe.paymentIntents.retrieve(paid.payment_intent as string);
      expect(intent.amount).toBe(1999 + tax);
    });

    it('extracts inclusive tax from the price; no tax where the test rate is 0', async () => {
      const rate = TEST_TAX_RATES.DE as number;
      const inclusive = await stripe.checkout.sessions.create(taxed(1190, 'inclusive'));
      await fake.completeSession(inclusive.id, { country: 'DE' });
      const tax = 1190 - Math.round((1190 * 100) / (100 + rate));
      expect(stored(inclusive.id).total_details.amount_tax).toBe(tax);
      expect(stored(inclusive.id).amount_total).toBe(1190);
      const untaxed = await stripe.checkout.sessions.create(taxed(1000, 'exclusive'));
      await fake.completeSession(untaxed.id, { country: 'US' });
      expect(stored(untaxed.id)).toMatchObject({
        amount_total: 1000,
        total_details: { amount_tax: 0 },
      });
    });

    it('needs a tax behavior and an active Stripe Tax, as Stripe does', async () => {
      const noBehavior = await sdkError(
        stripe.checkout.sessions.create(sessionParams(1000, { automatic_tax: { enabled: true } })),
      );
      expect(noBehavior.param).toBe('line_items[0][price_data][tax_behavior]');
      expect(await stripe.tax.settings.retrieve()).toMatchObject({ status: 'active' });
      fake.setTaxStatus('pending');
      const settings = await stripe.tax.settings.retrieve();
      expect(settings.status).toBe('pending');
      expect(settings.status_details.pending?.missing_fields).toEqual(['head_office']);
      const inactive = await sdkError(stripe.checkout.sessions.create(taxed(1000, 'exclusive')));
      expect(inactive.message).toContain('Stripe Tax has not been activated');
      const badCode = await sdkError(
        stripe.checkout.sessions.create(
          sessionParams(1000, {
            line_items: [
              {
                quantity: 1,
                price_data: {
                  currency: 'eur',
                  unit_amount: 1000,
                  product_data: { name: 'x', tax_code: 'photo' },
                },
              },
            ],
          }),
        ),
      );
      expect(badCode.code).toBe('resource_missing');
    });
  });

  describe('coupons and promotion codes', () => {
    async function promotionCode(code: string, percent: number) {
      const coupon = await stripe.coupons.create({ percent_off: percent, duration: 'once' });
      return stripe.promotionCodes.create({
        promotion: { type: 'coupon', coupon: coupon.id },
        code,
      });
    }

    it('finds a code case-insensitively and applies it through `discounts`, tax on what is left', async () => {
      const promo = await promotionCode('SPRING20', 20);
      const found = await stripe.promotionCodes.list({ code: 'spring20', active: true, limit: 1 });
      expect(found.data.map((p) => p.id)).toEqual([promo.id]);
      expect((await stripe.promotionCodes.list({ code: 'NOPE', limit: 1 })).data).toEqual([]);
      const session = await stripe.checkout.sessions.create(
        sessionParams(
          1000,
          { automatic_tax: { enabled: true }, discounts: [{ promotion_code: promo.id }] },
          'exclusive',
        ),
      );
      expect(session.total_details?.amount_discount).toBe(200);
      expect(session.amount_total).toBe(800);
      await fake.completeSession(session.id, { country: 'FR' });
      const paid = stored(session.id);
      expect(paid.amount_subtotal).toBe(1000);
      expect(paid.total_details).toMatchObject({ amount_discount: 200, amount_tax: 160 });
      expect(paid.amount_total).toBe(960);
      expect(paid.discounts).toEqual([
        { coupon: promo.promotion.coupon, promotion_code: promo.id },
      ]);
      expect((await stripe.promotionCodes.retrieve(promo.id)).times_redeemed).toBe(1);
    });

    it('refuses `discounts` with `allow_promotion_codes`, and unknown or inactive codes', async () => {
      const promo = await promotionCode('TEN', 10);
      const both = await sdkError(
        stripe.checkout.sessions.create(
          sessionParams(1000, {
            allow_promotion_codes: true,
            discounts: [{ promotion_code: promo.id }],
          }),
        ),
      );
      expect(both.message).toContain('allow_promotion_codes, discounts');
      const unknown = await sdkError(
        stripe.checkout.sessions.create(
          sessionParams(1000, { discounts: [{ promotion_code: 'promo_nope' }] }),
        ),
      );
      expect(unknown.code).toBe('resource_missing');
      const amountWithoutCurrency = await sdkError(stripe.coupons.create({ amount_off: 100 }));
      expect(amountWithoutCurrency.param).toBe('currency');
      const inactive = await stripe.coupons.create({ amount_off: 300, currency: 'eur' });
      const off = await stripe.promotionCodes.create({
        promotion: { type: 'coupon', coupon: inactive.id },
        active: false,
      });
      const refused = await sdkError(
        stripe.checkout.sessions.create(
          sessionParams(1000, { discounts: [{ promotion_code: off.id }] }),
        ),
      );
      expect(refused.message).toContain('inactive');
    });

    it('applies a code the buyer types on the hosted page when codes are allowed', async () => {
      await promotionCode('TYPED25', 25);
      const session = await stripe.checkout.sessions.create(
        sessionParams(2000, { allow_promotion_codes: true }),
      );
      const html = await (await fetch(session.url as string)).text();
      expect(html).toMatch(/<input[^>]+name="promotion_code"/);
      const bad = await fetch(session.url as string, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ outcome: 'paid', promotion_code: 'WRONG' }).toString(),
      });
      expect(bad.status).toBe(409);
      expect(stored(session.id).status).toBe('open');
      const good = await fetch(session.url as string, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ outcome: 'paid', promotion_code: 'typed25' }).toString(),
      });
      expect(good.status).toBe(303);
      expect(stored(session.id)).toMatchObject({
        amount_total: 1500,
        total_details: { amount_discount: 500 },
      });
    });
  });

  describe('invoices, Adaptive Pricing and the other selling parameters', () => {
    it('creates the invoice of `invoice_creation` with its metadata, footer and hosted page', async () => {
      const session = await stripe.checkout.sessions.create(
        sessionParams(1500, {
          invoice_creation: {
            enabled: true,
            invoice_data: { metadata: { jobId: 'job-1' }, footer: 'VAT FR00 123' },
          },
        }),
      );
      expect(session.invoice).toBeNull();
      await fake.completeSession(session.id);
      const paid = await stripe.checkout.sessions.retrieve(session.id);
      const invoice = await stripe.invoices.retrieve(paid.invoice as string);
      expect(invoice.metadata).toEqual({ jobId: 'job-1' });
      expect(invoice.footer).toBe('VAT FR00 123');
      expect(invoice.amount_paid).toBe(1500);
      const page = await fetch(invoice.hosted_invoice_url as string);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('VAT FR00 123');
      expect(html).toContain('€15.00');
      expect((await fetch(`${fake.url}/invoices/in_missing`)).status).toBe(404);
    });

    it('gives the session a presentment currency only with Adaptive Pricing on', async () => {
      const adaptive = await stripe.checkout.sessions.create(
        sessionParams(1800, { adaptive_pricing: { enabled: true } }),
      );
      await fake.completeSession(adaptive.id, { presentmentCurrency: 'usd' });
      const expected = Math.round((18 / (TEST_FX_PER_USD.eur as number)) * 100);
      const paid = await stripe.checkout.sessions.retrieve(adaptive.id);
      expect(paid.currency).toBe('eur');
      expect(paid.amount_subtotal).toBe(1800);
      expect(paid.presentment_details).toEqual({
        presentment_amount: expected,
        presentment_currency: 'usd',
      });
      const plain = await stripe.checkout.sessions.create(
        sessionParams(1800, { adaptive_pricing: { enabled: false } }),
      );
      await fake.completeSession(plain.id, { presentmentCurrency: 'usd' });
      expect(
        (await stripe.checkout.sessions.retrieve(plain.id)).presentment_details,
      ).toBeUndefined();
    });

    it('stores locale, custom text, consent, tax id and address collection; refuses invalid values', async () => {
      const session = await stripe.checkout.sessions.create(
        sessionParams(1000, {
          locale: 'fr-CA',
          custom_text: { submit: { message: 'Licence: Commercial' } },
          consent_collection: { terms_of_service: 'required' },
          tax_id_collection: { enabled: true },
          billing_address_collection: 'required',
        }),
      );
      expect(session).toMatchObject({
        locale: 'fr-CA',
        custom_text: { submit: { message: 'Licence: Commercial' } },
        consent_collection: { terms_of_service: 'required' },
        tax_id_collection: { enabled: true },
        billing_address_collection: 'required',
      });
      const html = await (await fetch(session.url as string)).text();
      expect(html).toContain('<html lang="fr-CA">');
      expect(html).toContain('Licence: Commercial');
      const unconsented = await fetch(session.url as string, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ outcome: 'paid' }).toString(),
      });
      expect(unconsented.status).toBe(400);
      const invalid: [Partial<Params>, string][] = [
        [{ locale: 'de-XX' as Params['locale'] }, 'locale'],
        [
          { billing_address_collection: 'always' as Params['billing_address_collection'] },
          'billing_address_collection',
        ],
        [
          { consent_collection: { terms_of_service: 'maybe' as 'required' } },
          'consent_collection[terms_of_service]',
        ],
        [
          { custom_text: { submit: { message: 'x'.repeat(1201) } } },
          'custom_text[submit][message]',
        ],
      ];
      for (const [overrides, param] of invalid) {
        const error = await sdkError(
          stripe.checkout.sessions.create(sessionParams(1000, overrides)),
        );
        expect(error.param).toBe(param);
      }
    });
  });
});
