/**
 * `/v1/coupons`, `/v1/promotion_codes`, `/v1/invoices/:id` and `/v1/tax/settings`, the
 * way Stripe validates them (the subset a shop selling single items uses).
 */
import { type ApiResult, type ApiRoute, list, listLimit } from './api';
import type { CommerceStore } from './commerce';
import { isKnownCurrency } from './currency';
import { invalidParam, missingParam } from './errors';
import type { ParamReader } from './params';
import type { StripeEvent } from './types';

const COUPON_PARAMS = [
  'amount_off',
  'applies_to',
  'currency',
  'currency_options',
  'duration',
  'duration_in_months',
  'expand',
  'id',
  'max_redemptions',
  'metadata',
  'name',
  'percent_off',
  'redeem_by',
] as const;
const PROMOTION_CODE_PARAMS = [
  'active',
  'code',
  'customer',
  'customer_account',
  'expand',
  'expires_at',
  'max_redemptions',
  'metadata',
  'promotion',
  'restrictions',
] as const;

type Ok = (body: object, params: ParamReader, events?: StripeEvent[]) => ApiResult;
type Retrieve = (path: string, get: (id: string) => object) => ApiRoute;

function percentOff(params: ParamReader): number | undefined {
  const raw = params.string('percent_off');
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+(\.\d{1,2})?$/.test(raw) || value <= 0 || value > 100)
    throw invalidParam(
      'percent_off',
      'Invalid percent_off: must be greater than 0 and at most 100',
    );
  return value;
}

export function commerceRoutes(store: CommerceStore, ok: Ok, retrieve: Retrieve): ApiRoute[] {
  return [
    {
      method: 'POST',
      pattern: /^\/v1\/coupons$/,
      handle: ({ params }) => {
        params.allowOnly(COUPON_PARAMS);
        const percent = percentOff(params);
        const amountOff = params.integer('amount_off', { min: 1 });
        if (percent !== undefined && amountOff !== undefined)
          throw invalidParam(
            'percent_off',
            'You may only specify one of these parameters: amount_off, percent_off.',
          );
        if (percent === undefined && amountOff === undefined) throw missingParam('percent_off');
        const currency = params.string('currency')?.toLowerCase();
        if (amountOff !== undefined && currency === undefined) throw missingParam('currency');
        if (currency !== undefined && !isKnownCurrency(currency))
          throw invalidParam('currency', `Invalid currency: ${currency}.`);
        const coupon = store.createCoupon({
          id: params.string('id', { maxLength: 200 }),
          percentOff: percent,
          amountOff,
          currency,
          duration: params.enumValue('duration', ['once', 'repeating', 'forever']) ?? 'once',
          name: params.string('name', { maxLength: 40 }) ?? null,
          metadata: params.metadata('metadata') ?? {},
        });
        return ok(coupon, params);
      },
    },
    retrieve('coupons', (id) => store.getCoupon(id, 'id')),
    {
      method: 'POST',
      pattern: /^\/v1\/promotion_codes$/,
      handle: ({ params }) => {
        params.allowOnly(PROMOTION_CODE_PARAMS);
        const promotion = params.requiredObject('promotion').allowOnly(['coupon', 'type']);
        promotion.enumValue('type', ['coupon']);
        const code = params.string('code', { maxLength: 500 });
        if (code !== undefined && !/^[A-Za-z0-9_-]+$/.test(code))
          throw invalidParam('code', 'Promotion codes may only contain letters, digits, - and _.');
        const promo = store.createPromotionCode({
          coupon: promotion.requiredString('coupon'),
          code,
          active: params.boolean('active') ?? true,
          metadata: params.metadata('metadata') ?? {},
        });
        return ok(promo, params);
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/promotion_codes$/,
      handle: ({ params }) => {
        params.allowOnly(['active', 'code', 'coupon', 'customer', 'expand', 'limit']);
        const limit = listLimit(params);
        const found = store
          .listPromotionCodes({ code: params.string('code'), active: params.boolean('active') })
          .filter((promo) => {
            const coupon = params.string('coupon');
            return coupon === undefined || promo.promotion.coupon === coupon;
          });
        return {
          status: 200,
          body: list(found.slice(0, limit), '/v1/promotion_codes', found.length > limit),
        };
      },
    },
    retrieve('promotion_codes', (id) => store.getPromotionCode(id, 'id')),
    retrieve('invoices', (id) => store.getInvoice(id)),
    {
      method: 'GET',
      pattern: /^\/v1\/tax\/settings$/,
      handle: ({ params }) => {
        params.allowOnly(['expand']);
        return ok(store.taxSettings, params);
      },
    },
  ];
}
