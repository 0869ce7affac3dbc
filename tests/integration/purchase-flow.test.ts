import Stripe from 'stripe';
import { SECRET_FIELDS, SETTINGS_DEFAULTS } from '../../shared/contracts/settings';
import { REFERENCE_2000_AT_4X } from '../support/pricing';
import { openShop, postJson, sessionOf, tableCounts, type Shop } from './helpers/shop';

/**
 * Settings, prices, checkout and the Stripe webhook through HTTP, against the Stripe
 * fake driven by the official SDK (docs/architecture.md "Money rules", "Public contract").
 */
describe(`purchase flow (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;

  beforeAll(async () => {
    // The Upsampler key comes from the settings here (the test stores one), not the environment.
    shop = await openShop('purchase', { SMI_UPSAMPLER_API_KEY: undefined });
  });
  afterAll(async () => shop?.close());

  const putSettings = async (json: Record<string, unknown>) => {
    const res = await shop.adminApi('/settings', { method: 'PUT', json });
    expect(res.status).toBe(200);
    return (await res.json()).data;
  };

  describe('settings', () => {
    it('answers the defaults, with environment-set secrets masked and marked', async () => {
      const res = await shop.adminApi('/settings');
      expect(res.status).toBe(200);
      const { data } = await res.json();
      const secret = new Set<string>(SECRET_FIELDS);
      expect(data.settings).toMatchObject(
        Object.fromEntries(
          Object.entries(SETTINGS_DEFAULTS).filter(([field]) => !secret.has(field)),
        ),
      );
      expect(data.settings.stripeSecretKey).toBe(`••••••••${shop.stripe.apiKey.slice(-4)}`);
      expect(data.sources.stripeSecretKey).toBe('env');
      expect(data.environment).toMatchObject({
        stripeSecretKey: 'SMI_STRIPE_SECRET_KEY',
        stripeWebhookSecret: 'SMI_STRIPE_WEBHOOK_SECRET',
      });
      expect(data.stripeMode).toBe('test');
      expect(JSON.stringify(data)).not.toContain(shop.stripe.apiKey);
      expect(JSON.stringify(data)).not.toContain(shop.stripe.webhookSecret);
    });

    it('stores a secret encrypted, reads it back masked, and never logs it', async () => {
      const secret = 'upsampler-key-0123456789abcdef';
      const data = await putSettings({ upsamplerApiKey: secret });
      expect(data.settings.upsamplerApiKey).toBe('••••••••cdef');
      expect(data.sources.upsamplerApiKey).toBe('stored');
      const row = await shop.db('smi_settings').first();
      // v2:<key id>: without SMI_ENCRYPTION_KEY the app's keys (README "Key rotation")
      expect(row.upsampler_api_key).toMatch(/^v2:app:/);
      expect(JSON.stringify(row)).not.toContain(secret);
      expect(shop.app.logs).not.toContain(secret);
      expect(shop.app.logs).not.toContain(shop.stripe.apiKey);
    });

    it('refuses to change a value set by the environment, and rejects invalid values field by field', async () => {
      const env = await shop.adminApi('/settings', {
        method: 'PUT',
        json: { stripeSecretKey: 'sk_test_other123' },
      });
      expect(env.status).toBe(400);
      expect((await env.json()).error.details.errors[0]).toMatchObject({
        path: ['stripeSecretKey'],
        message: 'Set by the environment variable SMI_STRIPE_SECRET_KEY',
      });

      const before = await tableCounts(shop.db);
      const bad = await shop.adminApi('/settings', {
        method: 'PUT',
        json: { markupPercent: -1, currency: 'xyz', downloadExpiryHours: 500, colour: 'red' },
      });
      expect(bad.status).toBe(400);
      const body = await bad.json();
      expect(body.error.name).toBe('ValidationError');
      const paths = body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'));
      expect(paths).toEqual(
        expect.arrayContaining(['markupPercent', 'currency', 'downloadExpiryHours', 'colour']),
      );
      expect(await tableCounts(shop.db)).toEqual(before);
    });

    it('is closed to requests without an admin token', async () => {
      const res = await fetch(`${shop.app.url}/sell-my-images/settings`);
      expect(res.status).toBe(401);
    });
  });

  describe('prices', () => {
    beforeAll(async () => {
      await putSettings({ markupPercent: 200, maxOutputMegapixels: 100 });
    });

    it('quotes the reference values of docs/architecture.md', async () => {
      const large = await (await shop.api(`/prices?fileId=${shop.images.large.documentId}`)).json();
      expect(large).toMatchObject({
        fileId: String(shop.images.large.documentId),
        original: { width: 2000, height: 2000 },
        currency: 'usd',
      });
      expect(large.options[0]).toEqual(REFERENCE_2000_AT_4X);
      // 8x of 2000 px = 256 MP, over the 100 MP cap: shown, but unavailable with a reason
      expect(large.options[1]).toMatchObject({
        resolution: '8x',
        width: 16000,
        available: false,
        reason: 'exceeds_max_output',
      });

      // 1000x1000 at 4x and 500x500 at 8x are both 16 MP = 4 credits; at 10 cents a credit: 40 cost, 120 with 200 % markup
      await putSettings({ creditPrice: 10 });
      const medium = await (
        await shop.api(`/prices?fileId=${shop.images.medium.documentId}`)
      ).json();
      expect(medium.options[0]).toMatchObject({ resolution: '4x', megapixels: 16, amount: 120 });
      const small = await (await shop.api(`/prices?fileId=${shop.images.small.documentId}`)).json();
      expect(
        small.options.find((o: { resolution: string }) => o.resolution === '8x'),
      ).toMatchObject({ megapixels: 16, amount: 120 });
      await putSettings({ creditPrice: 4 });
    });

    it('applies the minimum price', async () => {
      await putSettings({ minImageSize: 50 });
      const tiny = await (await shop.api(`/prices?fileId=${shop.images.tiny.documentId}`)).json();
      expect(tiny.options[0]).toMatchObject({ resolution: '4x', amount: 50, formatted: '$0.50' });
      await putSettings({ minImageSize: 100 });
    });
  });

  describe('checkout', () => {
    it('creates one job and exactly one Checkout Session with the right amount, metadata and idempotency key', async () => {
      const before = shop.stripe.count('POST', '/v1/checkout/sessions');
      const res = await shop.api(
        '/checkout',
        postJson({
          fileId: shop.images.large.documentId,
          resolution: '4x',
          email: 'Buyer@Example.test',
          sourcePage: `${shop.app.url}/gallery`,
        }),
      );
      expect(res.status).toBe(201);
      const { jobId, checkoutUrl } = await res.json();
      expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
      expect(checkoutUrl).toContain('/checkout/pay/cs_test_');
      expect(shop.stripe.count('POST', '/v1/checkout/sessions')).toBe(before + 1);

      const request = shop.stripe.requests
        .filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions')
        .pop()!;
      expect(request.idempotencyKey).toBe(`checkout-${jobId}`);
      const session = sessionOf(shop, jobId);
      expect(session).toMatchObject({
        amount_total: 192,
        currency: 'usd',
        mode: 'payment',
        customer_email: 'buyer@example.test',
        metadata: { jobId, resolution: '4x' },
      });
      expect(session.success_url).toBe(
        `${shop.app.url}/gallery?smi_job=${jobId}&smi_session={CHECKOUT_SESSION_ID}`,
      );
      const [item] = shop.stripe.lineItems(session.id);
      expect(item.quantity).toBe(1);

      const job = await shop.db('smi_jobs').where({ job_id: jobId }).first();
      expect(job).toMatchObject({
        status: 'awaiting_payment',
        payment_status: 'unpaid',
        currency: 'usd',
        resolution: '4x',
        stripe_checkout_session_id: session.id,
      });
      expect(Number(job.amount)).toBe(192);

      // payment_intent_data.metadata reaches the PaymentIntent once paid
      await shop.stripe.completeSession(session.id);
      const pi = await new Stripe(shop.stripe.apiKey, {
        host: '127.0.0.1',
        port: shop.stripe.port,
        protocol: 'http',
      }).paymentIntents.retrieve(shop.stripe.sessions.get(session.id)!.payment_intent as string);
      expect(pi.metadata.jobId).toBe(jobId);
      const status = await (await shop.api(`/jobs/${jobId}`)).json();
      // paid: the worker takes it from pending on at once
      expect(status).toMatchObject({ jobId, paymentStatus: 'paid', resolution: '4x' });
      expect(['pending', 'processing', 'completed']).toContain(status.status);
    });

    it('never takes a price from the browser: price fields are refused and no session is made', async () => {
      const before = shop.stripe.count('POST', '/v1/checkout/sessions');
      const res = await shop.api(
        '/checkout',
        postJson({
          fileId: shop.images.large.documentId,
          resolution: '4x',
          amount: 1,
          currency: 'usd',
        }),
      );
      expect(res.status).toBe(400);
      expect(shop.stripe.count('POST', '/v1/checkout/sessions')).toBe(before);
    });

    it('reuses the open session only for the same visitor, and answers 201 either way', async () => {
      const body = {
        fileId: shop.images.medium.documentId,
        resolution: '4x',
        email: 'repeat@example.test',
      };
      const as = (userAgent: string) => {
        const init = postJson(body);
        return { ...init, headers: { ...init.headers, 'user-agent': userAgent } };
      };
      const first = await shop.api('/checkout', as('Buyer browser'));
      const second = await shop.api('/checkout', as('Buyer browser'));
      // the status never tells whether that e-mail is in the middle of a purchase
      expect([first.status, second.status]).toEqual([201, 201]);
      const [a, b] = [await first.json(), await second.json()];
      expect(b).toEqual(a);
      // another visitor (here: another browser) asking for the same file, resolution and
      // e-mail gets a session of its own, never the buyer's job or Checkout Session
      const other = await shop.api('/checkout', as('Someone else'));
      expect(other.status).toBe(201);
      const c = await other.json();
      expect(c.jobId).not.toBe(a.jobId);
      expect(c.checkoutUrl).not.toBe(a.checkoutUrl);
      expect(c.checkoutUrl).not.toContain(sessionOf(shop, a.jobId).id);
      const third = await shop.api('/checkout', postJson({ ...body, resolution: '8x' }));
      expect(third.status).toBe(201);
    });

    it('answers 502 and leaves no payable job when Stripe fails', async () => {
      shop.stripe.injectFault({
        method: 'POST',
        pathPrefix: '/v1/checkout/sessions',
        kind: 'server-error',
        times: 10,
      });
      const res = await shop.api(
        '/checkout',
        postJson({ fileId: shop.images.small.documentId, resolution: '4x' }),
      );
      expect(res.status).toBe(502);
      const body = await res.json();
      expect(body.error).toMatchObject({ status: 502, name: 'PaymentProviderError' });
      const open = await shop
        .db('smi_jobs')
        .where({ file_id: shop.images.small.id, status: 'awaiting_payment' });
      expect(open).toHaveLength(0);
      const abandoned = await shop.db('smi_jobs').where({
        file_id: shop.images.small.id,
        status: 'abandoned',
        error_code: 'checkout_failed',
      });
      expect(abandoned).toHaveLength(1);
      shop.stripe.resetLog();
    });
  });
});
