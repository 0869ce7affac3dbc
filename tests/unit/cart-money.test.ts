import {
  allocateLines,
  cartDiscount,
  couponName,
  percentOf,
  type PaidLine,
} from '../../server/src/commerce/cart-discount';
import { shareRefunds } from '../../server/src/commerce/cart-refund-sync';
import { refundRequest, refundScope } from '../../server/src/commerce/refunds';
import type { Job } from '../../server/src/jobs/repository';

const tiers = [
  { minItems: 3, percentOff: 20 },
  { minItems: 2, percentOff: 10 },
  { minItems: 5, percentOff: 30 },
];
const line = (amount: number, available = true) => ({ amount, available });

describe('cart discount (docs/architecture.md "Previews, cart and purchases")', () => {
  it('rounds a percent of an amount half up, on integers', () => {
    expect(percentOf(125, 20)).toBe(25);
    expect(percentOf(5, 10)).toBe(1); // 0.5 → 1
    expect(percentOf(4, 10)).toBe(0); // 0.4 → 0
    expect(percentOf(99_999_999, 90)).toBe(89_999_999); // 89,999,999.1
  });

  it('takes the best tier the available lines reach, unavailable lines neither counted nor discounted', () => {
    expect(cartDiscount(tiers, [line(500)])).toBeNull();
    expect(cartDiscount(tiers, [line(500), line(700)])?.tier).toEqual({
      minItems: 2,
      percentOff: 10,
    });
    const three = cartDiscount(tiers, [line(192), line(505), line(800, false), line(333)]);
    expect(three).toEqual({
      tier: { minItems: 3, percentOff: 20 },
      perLine: [38, 101, 0, 67],
      amount: 206,
    });
    expect(cartDiscount([], [line(1), line(2), line(3)])).toBeNull();
  });

  it('names the coupon by its tier', () => {
    expect(couponName({ minItems: 3, percentOff: 20 })).toBe('3+ images −20%');
  });
});

const paid = (
  orderLine: number | null,
  amountSubtotal: number,
  total = amountSubtotal,
): PaidLine => ({
  orderLine,
  amountSubtotal,
  amountTotal: total,
  amountTax: total - amountSubtotal,
  amountDiscount: 0,
});

describe('allocateLines', () => {
  const jobs = [
    { orderLine: 0, amount: 192 },
    { orderLine: 1, amount: 505 },
  ];

  it('maps each line item to its job by the order line its product names, whatever the order', () => {
    const map = allocateLines(jobs, [paid(1, 505, 606), paid(0, 192, 230)]);
    expect(map?.get(0)).toEqual({ amountTotal: 230, amountTax: 38, amountDiscount: 0 });
    expect(map?.get(1)).toEqual({ amountTotal: 606, amountTax: 101, amountDiscount: 0 });
  });

  it('falls back to the position when the products carry no line', () => {
    expect(allocateLines(jobs, [paid(null, 192), paid(null, 505)])?.get(1)?.amountTotal).toBe(505);
  });

  it('guesses nothing: a missing, doubled or re-priced line answers null', () => {
    expect(allocateLines(jobs, [paid(0, 192)])).toBeNull();
    expect(allocateLines(jobs, [paid(0, 192), paid(0, 192)])).toBeNull();
    expect(allocateLines(jobs, [paid(0, 192), paid(1, 506)])).toBeNull();
  });
});

describe('refunds of a cart', () => {
  const job = (overrides: Partial<Job>) =>
    ({
      jobId: 'j1',
      orderId: null,
      errorCode: null,
      amount: 500,
      amountTotal: 480,
      amountRefunded: null,
      refundFailures: 0,
      fraudWarningAt: null,
      stripePaymentIntentId: 'pi_1',
      ...overrides,
    }) as Job;

  it('refunds a single purchase as before: the rest of the charge, keyed by its job', () => {
    const request = refundRequest(job({}));
    expect(request).toEqual({
      params: {
        payment_intent: 'pi_1',
        reason: 'requested_by_customer',
        metadata: { jobId: 'j1' },
      },
      idempotencyKey: 'refund-j1',
      amount: null,
    });
  });

  it('refunds a cart line exactly what it cost less what came back already, naming the line', () => {
    const request = refundRequest(job({ orderId: 'o1', amountRefunded: 30 }));
    expect(request.params).toMatchObject({ amount: 450, metadata: { jobId: 'j1', orderId: 'o1' } });
    expect(request.idempotencyKey).toBe('refund-j1');
    expect(refundScope(job({ orderId: 'o1' }))).toBe('line');
  });

  it('refunds a mismatched order once, whichever line asks', () => {
    const request = refundRequest(job({ orderId: 'o1', errorCode: 'amount_mismatch' }));
    expect(request.params).toEqual({
      payment_intent: 'pi_1',
      reason: 'requested_by_customer',
      metadata: { orderId: 'o1' },
    });
    expect(request.idempotencyKey).toBe('refund-order-o1');
  });

  it('shares a Dashboard refund naming no line by cost; a line refund stays its own', () => {
    const lines = [
      { jobId: 'a', cost: 300 },
      { jobId: 'b', cost: 100 },
    ];
    expect(shareRefunds(lines, [{ amount: 101, jobId: null }], false)).toEqual([
      { amountRefunded: 75, full: false },
      { amountRefunded: 26, full: false },
    ]);
    expect(shareRefunds(lines, [{ amount: 100, jobId: 'b' }], false)).toEqual([
      { amountRefunded: 0, full: false },
      { amountRefunded: 100, full: true },
    ]);
    expect(shareRefunds(lines, [{ amount: 5, jobId: null }], true)).toEqual([
      { amountRefunded: 300, full: true },
      { amountRefunded: 100, full: true },
    ]);
  });
});
