import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Stripe from 'stripe';
import {
  SETUP_ITEM_IDS,
  type SetupChecklist,
  type SetupItem,
  type TestEmailAnswer,
} from '../../shared/contracts/setup';
import {
  STRIPE_WEBHOOK_EVENTS,
  type StripeWebhookSetupAnswer,
  type StripeWebhookStatus,
} from '../../shared/contracts/stripe-webhook';
import { signatureHeader } from '../fakes/stripe';
import { FIRST_ADMIN } from './helpers/admin';
import { TMP_ROOT } from './helpers/databases';
import { openShop, postJson, type Shop } from './helpers/shop';

/**
 * Setting a shop up from the admin (README "Setup checklist", "The Stripe webhook"): a
 * shop booted with nothing but what `init` writes — no Stripe key, no webhook secret, no
 * Upsampler key, and a storage folder that cannot be created — sees each checklist item
 * red, then green as the owner fixes it through the admin API; "Set up webhook" creates
 * one endpoint on the Stripe fake, updates it in place later, and an event signed with
 * its new secret is accepted. The public URL is a public https address (the fake never
 * calls it).
 */
const PUBLIC_URL = 'https://shop.example.test';
const WEBHOOK_URL = `${PUBLIC_URL}/api/sell-my-images/webhooks/stripe`;
const FOREIGN_SITE = 'https://blog.example.test';

describe(`Setup checklist and Stripe webhook set-up (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  // A file where the storage folder's parent should be: the folder cannot be created.
  const blocker = path.join(TMP_ROOT, `setup-storage-${process.pid}`);
  const storageDir = path.join(blocker, 'private');
  let shop: Shop;

  beforeAll(async () => {
    mkdirSync(TMP_ROOT, { recursive: true });
    rmSync(blocker, { recursive: true, force: true });
    writeFileSync(blocker, 'not a folder');
    shop = await openShop('setup', {
      SMI_STRIPE_SECRET_KEY: undefined,
      SMI_STRIPE_WEBHOOK_SECRET: undefined,
      SMI_UPSAMPLER_API_KEY: undefined,
      SMI_PUBLIC_URL: PUBLIC_URL,
      SMI_STORAGE_DIR: storageDir,
    });
  });
  afterAll(async () => {
    // The storage folder is removed with the app: let it be a folder whatever failed.
    rmSync(blocker, { recursive: true, force: true });
    mkdirSync(blocker, { recursive: true });
    await shop?.close();
    rmSync(blocker, { recursive: true, force: true });
  });

  const adminApi = (route: string, method: 'GET' | 'POST' = 'GET', json?: unknown) =>
    shop.adminApi(route, { method, ...(json === undefined ? {} : { json }) });
  const save = async (patch: Record<string, unknown>) => {
    const res = await shop.adminApi('/settings', { method: 'PUT', json: patch });
    expect(res.status).toBe(200);
  };
  const checklist = async (): Promise<SetupChecklist> => {
    const res = await adminApi('/setup');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    return (await res.json()).data;
  };
  const item = async <Id extends SetupItem['id']>(id: Id) => {
    const found = (await checklist()).items.find((entry) => entry.id === id);
    if (!found) throw new Error(`no ${id} item`);
    return found as Extract<SetupItem, { id: Id }>;
  };
  const states = async () =>
    Object.fromEntries((await checklist()).items.map((entry) => [entry.id, entry.state]));
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
    return fetch(shop.app.pluginUrl('/webhooks/stripe'), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': signatureHeader(payload, secret),
      },
      body: payload,
    });
  };
  const onlySecret = (): string => {
    const [secret, ...others] = [...shop.stripe.webhookEndpointSecrets.values()];
    expect(others).toEqual([]);
    if (!secret) throw new Error('no endpoint was created');
    return secret;
  };

  it('lists every item, red where a sale would fail, green where the app already is', async () => {
    const list = await checklist();
    expect(list.items.map((entry) => entry.id)).toEqual([...SETUP_ITEM_IDS]);
    expect(await states()).toEqual({
      stripe_key: 'todo',
      stripe_webhook: 'todo',
      email: 'done',
      public_url: 'done',
      cron: 'done',
      storage: 'todo',
      upscaler: 'done',
      return_origins: 'done',
    });
    expect(list.remaining).toBe(3);
    expect(await item('stripe_webhook')).toMatchObject({
      facts: { webhookUrl: WEBHOOK_URL, secretSource: null, listenCommand: null },
    });
    expect(await item('storage')).toEqual({
      id: 'storage',
      state: 'todo',
      facts: {
        location: storageDir,
        kind: 'local',
        writable: false,
        problem: null,
        publicAccess: null,
      },
    });
    expect((await item('return_origins')).facts).toEqual({ allowed: [PUBLIC_URL], refused: [] });
  });

  it('turns the Stripe key green once it is saved, with its mode, and red for a key Stripe refuses', async () => {
    await save({ stripeSecretKey: 'sk_live_RefusedByTheFake0000' });
    expect(await item('stripe_key')).toMatchObject({
      state: 'todo',
      facts: { mode: 'live', problem: 'Stripe rejected the secret key' },
    });
    await save({ stripeSecretKey: shop.stripe.apiKey });
    expect(await item('stripe_key')).toEqual({
      id: 'stripe_key',
      state: 'done',
      facts: { source: 'stored', mode: 'test', problem: null },
    });
  });

  it('lists an origin a buyer was refused on until it is allowed, and tells the owner in the log', async () => {
    const refused = await shop.api(
      '/checkout',
      postJson({
        fileId: shop.images.small.documentId,
        resolution: '4x',
        email: 'buyer@example.test',
        returnUrl: `${FOREIGN_SITE}/gallery`,
      }),
    );
    expect(refused.status).toBe(400);
    const origins = await item('return_origins');
    expect(origins.state).toBe('warning');
    expect(origins.facts.refused).toEqual([{ origin: FOREIGN_SITE, at: expect.any(String) }]);
    expect(shop.app.logs).toContain(`a buyer on ${FOREIGN_SITE} was refused`);

    await save({ allowedReturnOrigins: [FOREIGN_SITE] });
    expect(await item('return_origins')).toEqual({
      id: 'return_origins',
      state: 'done',
      facts: { allowed: [FOREIGN_SITE, PUBLIC_URL], refused: [] },
    });
  });

  it('shows a missing upscaler key red, and green once the key is saved', async () => {
    await save({ upscaler: 'upsampler' });
    expect((await item('upscaler')).state).toBe('todo');
    await save({ upsamplerApiKey: shop.upsampler.apiKey });
    expect(await item('upscaler')).toEqual({
      id: 'upscaler',
      state: 'done',
      facts: { upscaler: 'upsampler', problem: null },
    });
  });

  it('turns storage green once the folder can be created', async () => {
    rmSync(blocker, { force: true });
    mkdirSync(blocker);
    expect(await item('storage')).toMatchObject({ state: 'done', facts: { writable: true } });
  });

  it('sends a test e-mail to the signed-in admin, or to the address given, and says when the provider refuses', async () => {
    const own = await adminApi('/setup/test-email', 'POST', {});
    expect(own.status).toBe(200);
    expect((await own.json()).data).toEqual({
      ok: true,
      to: FIRST_ADMIN.email,
      provider: 'nodemailer',
    } satisfies TestEmailAnswer);
    const mail = await shop.smtp.waitForMessage((m) => m.to.includes(FIRST_ADMIN.email));
    expect(mail.subject).toContain('Test e-mail from Sell My Images');

    const bad = await adminApi('/setup/test-email', 'POST', { to: 'not an address' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details.errors[0].path).toEqual(['to']);

    shop.smtp.refuse(550);
    try {
      const refused = await adminApi('/setup/test-email', 'POST', { to: 'me@example.test' });
      expect(refused.status).toBe(200);
      const answer = (await refused.json()).data as TestEmailAnswer;
      expect(answer).toMatchObject({ ok: false, to: 'me@example.test' });
      expect(answer.ok ? '' : answer.message).toMatch(/550/);
    } finally {
      shop.smtp.accept();
    }
    expect(shop.app.logs).not.toContain('me@example.test');
  });

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
    expect(shop.stripe.webhookEndpoints.size).toBe(1);
    expect(shop.stripe.webhookEndpoints.get(data.endpointId)).toMatchObject({
      url: WEBHOOK_URL,
      enabled_events: [...STRIPE_WEBHOOK_EVENTS],
      api_version: Stripe.API_VERSION,
      metadata: { plugin: 'sell-my-images' },
    });
    const secret = onlySecret();
    expect(text).not.toContain(secret);
    // Stored encrypted, shown masked.
    const db = shop.app.database.connect();
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
      id: [...shop.stripe.webhookEndpoints.keys()][0],
      url: WEBHOOK_URL,
      events: [...STRIPE_WEBHOOK_EVENTS],
      missingEvents: [],
      status: 'enabled',
    });
    expect(now.lastVerifiedEventAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('updates the same endpoint on a second run (events put back) and keeps the secret', async () => {
    const [id] = [...shop.stripe.webhookEndpoints.keys()];
    const endpoint = shop.stripe.webhookEndpoints.get(id ?? '');
    if (!endpoint) throw new Error('no endpoint');
    endpoint.enabled_events = ['checkout.session.completed'];
    expect((await status()).endpoint?.missingEvents).toEqual(
      STRIPE_WEBHOOK_EVENTS.filter((event) => event !== 'checkout.session.completed'),
    );

    const { data } = await setup();
    expect(data).toMatchObject({ action: 'updated', endpointId: id, secretStored: false });
    expect(shop.stripe.webhookEndpoints.size).toBe(1);
    expect(endpoint.enabled_events).toEqual([...STRIPE_WEBHOOK_EVENTS]);
    expect((await status()).endpoint?.missingEvents).toEqual([]);
    expect((await deliver(onlySecret(), 'evt_after_update')).status).toBe(200);
  });

  it('never writes the signing secret to the log', () => {
    expect(shop.app.logs).not.toContain(onlySecret());
    expect(shop.app.logs).toContain('Stripe webhook endpoint');
  });

  it('ends with every item green', async () => {
    const list = await checklist();
    expect(list.items.filter((entry) => entry.state !== 'done')).toEqual([]);
    expect(list.remaining).toBe(0);
    expect((await item('stripe_webhook')).facts).toMatchObject({
      secretSource: 'stored',
      endpointId: expect.stringMatching(/^we_/),
      missingEvents: [],
      lastVerifiedEventAt: expect.stringMatching(/^\d{4}-/),
    });
  });
});
