import { rmSync } from 'node:fs';
import path from 'node:path';
import { CART_MAX_ITEMS, type CartQuote } from '../../shared/contracts/cart';
import { TEST_TAX_RATES, type CheckoutSession } from '../fakes/stripe';
import type { UploadedFile } from './helpers/admin';
import { jobRow, openShop, postJson, publishPhoto, tableCounts, uploadPng } from './helpers/shop';
import type { Shop } from './helpers/shop';
import { until } from './helpers/wait';

/**
 * The cart end to end (docs/architecture.md "Previews, cart and purchases"): quotes with
 * and without a quantity discount, one Checkout Session for several images, every line
 * paid and delivered with its own amounts, one line failing and refunded alone, the
 * webhook's redelivery, an unavailable line, a tampered amount. Sharp upscales.
 */
describe(`cart (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  let third: UploadedFile;
  let doomed: UploadedFile;

  beforeAll(async () => {
    shop = await openShop('cart', { SMI_UPSCALER: 'sharp' });
    third = await uploadPng(shop, 'third.png', 300, 300);
    doomed = await uploadPng(shop, 'doomed.png', 400, 300);
    await publishPhoto(shop.app, 'third', third.id);
    await publishPhoto(shop.app, 'doomed', doomed.id);
  });
  afterAll(async () => shop?.close());

  const putSettings = async (json: Record<string, unknown>) => {
    const res = await shop.adminApi('/settings', { method: 'PUT', json });
    expect(res.status).toBe(200);
  };
  const priceOf = async (file: UploadedFile, resolution: string): Promise<number> => {
    const res = await shop.api(`/prices?fileId=${file.documentId}`);
    const { options } = (await res.json()) as { options: { resolution: string; amount: number }[] };
    return options.find((o) => o.resolution === resolution)?.amount as number;
  };
  const quote = async (items: unknown[]) => {
    const res = await shop.api('/cart/quote', postJson({ items }));
    return { status: res.status, body: (await res.json()) as CartQuote & { error?: any } };
  };
  const three = () => [
    { fileId: shop.images.small.documentId, resolution: '4x' },
    { fileId: shop.images.medium.documentId, resolution: '4x' },
    { fileId: third.documentId, resolution: '8x' },
  ];
  const orderRows = (orderId: string) =>
    shop.db('smi_jobs').where({ order_id: orderId }).orderBy('order_line', 'asc');
  const sessionOfOrder = (orderId: string) => {
    const session = [...shop.stripe.sessions.values()].find((s) => s.metadata.orderId === orderId);
    if (!session) throw new Error(`no session for order ${orderId}`);
    return session;
  };
  const settledOrder = (orderId: string) =>
    until(
      () => orderRows(orderId),
      (rows) => rows.every((r: any) => r.status === 'completed' || r.status === 'failed'),
      60_000,
    );
  let buyers = 0;
  const checkout = async (items: unknown[], extra: Record<string, unknown> = {}) => {
    const res = await shop.api(
      '/cart/checkout',
      postJson({ items, email: `cart${(buyers += 1)}@example.test`, ...extra }),
    );
    const body = await res.json();
    if (res.status !== 201) throw new Error(`cart checkout ${res.status}: ${JSON.stringify(body)}`);
    return body as { orderId: string; jobIds: string[]; checkoutUrl: string };
  };

  it('quotes a cart without a tier: the lines at their /prices amounts, no discount', async () => {
    const { status, body } = await quote(three().slice(0, 2));
    expect(status).toBe(200);
    const small = await priceOf(shop.images.small, '4x');
    const medium = await priceOf(shop.images.medium, '4x');
    expect(body.lines.map((l) => [l.amount, l.available])).toEqual([
      [small, true],
      [medium, true],
    ]);
    expect(body.lines[0]).toMatchObject({ title: 'small.png', width: 2000, height: 2000 });
    expect(body.lines[0]?.thumbnailUrl).toMatch(/^http/);
    expect(body).toMatchObject({ subtotal: small + medium, total: small + medium, discount: null });
  });

  it('quotes the best tier over the available lines; an unsellable line is flagged, not a 404', async () => {
    await putSettings({
      quantityDiscounts: [
        { minItems: 2, percentOff: 10 },
        { minItems: 3, percentOff: 20 },
      ],
    });
    const items = [
      ...three(),
      { fileId: shop.images.pdf.documentId, resolution: '4x' },
      { fileId: shop.images.small.documentId, resolution: '16x' },
    ];
    const { status, body } = await quote(items);
    expect(status).toBe(200);
    expect(body.lines.slice(3).map((l) => [l.available, l.reason])).toEqual([
      [false, 'not_for_sale'],
      [false, 'not_offered'],
    ]);
    const amounts = body.lines.slice(0, 3).map((l) => l.amount);
    const off = amounts.map((a) => Math.round((a * 20) / 100));
    const subtotal = amounts.reduce((s, a) => s + a, 0);
    const discount = off.reduce((s, a) => s + a, 0);
    expect(body).toMatchObject({
      subtotal,
      discount: { minItems: 3, percentOff: 20, amount: discount },
      total: subtotal - discount,
    });
  });

  it('refuses a duplicate line and more than CART_MAX_ITEMS lines (400 naming them)', async () => {
    const doubled = await quote([three()[0], three()[1], three()[0]]);
    expect(doubled.status).toBe(400);
    expect(doubled.body.error.details.errors[0].path).toEqual(['items', '2']);
    const many = Array.from({ length: CART_MAX_ITEMS + 1 }, (_, i) => ({
      fileId: shop.images.small.documentId,
      resolution: `${(i % 2) + 4}x`,
    }));
    expect((await quote(many)).status).toBe(400);
  });

  it('refuses a checkout with an unavailable line (400 at items.N), writing nothing', async () => {
    const before = await tableCounts(shop.db);
    const items = [three()[0], { fileId: shop.images.pdf.documentId, resolution: '4x' }];
    const res = await shop.api('/cart/checkout', postJson({ items, email: 'x@example.test' }));
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.details.errors.map((e: any) => e.path)).toEqual([['items', '1', 'fileId']]);
    expect(await tableCounts(shop.db)).toEqual(before);
  });

  it('abandons every line and answers 502 when Stripe fails', async () => {
    const fault = { method: 'POST', pathPrefix: '/v1/checkout/sessions', times: 10 };
    shop.stripe.injectFault({ ...fault, kind: 'server-error' });
    const items = three().slice(0, 2);
    const res = await shop.api('/cart/checkout', postJson({ items, email: 'f@example.test' }));
    expect(res.status).toBe(502);
    const rows = await shop.db('smi_jobs').where({ email: 'f@example.test' });
    expect(rows.map((r: any) => [r.status, r.error_code, r.order_size])).toEqual(
      Array(2).fill(['abandoned', 'checkout_failed', 2]),
    );
    shop.stripe.resetLog();
  });

  let paidOrder = '';
  it('sells three images in one session (3+ tier, Stripe Tax exclusive FR): every line paid with its own amounts, all delivered', async () => {
    await putSettings({ tax: 'stripe_tax', taxBehavior: 'exclusive' });
    const order = await checkout(three(), {
      previewed: [third.documentId],
      promo: 'IGNORED',
    });
    expect(order.jobIds).toHaveLength(3);
    const rows = await orderRows(order.orderId);
    expect(rows.map((r: any) => r.job_id)).toEqual(order.jobIds);
    const shape = rows.map((r: any) => [r.order_line, r.order_size, r.quantity_discount_percent]);
    expect(shape).toEqual([0, 1, 2].map((line) => [line, 3, 20]));
    expect(rows.map((r: any) => Boolean(r.previewed))).toEqual([false, false, true]);
    expect(rows.every((r: any) => r.status === 'awaiting_payment')).toBe(true);

    const session = sessionOfOrder(order.orderId);
    expect(order.checkoutUrl).toBe(session.url);
    expect(session.success_url).toContain(`smi_order=${order.orderId}&smi_session=`);
    expect(session.allow_promotion_codes).toBeNull();
    const coupon = shop.stripe.coupons.get(session.discounts[0]?.coupon as string);
    expect(coupon).toMatchObject({ percent_off: 20, duration: 'once', name: '3+ images −20%' });
    const items = shop.stripe.lineItems(session.id);
    expect(items.map((i) => i.price.unit_amount)).toEqual(rows.map((r: any) => r.amount));
    expect(items.map((i) => i.price.tax_behavior)).toEqual(['exclusive', 'exclusive', 'exclusive']);
    expect(items[2]?.description).toMatch(/^third\.png — 8x high-resolution copy/);

    await shop.stripe.completeSession(session.id, { country: 'FR' });
    const paid = shop.stripe.sessions.get(session.id) as CheckoutSession;
    const intent = shop.stripe.paymentIntents.get(paid.payment_intent as string);
    expect(intent?.metadata).toEqual({ orderId: order.orderId });
    const done = await settledOrder(order.orderId);
    const states = done.map((r: any) => [r.status, r.payment_status]);
    expect(states).toEqual(Array(3).fill(['completed', 'paid']));
    const lines = shop.stripe.lineItems(session.id);
    done.forEach((row: any, index: number) => {
      const line = lines[index];
      const off = Math.round((row.amount * 20) / 100);
      const tax = Math.round(((row.amount - off) * (TEST_TAX_RATES.FR as number)) / 100);
      expect([row.amount_discount, row.amount_tax, row.amount_total]).toEqual([
        off,
        tax,
        row.amount - off + tax,
      ]);
      expect(row.amount_total).toBe(line?.amount_total);
    });
    const sum = done.reduce((s: number, r: any) => s + Number(r.amount_total), 0);
    expect(sum).toBe(paid.amount_total);
    paidOrder = order.orderId;
  });

  it('changes nothing on a redelivery or a replay of the completed event', async () => {
    const session = sessionOfOrder(paidOrder);
    const before = await orderRows(paidOrder);
    const completed = shop.stripe.events.find(
      (e) => e.type === 'checkout.session.completed' && (e.data.object as any).id === session.id,
    );
    expect((await shop.stripe.deliver(completed!)).status).toBe(200);
    // The same object under a new event id (the reconcile task's path): already paid.
    const replay = shop.stripe.buildEvent('checkout.session.completed', completed!.data.object);
    expect((await shop.stripe.deliver(replay)).status).toBe(200);
    const after = await orderRows(paidOrder);
    expect(after.map((r: any) => [r.status, r.payment_status, r.amount_total])).toEqual(
      before.map((r: any) => [r.status, r.payment_status, r.amount_total]),
    );
    const ids = after.map((r: any) => r.job_id);
    const pending = await shop
      .db('smi_job_transitions')
      .whereIn('job_id', ids)
      .andWhere({ to_status: 'pending' });
    expect(pending).toHaveLength(3);
  });

  it('refunds exactly the line that fails for good, once; the other line is delivered', async () => {
    await putSettings({ tax: 'none', quantityDiscounts: [{ minItems: 2, percentOff: 10 }] });
    const order = await checkout([
      { fileId: doomed.documentId, resolution: '4x' },
      { fileId: shop.images.small.documentId, resolution: '8x' },
    ]);
    rmSync(path.join(shop.app.publicDir, doomed.url), { force: true });
    const session = sessionOfOrder(order.orderId);
    await shop.stripe.completeSession(session.id);
    const [gone, kept] = await settledOrder(order.orderId);
    // The original is gone: a permanent failure of that line alone.
    expect(gone).toMatchObject({ status: 'failed', error_code: 'unsupported_input' });
    expect(kept).toMatchObject({ status: 'completed', payment_status: 'paid' });
    const refunded = await until(
      () => jobRow(shop, gone.job_id),
      (row) => row.payment_status === 'refunded',
      20_000,
    );
    const intent = session.payment_intent;
    const refunds = [...shop.stripe.refunds.values()].filter((r) => r.payment_intent === intent);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({
      amount: refunded.amount_total,
      metadata: { jobId: gone.job_id, orderId: order.orderId },
    });
    expect(Number(refunded.amount_refunded)).toBe(Number(refunded.amount_total));
    await shop.stripe.waitForDeliveries();
    expect(await jobRow(shop, kept.job_id)).toMatchObject({
      payment_status: 'paid',
      amount_refunded: 0,
    });
  });

  it('fails every line and refunds the payment once when the amounts were tampered with', async () => {
    const order = await checkout(three().slice(0, 2));
    await shop
      .db('smi_jobs')
      .where({ job_id: order.jobIds[1] })
      .update({ amount: shop.db.raw('amount + 1') });
    const session = sessionOfOrder(order.orderId);
    await shop.stripe.completeSession(session.id);
    const rows = await until(
      () => orderRows(order.orderId),
      (all) => all.every((r: any) => r.payment_status === 'refunded'),
      20_000,
    );
    expect(rows.map((r: any) => [r.status, r.error_code])).toEqual([
      ['failed', 'amount_mismatch'],
      ['failed', 'amount_mismatch'],
    ]);
    const intent = session.payment_intent;
    const refunds = [...shop.stripe.refunds.values()].filter((r) => r.payment_intent === intent);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]?.amount).toBe(shop.stripe.paymentIntents.get(intent as string)?.amount);
  });

  it('abandons every line of an expired session; a dispute on an order disputes every line', async () => {
    const expired = await checkout(three().slice(0, 2));
    await shop.stripe.expireSession(sessionOfOrder(expired.orderId).id);
    expect((await orderRows(expired.orderId)).map((r: any) => r.status)).toEqual([
      'abandoned',
      'abandoned',
    ]);
    const session = sessionOfOrder(paidOrder);
    const intent = session.payment_intent;
    await shop.stripe.refund(intent as string, 100);
    const partial = await orderRows(paidOrder);
    expect(partial.map((r: any) => r.payment_status)).toEqual(Array(3).fill('partially_refunded'));
    expect(partial.reduce((s: number, r: any) => s + Number(r.amount_refunded), 0)).toBe(100);
    await shop.stripe.openDispute(intent as string);
    const disputed = await orderRows(paidOrder);
    expect(disputed.map((r: any) => r.payment_status)).toEqual(Array(3).fill('disputed'));
  });
});
