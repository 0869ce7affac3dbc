import Stripe from 'stripe';
import {
  STRIPE_WEBHOOK_EVENTS,
  type StripeWebhookSetupAnswer,
  type StripeWebhookStatus,
} from '../../shared/contracts/stripe-webhook';
import { signatureHeader, startStripeFake, type StripeFake } from '../fakes/stripe';
import { registerFirstAdmin, type AdminSession } from './helpers/admin';
import { Playground, UNLIMITED_RATES } from './helpers/playground';

/**
 * The settings page's "Set up webhook" button against the Stripe fake, with the site's
 * public URL set to a public https address (the fake never calls it): the endpoint is
 * created once with exactly the handled events, updated in place afterwards, and an event
 * signed with its new secret is accepted by the webhook.
 */
const PUBLIC_URL = 'https://shop.example.test';
const WEBHOOK_URL = `${PUBLIC_URL}/api/sell-my-images/webhooks/stripe`;

describe(`Stripe webhook set-up (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let stripe: StripeFake;
  let app: Playground;
  let admin: AdminSession;

  beforeAll(async () => {
    stripe = await startStripeFake();
    app = await Playground.start({
      label: 'stripe-webhook-setup',
      env: {
        SMI_STRIPE_SECRET_KEY: stripe.apiKey,
        SMI_STRIPE_API_URL: stripe.url,
        SMI_PUBLIC_URL: PUBLIC_URL,
        ...UNLIMITED_RATES,
      },
    });
    admin = await registerFirstAdmin(app);
  });
  afterAll(async () => {
    await app?.destroy();
    await stripe?.close();
  });

  const adminApi = (path: string, method: 'GET' | 'POST' = 'GET') =>
    fetch(`${app.url}/sell-my-images${path}`, {
      method,
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
    });
  const setup = async (): Promise<{ text: string; data: StripeWebhookSetupAnswer }> => {
    const res = await adminApi('/settings/stripe-webhook', 'POST');
    const text = await res.text();
    expect(res.status).toBe(200);
    return { text, data: JSON.parse(text).data };
  };
  const status = async (): Promise<StripeWebhookStatus> => {
    const res = await adminApi('/settings/stripe-webhook');
    expect(res.status).toBe(200);
    return (await res.json()).data;
  };
  /** A Stripe event the plugin does not act on, delivered signed with `secret`. */
  const deliver = (secret: string, id: string) => {
    const payload = JSON.stringify({
      id,
      object: 'event',
      type: 'customer.created',
      api_version: Stripe.API_VERSION,
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      data: { object: { id: 'cus_1', object: 'customer' } },
    });
    return fetch(app.pluginUrl('/webhooks/stripe'), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': signatureHeader(payload, secret),
      },
      body: payload,
    });
  };
  const onlySecret = (): string => {
    const [secret, ...others] = [...stripe.webhookEndpointSecrets.values()];
    expect(others).toEqual([]);
    if (!secret) throw new Error('no endpoint was created');
    return secret;
  };

  it('has no endpoint and no verified event before the set-up; the webhook refuses events', async () => {
    expect(await status()).toEqual({
      webhookUrl: WEBHOOK_URL,
      endpoint: null,
      problem: null,
      lastVerifiedEventAt: null,
    });
    expect((await deliver('whsec_not_configured', 'evt_before')).status).toBe(503);
  });

  it('creates one endpoint at the public URL with exactly the handled events and stores its secret', async () => {
    const { text, data } = await setup();
    expect(data).toEqual({
      action: 'created',
      endpointId: expect.stringMatching(/^we_/),
      url: WEBHOOK_URL,
      events: [...STRIPE_WEBHOOK_EVENTS],
      secretStored: true,
      environmentVariable: null,
    });
    expect(stripe.webhookEndpoints.size).toBe(1);
    expect(stripe.webhookEndpoints.get(data.endpointId)).toMatchObject({
      url: WEBHOOK_URL,
      enabled_events: [...STRIPE_WEBHOOK_EVENTS],
      api_version: Stripe.API_VERSION,
      metadata: { plugin: 'sell-my-images' },
    });
    const secret = onlySecret();
    expect(text).not.toContain(secret);
    // Stored encrypted, shown masked.
    const db = app.database.connect();
    try {
      const row = await db('smi_settings').first();
      expect(String(row.stripe_webhook_secret)).not.toContain(secret);
      expect(String(row.stripe_webhook_secret)).not.toBe('null');
    } finally {
      await db.destroy();
    }
    const settings = await (await adminApi('/settings')).text();
    expect(settings).not.toContain(secret);
    expect(JSON.parse(settings).data.settings.stripeWebhookSecret).toMatch(/^•+/);
  });

  it('accepts an event signed with the new secret, refuses another secret, and reports it as the last verified event', async () => {
    const secret = onlySecret();
    expect((await deliver('whsec_someone_else', 'evt_forged')).status).toBe(400);
    const accepted = await deliver(secret, 'evt_after_setup');
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ received: true, id: 'evt_after_setup' });

    const now = await status();
    expect(now.endpoint).toEqual({
      id: [...stripe.webhookEndpoints.keys()][0],
      url: WEBHOOK_URL,
      events: [...STRIPE_WEBHOOK_EVENTS],
      missingEvents: [],
      status: 'enabled',
    });
    expect(now.lastVerifiedEventAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('updates the same endpoint on a second run (events put back) and keeps the secret', async () => {
    const [id] = [...stripe.webhookEndpoints.keys()];
    const endpoint = stripe.webhookEndpoints.get(id ?? '');
    if (!endpoint) throw new Error('no endpoint');
    endpoint.enabled_events = ['checkout.session.completed'];
    expect((await status()).endpoint?.missingEvents).toEqual(
      STRIPE_WEBHOOK_EVENTS.filter((event) => event !== 'checkout.session.completed'),
    );

    const { data } = await setup();
    expect(data).toMatchObject({ action: 'updated', endpointId: id, secretStored: false });
    expect(stripe.webhookEndpoints.size).toBe(1);
    expect(endpoint.enabled_events).toEqual([...STRIPE_WEBHOOK_EVENTS]);
    expect((await status()).endpoint?.missingEvents).toEqual([]);
    expect((await deliver(onlySecret(), 'evt_after_update')).status).toBe(200);
  });

  it('never writes the signing secret to the log', () => {
    expect(app.logs).not.toContain(onlySecret());
    expect(app.logs).toContain('Stripe webhook endpoint');
  });
});
