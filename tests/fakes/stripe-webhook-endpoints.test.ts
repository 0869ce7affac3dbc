/**
 * The Stripe fake's `/v1/webhook_endpoints`, driven through the official SDK: the
 * signing secret comes with the create only, an update keeps the id.
 */
import Stripe from 'stripe';
import { createStripeClient, startStripeFake, type StripeFake } from './stripe';

const URL_A = 'https://shop.example.test/api/sell-my-images/webhooks/stripe';
const URL_B = 'https://other.example.test/api/sell-my-images/webhooks/stripe';

describe('Stripe fake: webhook endpoints', () => {
  let fake: StripeFake;
  let stripe: Stripe;

  beforeEach(async () => {
    fake = await startStripeFake();
    stripe = createStripeClient(fake, { maxNetworkRetries: 0 });
  });

  afterEach(() => fake.close());

  it('creates an endpoint with its events and returns the whsec_ secret on create only', async () => {
    const created = await stripe.webhookEndpoints.create({
      url: URL_A,
      enabled_events: ['checkout.session.completed', 'charge.refunded'],
      api_version: Stripe.API_VERSION,
      description: 'shop',
      metadata: { plugin: 'sell-my-images' },
    });
    expect(created.id).toMatch(/^we_/);
    expect(created.secret).toMatch(/^whsec_/);
    expect(created).toMatchObject({
      url: URL_A,
      enabled_events: ['checkout.session.completed', 'charge.refunded'],
      api_version: Stripe.API_VERSION,
      status: 'enabled',
      metadata: { plugin: 'sell-my-images' },
    });
    expect(fake.webhookEndpointSecrets.get(created.id)).toBe(created.secret);

    const retrieved = await stripe.webhookEndpoints.retrieve(created.id);
    expect(retrieved.secret).toBeUndefined();
    const listed = await stripe.webhookEndpoints.list();
    expect(listed.data.map((endpoint) => endpoint.id)).toEqual([created.id]);
    expect(listed.data[0]?.secret).toBeUndefined();
  });

  it('updates the same endpoint (url, events, disabled) without a new secret', async () => {
    const created = await stripe.webhookEndpoints.create({
      url: URL_A,
      enabled_events: ['checkout.session.completed'],
    });
    const updated = await stripe.webhookEndpoints.update(created.id, {
      url: URL_B,
      enabled_events: ['checkout.session.expired', 'refund.failed'],
      disabled: true,
    });
    expect(updated).toMatchObject({
      id: created.id,
      url: URL_B,
      enabled_events: ['checkout.session.expired', 'refund.failed'],
      status: 'disabled',
    });
    expect(updated.secret).toBeUndefined();
    expect(fake.webhookEndpoints.size).toBe(1);
  });

  it('answers 404 for an unknown endpoint and 400 without events', async () => {
    await expect(stripe.webhookEndpoints.retrieve('we_missing')).rejects.toMatchObject({
      statusCode: 404,
      type: 'StripeInvalidRequestError',
    });
    await expect(
      stripe.webhookEndpoints.create({ url: URL_A, enabled_events: [] }),
    ).rejects.toMatchObject({ statusCode: 400 });
    expect(fake.webhookEndpoints.size).toBe(0);
  });
});
