/**
 * What Stripe adds to a Checkout Session's amounts: coupons and promotion codes, Stripe
 * Tax for a test address (fixed test rates per country), Adaptive Pricing's presentment
 * currency (fixed test exchange rates) and the invoice `invoice_creation` makes. The
 * account's tax settings (`GET /v1/tax/settings`) are a test control: `active` or `pending`.
 */
import { minorUnitsPerMajor } from './currency';
import { invalidParam, invalidState, resourceMissing } from './errors';
import { newId, nowSeconds } from './ids';
import type {
  CheckoutSession,
  Coupon,
  Invoice,
  LineItem,
  Metadata,
  PromotionCode,
  SessionDiscount,
  TaxSettings,
} from './types';

/** Test tax rates (percent) by billing country; 0 elsewhere. */
export const TEST_TAX_RATES: Readonly<Record<string, number>> = { FR: 20, GB: 20, DE: 19 };
/** Test exchange rates: units of each currency per US dollar. */
export const TEST_FX_PER_USD: Readonly<Record<string, number>> = {
  usd: 1,
  eur: 0.9,
  gbp: 0.8,
  chf: 0.85,
  cad: 1.4,
  jpy: 150,
};
export const DEFAULT_BILLING_COUNTRY = 'FR';

export interface CouponInput {
  id?: string;
  percentOff?: number;
  amountOff?: number;
  currency?: string;
  duration: Coupon['duration'];
  name: string | null;
  metadata: Metadata;
}

export class CommerceStore {
  readonly coupons = new Map<string, Coupon>();
  readonly promotionCodes = new Map<string, PromotionCode>();
  readonly invoices = new Map<string, Invoice>();
  taxSettings: TaxSettings = taxSettingsOf('active');

  constructor(private readonly baseUrl: () => string) {}

  setTaxStatus(status: TaxSettings['status']): void {
    this.taxSettings = taxSettingsOf(status);
  }

  createCoupon(input: CouponInput): Coupon {
    const id = input.id ?? newId.coupon();
    if (this.coupons.has(id))
      throw invalidState(`Coupon already exists.`, 'resource_already_exists', 'id');
    const coupon: Coupon = {
      id,
      object: 'coupon',
      amount_off: input.amountOff ?? null,
      created: nowSeconds(),
      currency: input.currency ?? null,
      duration: input.duration,
      livemode: false,
      metadata: input.metadata,
      name: input.name,
      percent_off: input.percentOff ?? null,
      times_redeemed: 0,
      valid: true,
    };
    this.coupons.set(id, coupon);
    return coupon;
  }

  getCoupon(id: string, param = 'coupon'): Coupon {
    const coupon = this.coupons.get(id);
    if (!coupon) throw resourceMissing('coupon', id, param);
    return coupon;
  }

  createPromotionCode(input: {
    coupon: string;
    code?: string;
    active: boolean;
    metadata: Metadata;
  }): PromotionCode {
    this.getCoupon(input.coupon, 'promotion[coupon]');
    const code = input.code ?? newId.coupon().toUpperCase();
    const taken = [...this.promotionCodes.values()].some(
      (promo) => promo.active && promo.code.toLowerCase() === code.toLowerCase(),
    );
    if (taken)
      throw invalidParam('code', `An active promotion code with \`code: ${code}\` already exists.`);
    const promo: PromotionCode = {
      id: newId.promotionCode(),
      object: 'promotion_code',
      active: input.active,
      code,
      created: nowSeconds(),
      customer: null,
      expires_at: null,
      livemode: false,
      max_redemptions: null,
      metadata: input.metadata,
      promotion: { type: 'coupon', coupon: input.coupon },
      times_redeemed: 0,
    };
    this.promotionCodes.set(promo.id, promo);
    return promo;
  }

  /** `GET /v1/promotion_codes?code=`: codes match case-insensitively, as on Stripe. */
  listPromotionCodes(filter: { code?: string; active?: boolean }): PromotionCode[] {
    return [...this.promotionCodes.values()]
      .filter(
        (promo) =>
          (filter.code === undefined || promo.code.toLowerCase() === filter.code.toLowerCase()) &&
          (filter.active === undefined || promo.active === filter.active),
      )
      .reverse();
  }

  getPromotionCode(id: string, param = 'promotion_code'): PromotionCode {
    const promo = this.promotionCodes.get(id);
    if (!promo) throw resourceMissing('promotion_code', id, param);
    return promo;
  }

  /** A session's `discounts[0]` (a coupon or an active promotion code id) as applied. */
  discountOf(input: { coupon?: string; promotionCode?: string }, param: string): SessionDiscount {
    if (input.promotionCode) {
      const promo = this.getPromotionCode(input.promotionCode, `${param}[promotion_code]`);
      if (!promo.active)
        throw invalidParam(`${param}[promotion_code]`, `This promotion code is inactive.`);
      return { coupon: promo.promotion.coupon, promotion_code: promo.id };
    }
    const coupon = this.getCoupon(input.coupon ?? '', `${param}[coupon]`);
    return { coupon: coupon.id, promotion_code: null };
  }

  /** The code a buyer types on the hosted page; unknown or inactive codes are refused. */
  discountForTypedCode(code: string): SessionDiscount {
    const promo = this.listPromotionCodes({ code, active: true })[0];
    if (!promo) throw invalidState(`This code is invalid.`, 'promotion_code_invalid');
    return { coupon: promo.promotion.coupon, promotion_code: promo.id };
  }

  /** Counts a redemption once the session is paid. */
  redeem(discount: SessionDiscount): void {
    if (discount.coupon) this.getCoupon(discount.coupon).times_redeemed += 1;
    if (discount.promotion_code) this.getPromotionCode(discount.promotion_code).times_redeemed += 1;
  }

  createInvoice(session: CheckoutSession): Invoice {
    const id = newId.invoice();
    const data = session.invoice_creation?.invoice_data;
    const invoice: Invoice = {
      id,
      object: 'invoice',
      amount_due: session.amount_total,
      amount_paid: session.amount_total,
      created: nowSeconds(),
      currency: session.currency,
      customer_email: session.customer_details?.email ?? null,
      description: data?.description ?? null,
      footer: data?.footer ?? null,
      hosted_invoice_url: `${this.baseUrl()}/invoices/${id}`,
      invoice_pdf: `${this.baseUrl()}/invoices/${id}/pdf`,
      livemode: false,
      metadata: { ...(data?.metadata ?? {}) },
      number: `FAKE-${String(this.invoices.size + 1).padStart(4, '0')}`,
      status: 'paid',
      subtotal: session.amount_subtotal - session.total_details.amount_discount,
      total: session.amount_total,
      total_taxes: [{ amount: session.total_details.amount_tax }],
    };
    this.invoices.set(id, invoice);
    return invoice;
  }

  getInvoice(id: string): Invoice {
    const invoice = this.invoices.get(id);
    if (!invoice) throw resourceMissing('invoice', id, 'invoice');
    return invoice;
  }
}

function taxSettingsOf(status: TaxSettings['status']): TaxSettings {
  const active = status === 'active';
  return {
    object: 'tax.settings',
    defaults: { tax_behavior: null, tax_code: 'txcd_10000000' },
    head_office: active
      ? {
          address: {
            city: 'Paris',
            country: 'FR',
            line1: '1 rue de Test',
            line2: null,
            postal_code: '75001',
            state: null,
          },
        }
      : null,
    livemode: false,
    status,
    status_details: active ? { active: {} } : { pending: { missing_fields: ['head_office'] } },
  };
}

/**
 * Recomputes a session's amounts as Stripe does, per line: the discount first (percent
 * rounded per line; a fixed amount spread over the lines, the rest on the last), then
 * the tax on what is left, rounded per line — added on top (`exclusive`) or extracted
 * from the price (`inclusive`). `country` null: no location yet, no tax.
 */
export function priceSession(
  session: CheckoutSession,
  items: LineItem[],
  coupon: Coupon | null,
  country: string | null,
): void {
  const subtotal = items.reduce((sum, item) => sum + item.amount_subtotal, 0);
  const fixed = coupon?.amount_off ? Math.min(coupon.amount_off, subtotal) : 0;
  let fixedLeft = fixed;
  const discount = session.discounts[0] ?? null;
  const rate = session.automatic_tax.enabled && country ? (TEST_TAX_RATES[country] ?? 0) : 0;
  items.forEach((item, index) => {
    let off = 0;
    if (coupon?.percent_off) off = Math.round((item.amount_subtotal * coupon.percent_off) / 100);
    else if (fixed > 0) {
      off =
        index === items.length - 1
          ? fixedLeft
          : Math.round((fixed * item.amount_subtotal) / Math.max(subtotal, 1));
      fixedLeft -= off;
    }
    const net = item.amount_subtotal - off;
    const inclusive = item.price.tax_behavior === 'inclusive';
    const tax = inclusive
      ? net - Math.round((net * 100) / (100 + rate))
      : Math.round((net * rate) / 100);
    item.amount_discount = off;
    item.discounts = discount && off > 0 ? [{ amount: off, discount }] : [];
    item.amount_tax = tax;
    item.amount_total = net + (inclusive ? 0 : tax);
    item.taxes =
      session.automatic_tax.enabled && country
        ? [
            {
              amount: tax,
              rate: { percentage: rate, country },
              taxable_amount: net - (inclusive ? tax : 0),
            },
          ]
        : [];
  });
  const sum = (field: 'amount_discount' | 'amount_tax' | 'amount_total') =>
    items.reduce((total, item) => total + item[field], 0);
  session.amount_subtotal = subtotal;
  session.total_details = {
    amount_discount: sum('amount_discount'),
    amount_shipping: 0,
    amount_tax: sum('amount_tax'),
  };
  session.amount_total = sum('amount_total');
  if (session.automatic_tax.enabled)
    session.automatic_tax.status = country ? 'complete' : 'requires_location_inputs';
}

/** The session's total in the buyer's currency at the test exchange rates. */
export function presentmentOf(
  amount: number,
  from: string,
  to: string,
): { presentment_amount: number; presentment_currency: string } {
  const fromRate = TEST_FX_PER_USD[from];
  const toRate = TEST_FX_PER_USD[to];
  if (fromRate === undefined || toRate === undefined)
    throw invalidState(`The local Stripe fake has no test exchange rate for ${from} → ${to}.`);
  const major = amount / minorUnitsPerMajor(from);
  return {
    presentment_amount: Math.round((major / fromRate) * toRate * minorUnitsPerMajor(to)),
    presentment_currency: to,
  };
}
