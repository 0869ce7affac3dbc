import Stripe from 'stripe';
import { startStripeFake, type StripeFake } from '../fakes/stripe';
import { Playground } from './helpers/playground';

const WEBHOOK_SECRET = 'whsec_raw_body_suite_secret';
const stripe = new Stripe('sk_test_signature_helper');

/**
 * The Stripe webhook route must see the request bytes exactly as they arrived:
 * Stripe signs the raw body, and any re-serialisation (key order, spacing,
 * escapes) breaks the HMAC. The plugin gets them without any middleware
 * configuration by the site owner.
 */
describe('Stripe webhook raw body', () => {
  let app: Playground;
  let fake: StripeFake;
  const endpoint = () => `${app.url}/api/sell-my-images/webhooks/stripe`;

  beforeAll(async () => {
    app = await Playground.start({
      label: 'raw-body',
      env: { SMI_STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET },
    });
    fake = await startStripeFake({
      webhookUrl: endpoint(),
      webhookSecret: WEBHOOK_SECRET,
      retryDelaysMs: [],
    });
  });

  afterAll(async () => {
    await fake?.close();
    await app?.destroy();
  });

  const post = (body: Buffer | string, signature?: string) =>
    fetch(endpoint(), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature ? { 'stripe-signature': signature } : {}),
      },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });

  // Unusual but valid JSON: odd spacing and newlines, escaped and raw non-ASCII,
  // a key order JSON.stringify would keep but whitespace it would not.
  const oddPayload = Buffer.from(
    '{\n  "id" :"evt_raw_1",  "object":"event","type":"ping.test",\r\n' +
      '"data":{"object":{"name":"Café \\u00e9 ☕ 𝄞","n":1.50,"nested":{ "z":1,"a":2 }}}\t}',
    'utf8',
  );

  it('verifies a signature computed over odd bytes, so the handler saw them unchanged', async () => {
    const signature = stripe.webhooks.generateTestHeaderString({
      payload: oddPayload.toString('utf8'),
      secret: WEBHOOK_SECRET,
    });
    const res = await post(oddPayload, signature);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ received: true, id: 'evt_raw_1', type: 'ping.test' });
  });

  it('rejects the same signature when one byte of the body differs', async () => {
    const signature = stripe.webhooks.generateTestHeaderString({
      payload: oddPayload.toString('utf8'),
      secret: WEBHOOK_SECRET,
    });
    const altered = Buffer.from(oddPayload);
    altered[altered.indexOf(0x09)] = 0x20; // the tab before the last brace becomes a space
    const res = await post(altered, signature);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toMatchObject({
      status: 400,
      name: 'BadRequestError',
      message: 'Invalid Stripe signature',
    });
  });

  it('accepts an event delivered by the Stripe fake exactly as Stripe delivers it', async () => {
    const event = fake.buildEvent('checkout.session.completed', {
      id: 'cs_test_raw',
      object: 'checkout.session',
    });
    const result = await fake.deliver(event);
    expect(result.status).toBe(200);
  });

  it('answers 400 in Strapi error shape without a signature, with a stale one, or with the wrong secret', async () => {
    const payload = JSON.stringify({
      id: 'evt_raw_2',
      object: 'event',
      type: 'ping.test',
      data: { object: {} },
    });
    const missing = await post(payload);
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.name).toBe('BadRequestError');

    const stale = stripe.webhooks.generateTestHeaderString({
      payload,
      secret: WEBHOOK_SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    expect((await post(payload, stale)).status).toBe(400);

    const foreign = stripe.webhooks.generateTestHeaderString({
      payload,
      secret: 'whsec_someone_else',
    });
    expect((await post(payload, foreign)).status).toBe(400);
  });

  it('refuses an oversized body with 413 before reading it all', async () => {
    const big = Buffer.alloc(1024 * 1024 + 10, 0x20);
    const res = await post(big, 't=1,v1=00');
    expect(res.status).toBe(413);
  });

  it('leaves JSON parsing of every other route untouched', async () => {
    // The admin login parses a JSON body through the same strapi::body middleware.
    const res = await fetch(`${app.url}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nobody@example.test', password: 'Wrong-passw0rd' }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toBe('Invalid credentials');
  });
});
