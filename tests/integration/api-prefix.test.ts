import { buySettled, openShop, type Shop } from './helpers/shop';
import { until } from './helpers/wait';

/**
 * Strapi's REST prefix is configurable (`api.rest.prefix`): under another prefix than
 * `/api`, a purchase works end to end (the Stripe webhook's raw body, the Upsampler
 * callback, the e-mail, the status answer, the download) and every link the plugin makes
 * carries the prefix. And no secret of a URL (download token, Checkout Session id,
 * callback signature) reaches Strapi's request log.
 */
describe(`under another API prefix (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  const PREFIX = '/store-api';
  let shop: Shop;
  beforeAll(async () => {
    shop = await openShop('api-prefix', { SMI_UPSCALER: 'upsampler', API_REST_PREFIX: PREFIX });
  });
  afterAll(async () => shop?.close());

  const base = () => `${shop.app.url}${PREFIX}/sell-my-images`;

  it('answers under the configured prefix only', async () => {
    expect((await fetch(`${base()}/health`)).status).toBe(200);
    expect((await fetch(`${shop.app.url}/api/sell-my-images/health`)).status).toBe(404);
    const script = await fetch(`${base()}/client.js`);
    expect(script.status).toBe(200);
    // the admin overview reads the health through the admin API, which has no REST prefix
    const health = await shop.adminApi('/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', plugin: 'sell-my-images' });
  });

  it('shows the Stripe webhook URL with the prefix in the settings', async () => {
    const { data } = await (await shop.adminApi('/settings')).json();
    expect(data.webhookUrl).toBe(`${base()}/webhooks/stripe`);
  });

  it('sells an image end to end with every link under the prefix, and logs no secret', async () => {
    const { jobId, sessionId, row } = await buySettled(shop, {
      fileId: shop.images.small.documentId,
      resolution: '4x',
      email: 'prefix@example.test',
    });
    // paid: the Stripe webhook's signature was checked over its raw body under the prefix
    expect(row).toMatchObject({ status: 'completed', payment_status: 'paid' });

    const submit = shop.upsampler.requests.filter((r) => r.path === '/precise-upscale').pop()!;
    const callback = (submit.body as { webhook: string }).webhook;
    expect(callback.startsWith(`${base()}/webhooks/upsampler?job=`)).toBe(true);
    expect(
      shop.upsampler.webhookDeliveries.some(
        (d) => d.jobId === row.upscaler_job_id && d.responseStatus === 200,
      ),
    ).toBe(true);

    const mail = await shop.smtp.waitForMessage((m) => m.to.includes('prefix@example.test'));
    const link = /(http:\/\/\S+\/downloads\/[A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1];
    expect(link.startsWith(`${base()}/downloads/`)).toBe(true);
    const status = await (await shop.api(`/jobs/${jobId}?session=${sessionId}`)).json();
    expect(status.downloadUrl).toBe(link);
    const file = await fetch(link);
    expect(file.status).toBe(200);
    await file.arrayBuffer();

    // Strapi's request log names the routes but none of the secrets in their URLs.
    const token = link.split('/').pop()!;
    const sig = new URL(callback).searchParams.get('sig')!;
    await until(
      async () => shop.app.logs,
      (logs) => logs.includes(`GET ${PREFIX}/sell-my-images/downloads/`),
      5_000,
    );
    const logs = shop.app.logs;
    for (const secret of [token, sessionId, sig]) expect(logs).not.toContain(secret);
    expect(logs).toContain(`GET ${PREFIX}/sell-my-images/downloads/[redacted]`);
    expect(logs).toContain(`/jobs/${jobId}?session=[redacted]`);
    expect(logs).toMatch(
      /POST \/store-api\/sell-my-images\/webhooks\/upsampler\?job=\S+&sig=\[redacted\]/,
    );
  });
});
