import { quote, type PricingSettings } from '../../server/src/commerce/pricing';
import { upscalerCapability } from '../../server/src/upscalers';
import type { PriceOption } from '../../shared/contracts/prices';
import { STRIPE_WEBHOOK_EVENTS } from '../../shared/contracts/stripe-webhook';
import { REFERENCE_2000_AT_4X } from '../support/pricing';
import { openShop, tableCounts, type Shop } from './helpers/shop';

/**
 * The settings page's server side over HTTP against the real playground: the live price
 * preview (the reference values of docs/architecture.md "Money rules", computed by the real pricing service
 * and never saved) and the connection tests against the Stripe and Upsampler fakes.
 */
describe(`admin settings tools (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;

  beforeAll(async () => {
    shop = await openShop('admin-settings');
  });
  afterAll(async () => shop?.close());

  const post = (path: string, json?: unknown) => shop.adminApi(path, { method: 'POST', json });

  interface Preview {
    currency: string;
    samples: Array<{
      width: number;
      height: number;
      options: PriceOption[];
      licences?: Array<{ multiplierPercent: number; options: PriceOption[] }>;
    }>;
  }

  const preview = async (json: unknown): Promise<Preview> => {
    const res = await post('/settings/price-preview', json);
    expect(res.status).toBe(200);
    return (await res.json()).data;
  };
  const option = (data: Preview, width: number, height: number, resolution: string) => {
    const found = data.samples
      .find((sample) => sample.width === width && sample.height === height)
      ?.options.find((o) => o.resolution === resolution);
    if (!found) throw new Error(`no ${resolution} option for ${width}×${height}`);
    return found;
  };

  describe('price preview', () => {
    it('matches the reference values with an unsaved markup of 200%', async () => {
      const data = await preview({ markupPercent: 200 });
      expect(data.currency).toBe('usd');
      expect(data.samples.map(({ width, height }) => `${width}x${height}`)).toEqual([
        '640x480',
        '1000x1000',
        '2000x2000',
        '4000x3000',
      ]);
      // 2000x2000 at 4x = 64 MP, 16 credits, cost 0.64, price 1.92.
      expect(option(data, 2000, 2000, '4x')).toEqual(REFERENCE_2000_AT_4X);
      // 1000x1000 at 4x = 4 credits: 0.48, below the 0.50 minimum.
      expect(option(data, 1000, 1000, '4x')).toMatchObject({ amount: 50, formatted: '$0.50' });
      // 1000x1000 at 8x = 64 MP again: the same price as 2000x2000 at 4x.
      expect(option(data, 1000, 1000, '8x').amount).toBe(192);
    });

    it('answers what the pricing service computes for every sample, merged over the saved settings', async () => {
      const overrides = {
        markupPercent: 150,
        creditPrice: 5,
        creditsPerMegapixel: 0.3,
        resolutions: ['2x', '4x', '8x'],
        maxOutputMegapixels: 150,
      };
      const data = await preview(overrides);
      const saved = (await (await shop.adminApi('/settings')).json()).data
        .settings as PricingSettings & {
        upscaler: string;
        upsamplerApiKey: string | null;
      };
      const settings = { ...saved, ...overrides };
      // The quote GET /prices answers, with the limits of the saved upscaler (sharp).
      expect(settings.upscaler).toBe('sharp');
      const upscaler = upscalerCapability(settings);
      for (const sample of data.samples) {
        const expected = quote(sample.width, sample.height, settings, upscaler).options.map(
          ({ credits: _credits, cost: _cost, rule: _rule, ...visible }) => visible,
        );
        expect(sample.options).toEqual(expected);
      }
      // 2000x2000 at 8x = 256 MP, over the 150 MP cap: shown, unavailable, with the reason.
      expect(option(data, 2000, 2000, '8x')).toMatchObject({
        available: false,
        reason: 'exceeds_max_output',
      });
      // 4000x3000 at 8x = 768 MP: more than the sharp resize makes (268 MP), whatever the cap.
      expect(option(data, 4000, 3000, '8x')).toMatchObject({
        available: false,
        reason: 'exceeds_upscaler_output',
      });
    });

    it('follows the upscaler chosen in the form, with its limits', async () => {
      // Upsampler (its key is set here) states no pixel limit: 4000x3000 at 8x is offered.
      const upsampler = await preview({ upscaler: 'upsampler' });
      expect(option(upsampler, 4000, 3000, '8x')).toMatchObject({ available: true });
      expect((await preview({})).samples[3].options[1]).toMatchObject({
        available: false,
        reason: 'exceeds_upscaler_output',
      });
    });

    it('prices zero-decimal currencies in whole units', async () => {
      // 2000x2000 at 4x: 16 credits × ¥6 = ¥96, × 3 = ¥288.
      const data = await preview({
        currency: 'JPY',
        creditPrice: 6,
        minimumPrice: 50,
        markupPercent: 200,
      });
      expect(data.currency).toBe('jpy');
      expect(option(data, 2000, 2000, '4x')).toMatchObject({ amount: 288, formatted: '¥288' });
    });

    it('saves nothing: the public prices keep the saved markup', async () => {
      const before = await tableCounts(shop.db);
      await preview({ markupPercent: 200 });
      expect(await tableCounts(shop.db)).toEqual(before);
      const prices = await (
        await shop.api(`/prices?fileId=${shop.images.large.documentId}`)
      ).json();
      // Saved default markup 500%: 16 credits × 0.04 × 6 = 3.84.
      expect(prices.options[0]).toMatchObject({ resolution: '4x', amount: 384 });
    });

    it('prices the licence rows being edited, each at its multiplier, as /prices would', async () => {
      const data = await preview({ licenceMultipliers: [100, 250, 150] });
      const sample = data.samples.find((s) => s.width === 2000 && s.height === 2000);
      const base = option(data, 2000, 2000, '4x').amount; // 384 at the saved markup
      expect(sample?.licences?.map((l) => l.multiplierPercent)).toEqual([100, 250, 150]);
      const at = (index: number) =>
        sample?.licences?.[index].options.find((o) => o.resolution === '4x')?.amount;
      expect([at(0), at(1), at(2)]).toEqual([base, Math.round(base * 2.5), base * 1.5]);
      // Without rows no licence prices; a multiplier out of range is refused like the settings'.
      expect((await preview({})).samples[0].licences).toBeUndefined();
      const bad = await post('/settings/price-preview', { licenceMultipliers: [0] });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.details.errors[0].path).toEqual(['licenceMultipliers', '0']);
    });

    it('rejects invalid values field by field, with the same rules as saving', async () => {
      const res = await post('/settings/price-preview', {
        markupPercent: -1,
        currency: 'xyz',
        resolutions: ['5y'],
        creditsPerMegapixel: 0,
      });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error.name).toBe('ValidationError');
      const paths = body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'));
      expect(paths).toEqual(
        expect.arrayContaining([
          'markupPercent',
          'currency',
          'resolutions.0',
          'creditsPerMegapixel',
        ]),
      );

      // Only pricing fields: anything else is an unknown field here.
      const other = await post('/settings/price-preview', { downloadExpiryHours: 5 });
      expect(other.status).toBe(400);
      expect((await other.json()).error.details.errors[0].path).toEqual(['downloadExpiryHours']);

      const array = await post('/settings/price-preview', [1, 2]);
      expect(array.status).toBe(400);
    });

    it('is closed to requests without an admin token', async () => {
      const res = await fetch(`${shop.app.url}/sell-my-images/settings/price-preview`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status).toBe(401);
    });
  });

  describe('Stripe connection test', () => {
    it('passes with the effective key (the fake’s, from the environment) and tells the mode', async () => {
      shop.stripe.resetLog();
      const res = await post('/settings/test/stripe', {});
      expect(res.status).toBe(200);
      expect((await res.json()).data).toEqual({ ok: true, mode: 'test' });
      // One cheap read on the fake, nothing created.
      expect(shop.stripe.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/events']);
    });

    it('reports a wrong typed key without echoing or logging it', async () => {
      // The fake accepts any sk_test_ key (it has no accounts), so the wrong key is a live one.
      const wrong = 'sk_live_wrongKey0123456789';
      const res = await post('/settings/test/stripe', { stripeSecretKey: wrong });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(JSON.parse(text).data).toMatchObject({ ok: false, code: 'invalid_key', mode: 'live' });
      expect(text).not.toContain('wrongKey');
      expect(shop.app.logs).not.toContain('wrongKey');
      expect(shop.app.logs).not.toContain(shop.stripe.apiKey);
    });

    it('reports a Stripe outage as a failed test, not a server error', async () => {
      shop.stripe.injectFault({ method: 'GET', pathPrefix: '/v1/events', kind: 'server-error' });
      const res = await post('/settings/test/stripe');
      expect(res.status).toBe(200);
      expect((await res.json()).data).toMatchObject({ ok: false, code: 'unreachable' });
    });

    it('rejects a typed value that is no Stripe secret key', async () => {
      const res = await post('/settings/test/stripe', {
        stripeSecretKey: 'pk_test_publishable123',
      });
      expect(res.status).toBe(400);
      expect((await res.json()).error.details.errors[0].path).toEqual(['stripeSecretKey']);
    });
  });

  describe('upscaler connection test', () => {
    it('needs no account for sharp (the saved default)', async () => {
      const res = await post('/settings/test/upscaler');
      expect(res.status).toBe(200);
      expect((await res.json()).data).toMatchObject({
        ok: true,
        upscaler: 'sharp',
        code: 'no_account_needed',
      });
    });

    it('checks the Upsampler key without starting an upscale', async () => {
      const before = shop.upsampler.requests.length;
      const res = await post('/settings/test/upscaler', { upscaler: 'upsampler' });
      expect((await res.json()).data).toEqual({ ok: true, upscaler: 'upsampler' });
      const made = shop.upsampler.requests.slice(before);
      expect(made.map((r) => r.method)).toEqual(['GET']);
      expect(made[0].path).toMatch(/^\/status\//);
      expect(made[0].authorization).toBe(`Bearer ${shop.upsampler.apiKey}`);
    });

    it('reports an invalid Upsampler key', async () => {
      const res = await post('/settings/test/upscaler', {
        upscaler: 'upsampler',
        upsamplerApiKey: 'not-the-right-key-42',
      });
      const text = await res.text();
      expect(JSON.parse(text).data).toMatchObject({
        ok: false,
        upscaler: 'upsampler',
        code: 'invalid_key',
      });
      expect(text).not.toContain('not-the-right-key-42');
      expect(shop.app.logs).not.toContain('not-the-right-key-42');
    });

    it('reports an Upsampler outage as a failed test, and the installed local AI as ready', async () => {
      shop.upsampler.setFaults({ serverErrors: 1 });
      const outage = await post('/settings/test/upscaler', { upscaler: 'upsampler' });
      expect(outage.status).toBe(200);
      expect((await outage.json()).data).toMatchObject({ ok: false, code: 'unreachable' });

      // The optional ESRGAN packages are installed here (devDependencies), so local-ai is ready.
      const local = await post('/settings/test/upscaler', { upscaler: 'local-ai' });
      expect((await local.json()).data).toMatchObject({
        ok: true,
        upscaler: 'local-ai',
        code: 'no_account_needed',
      });
    });

    it('rejects an unknown provider', async () => {
      const res = await post('/settings/test/upscaler', { upscaler: 'gpu-farm' });
      expect(res.status).toBe(400);
      expect((await res.json()).error.details.errors[0].path).toEqual(['upscaler']);
    });
  });

  it('gives the webhook URL on the public URL with the settings', async () => {
    const { data } = await (await shop.adminApi('/settings')).json();
    expect(data.webhookUrl).toBe(`${shop.app.url}/api/sell-my-images/webhooks/stripe`);
  });

  it('does not set up a Stripe webhook on a URL the internet cannot reach: it gives the stripe listen command', async () => {
    const res = await post('/settings/stripe-webhook');
    expect(res.status).toBe(409);
    const { error } = await res.json();
    const url = `${shop.app.url}/api/sell-my-images/webhooks/stripe`;
    expect(error.details).toEqual({
      reason: 'not_public',
      url,
      command: `stripe listen --forward-to ${url} --events ${STRIPE_WEBHOOK_EVENTS.join(',')}`,
    });
    expect(error.message).toContain('SMI_PUBLIC_URL');
    expect(shop.stripe.webhookEndpoints.size).toBe(0);
    expect(shop.stripe.count('POST', '/v1/webhook_endpoints')).toBe(0);
  });
});
