import type Stripe from 'stripe';
import {
  createStripeClient,
  TEST_FX_PER_USD,
  TEST_TAX_RATES,
  type CheckoutSession,
} from '../fakes/stripe';
import { jobRow, startCheckout, type Shop, openShop } from './helpers/shop';
import { until } from './helpers/wait';

/**
 * Selling settings end to end (docs/architecture.md "Money rules"): Stripe Tax exclusive
 * and inclusive, a promotion code, Adaptive Pricing, invoices, the buyer's language and
 * the Stripe Tax check of the connection test, against the Stripe fake's test rates.
 * One app for every case; settings change between cases through the admin API.
 */
describe(`commerce: tax, promotion codes, invoices, local currency (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  let stripe: Stripe;
  /** The delivered sale with French tax added on top, refunded at the end. */
  let taxedJobId = '';

  beforeAll(async () => {
    shop = await openShop('commerce-tax');
    stripe = createStripeClient(shop.stripe, { maxNetworkRetries: 0 });
  });
  afterAll(async () => shop?.close());

  const putSettings = async (json: Record<string, unknown>) => {
    const res = await shop.adminApi('/settings', { method: 'PUT', json });
    expect(res.status).toBe(200);
  };
  let buyers = 0;
  // A new e-mail each time: a visitor's repeat checkout would reuse its open session.
  const checkout = (extra: { locale?: string; promo?: string } = {}) =>
    startCheckout(shop, {
      fileId: shop.images.medium.documentId,
      resolution: '4x',
      email: `buyer${(buyers += 1)}@example.test`,
      ...extra,
    });
  const settled = (jobId: string) =>
    until(
      () => jobRow(shop, jobId),
      (row) => row.status === 'completed' || row.status === 'failed',
      60_000,
    );
  const paidAs = async (session: CheckoutSession, country = 'FR', currency?: string) => {
    await shop.stripe.completeSession(session.id, { country, presentmentCurrency: currency });
    return shop.stripe.sessions.get(session.id) as CheckoutSession;
  };

  it('adds exclusive tax on top: the buyer pays price + tax, the job is delivered and records both', async () => {
    await putSettings({ tax: 'stripe_tax', taxBehavior: 'exclusive', taxIdCollection: true });
    const { jobId, session } = await checkout();
    expect(session).toMatchObject({
      automatic_tax: { enabled: true },
      billing_address_collection: 'required',
      tax_id_collection: { enabled: true },
    });
    const [line] = shop.stripe.lineItems(session.id);
    expect(line?.price.tax_behavior).toBe('exclusive');
    expect(line && shop.stripe.productOf(line)?.tax_code).toBe('txcd_10501000');

    const paid = await paidAs(session, 'FR');
    const row = await settled(jobId);
    const tax = Math.round((row.amount * (TEST_TAX_RATES.FR as number)) / 100);
    expect(tax).toBeGreaterThan(0);
    expect(paid.amount_total).toBe(row.amount + tax);
    expect(row).toMatchObject({
      status: 'completed',
      amount_total: row.amount + tax,
      amount_tax: tax,
      amount_discount: 0,
    });
    const intent = shop.stripe.paymentIntents.get(paid.payment_intent as string);
    expect(intent?.amount).toBe(row.amount + tax);
    taxedJobId = jobId;
  });

  it('extracts inclusive tax from the price: the buyer pays the price', async () => {
    await putSettings({ taxBehavior: 'inclusive', taxIdCollection: false });
    const { jobId, session } = await checkout();
    expect(shop.stripe.lineItems(session.id)[0]?.price.tax_behavior).toBe('inclusive');
    expect(session.tax_id_collection).toBeNull();
    const paid = await paidAs(session, 'DE');
    const row = await settled(jobId);
    const rate = TEST_TAX_RATES.DE as number;
    const tax = row.amount - Math.round((row.amount * 100) / (100 + rate));
    expect(paid.amount_total).toBe(row.amount);
    expect(row).toMatchObject({ status: 'completed', amount_total: row.amount, amount_tax: tax });
  });

  it('pre-applies a 20 % promotion code: delivered, discount recorded', async () => {
    await putSettings({ tax: 'none', allowPromotionCodes: true });
    const coupon = await stripe.coupons.create({ percent_off: 20, duration: 'once' });
    const promo = await stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: coupon.id },
      code: 'SPRING20',
    });
    const { jobId, session } = await checkout({ promo: 'spring20' });
    expect(session.discounts).toEqual([{ coupon: coupon.id, promotion_code: promo.id }]);
    expect(session.allow_promotion_codes).toBeNull();
    expect(session.automatic_tax.enabled).toBe(false);
    await paidAs(session);
    const row = await settled(jobId);
    const discount = Math.round((row.amount * 20) / 100);
    expect(row).toMatchObject({
      status: 'completed',
      amount_discount: discount,
      amount_tax: 0,
      amount_total: row.amount - discount,
    });

    // An unknown code leaves the field for the buyer; with codes off the promo is ignored.
    const unknown = await checkout({ promo: 'NOSUCHCODE' });
    expect(unknown.session).toMatchObject({ discounts: [], allow_promotion_codes: true });
    await putSettings({ allowPromotionCodes: false });
    const off = await checkout({ promo: 'SPRING20' });
    expect(off.session).toMatchObject({ discounts: [], allow_promotion_codes: null });
  });

  it('shows the price in the buyer currency with Adaptive Pricing; the subtotal check holds', async () => {
    await putSettings({ adaptivePricing: true });
    const { jobId, session } = await checkout();
    expect(session.adaptive_pricing).toEqual({ enabled: true });
    const paid = await paidAs(session, 'US', 'eur');
    const row = await settled(jobId);
    expect(paid.currency).toBe(row.currency);
    expect(paid.amount_subtotal).toBe(row.amount);
    const major = row.amount / 100 / (TEST_FX_PER_USD[row.currency] as number);
    expect(row).toMatchObject({
      status: 'completed',
      presentment_currency: 'eur',
      presentment_amount: Math.round(major * (TEST_FX_PER_USD.eur as number) * 100),
    });
    await putSettings({ adaptivePricing: false });
  });

  it('has Stripe create an invoice: its link is on the job and it serves', async () => {
    await putSettings({ invoiceCreation: true, invoiceFooter: 'Registered in Testland' });
    const { jobId, session } = await checkout();
    expect(session.invoice_creation).toMatchObject({
      enabled: true,
      invoice_data: { metadata: { jobId }, footer: 'Registered in Testland' },
    });
    const paid = await paidAs(session);
    const row = await settled(jobId);
    expect(row.stripe_invoice_id).toBe(paid.invoice);
    const invoice = shop.stripe.invoices.get(paid.invoice as string);
    expect(row.invoice_url).toBe(invoice?.hosted_invoice_url);
    const page = await fetch(row.invoice_url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Registered in Testland');
    await putSettings({ invoiceCreation: false, invoiceFooter: '' });
  });

  it('refunds a taxed sale by what the buyer paid, tax included', async () => {
    const before = await jobRow(shop, taxedJobId);
    expect(before.amount_total).toBeGreaterThan(before.amount);
    const res = await shop.adminApi(`/jobs/${taxedJobId}/refund`, { method: 'POST' });
    expect(res.status).toBe(200);
    const refunds = [...shop.stripe.refunds.values()].filter(
      (refund) => refund.payment_intent === before.stripe_payment_intent_id,
    );
    expect(refunds.map((refund) => refund.amount)).toEqual([before.amount_total]);
    const after = await until(
      () => jobRow(shop, taxedJobId),
      (row) => row.payment_status === 'refunded',
    );
    expect(after.amount_refunded).toBe(before.amount_total);
  });

  it('opens Checkout in the visitor language: fr-CA as is, an unknown region by its language', async () => {
    expect((await checkout({ locale: 'fr-CA' })).session.locale).toBe('fr-CA');
    expect((await checkout({ locale: 'de-XX' })).session.locale).toBe('de');
    expect((await checkout({ locale: 'xx' })).session.locale).toBe('auto');
    expect((await checkout()).session.locale).toBe('auto');
  });

  it('reuses a visitor open session only for the same language and promotion code', async () => {
    const again = (extra: { locale?: string; promo?: string }) =>
      startCheckout(shop, {
        fileId: shop.images.small.documentId,
        resolution: '4x',
        email: 'repeat@example.test',
        ...extra,
      });
    const first = await again({ locale: 'fr' });
    expect((await again({ locale: 'fr' })).jobId).toBe(first.jobId);
    const german = await again({ locale: 'de' });
    expect(german.jobId).not.toBe(first.jobId);
    expect(german.session.locale).toBe('de');
    const promo = await again({ locale: 'de', promo: 'NOSUCHCODE' });
    expect(promo.jobId).not.toBe(german.jobId);
  });

  it('asks the buyer to accept the terms of service when the owner requires it', async () => {
    await putSettings({ requireTermsConsent: true });
    const { session } = await checkout();
    expect(session.consent_collection).toMatchObject({ terms_of_service: 'required' });
    await putSettings({ requireTermsConsent: false });
  });

  it('says in the connection test when Stripe Tax is not active, and how to fix it', async () => {
    await putSettings({ tax: 'stripe_tax' });
    const test = () => shop.adminApi('/settings/test/stripe', { method: 'POST', json: {} });
    expect((await (await test()).json()).data).toMatchObject({ ok: true });
    shop.stripe.setTaxStatus('pending');
    const { data } = await (await test()).json();
    expect(data).toMatchObject({ ok: false, code: 'tax_inactive' });
    expect(data.message).toContain('head office address');
    expect(data.message).toContain('https://dashboard.stripe.com/settings/tax');
    shop.stripe.setTaxStatus('active');
    await putSettings({ tax: 'none' });
  });
});
