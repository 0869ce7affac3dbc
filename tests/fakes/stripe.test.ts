/**
 * The Stripe fake, driven through the official `stripe` SDK (and plain HTTP where a
 * browser or Stripe's webhook sender would be the client).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import {
  createStripeClient,
  SIMULATOR_BANNER,
  startStripeFake,
  stripeSdkOptionsFromUrl,
  WEBHOOK_USER_AGENT,
  type Charge,
  type CheckoutSession,
  type InjectedFault,
  type StripeEvent,
  type StripeFake,
} from './stripe';
import { withCli } from './support/spawn-cli';

const JOB_ID = '5f0c6a8e-2d1b-4c3a-9e7f-0a1b2c3d4e5f';
const SUCCESS_URL = 'https://shop.example/thanks?session_id={CHECKOUT_SESSION_ID}';
const CANCEL_URL = 'https://shop.example/gallery';
const FAST_RETRIES = [20, 20];

const nowSeconds = () => Math.floor(Date.now() / 1000);

function sessionParams(
  overrides: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Stripe.Checkout.SessionCreateParams {
  return {
    mode: 'payment',
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: 'usd',
          unit_amount: 192,
          product_data: {
            name: 'sunset.jpg — 4x upscale',
            description: '8000 × 8000 px, AI-upscaled',
          },
        },
      },
    ],
    metadata: { jobId: JOB_ID },
    payment_intent_data: { metadata: { jobId: JOB_ID } },
    client_reference_id: JOB_ID,
    customer_email: 'buyer@example.com',
    success_url: SUCCESS_URL,
    cancel_url: CANCEL_URL,
    expires_at: nowSeconds() + 60 * 60,
    ...overrides,
  };
}

/** Catches the SDK error a call rejects with (fails the test when it resolves). */
async function sdkError(call: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return error;
    throw error;
  }
  throw new Error('expected the Stripe call to fail');
}

interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  /** The event `constructEvent` returned, or the verification error message. */
  verified: Stripe.Event | string;
}

interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  close(): Promise<void>;
}

/**
 * A webhook endpoint like the plugin's: verifies the signature over the raw body with
 * the SDK and answers 400 when it fails, otherwise what `respond` says (default 200).
 */
async function startReceiver(
  secret: () => string,
  respond: (attempt: number) => number = () => 200,
): Promise<WebhookReceiver> {
  const verifier = new Stripe('sk_test_receiver');
  const received: ReceivedWebhook[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let verified: Stripe.Event | string;
      try {
        verified = verifier.webhooks.constructEvent(
          rawBody,
          req.headers['stripe-signature'] ?? '',
          secret(),
        );
      } catch (error) {
        verified = error instanceof Error ? error.message : String(error);
      }
      received.push({ headers: req.headers, rawBody, verified });
      res.writeHead(typeof verified === 'string' ? 400 : respond(received.length));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/sell-my-images/webhooks/stripe`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function eventsOf(receiver: WebhookReceiver): Stripe.Event[] {
  return receiver.received.flatMap((hook) =>
    typeof hook.verified === 'string' ? [] : [hook.verified],
  );
}

describe('Stripe fake', () => {
  let fake: StripeFake;
  let stripe: Stripe;
  let receiver: WebhookReceiver | undefined;

  beforeEach(async () => {
    fake = await startStripeFake({ retryDelaysMs: FAST_RETRIES });
    stripe = createStripeClient(fake, { maxNetworkRetries: 0 });
  });

  afterEach(async () => {
    await fake.close();
    await receiver?.close();
    receiver = undefined;
  });

  async function withReceiver(respond?: (attempt: number) => number): Promise<WebhookReceiver> {
    receiver = await startReceiver(() => fake.webhookSecret, respond);
    fake.setWebhook(receiver.url);
    return receiver;
  }

  async function paidSession(overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
    const session = await stripe.checkout.sessions.create(sessionParams(overrides));
    await fake.completeSession(session.id);
    const completed = fake.sessions.get(session.id) as CheckoutSession;
    return { session: completed, paymentIntentId: completed.payment_intent as string };
  }

  describe('connection helpers', () => {
    it('turns a base URL into SDK host, port and protocol', () => {
      expect(stripeSdkOptionsFromUrl('http://127.0.0.1:12111')).toEqual({
        host: '127.0.0.1',
        port: 12111,
        protocol: 'http',
      });
      expect(stripeSdkOptionsFromUrl('https://api.stripe.com')).toEqual({
        host: 'api.stripe.com',
        port: 443,
        protocol: 'https',
      });
      expect(stripeSdkOptionsFromUrl('http://localhost/')).toEqual({
        host: 'localhost',
        port: 80,
        protocol: 'http',
      });
      expect(() => stripeSdkOptionsFromUrl('ftp://127.0.0.1:1')).toThrow(/http or https/);
      expect(() => stripeSdkOptionsFromUrl('http://127.0.0.1:1/v1')).toThrow(/path/);
      expect(() => stripeSdkOptionsFromUrl('not a url')).toThrow(/Not a valid/);
    });

    it('listens on 127.0.0.1 and the SDK reaches it through those options', async () => {
      expect(fake.url).toBe(`http://127.0.0.1:${fake.port}`);
      const client = new Stripe('sk_test_other_key', stripeSdkOptionsFromUrl(fake.url));
      const session = await client.checkout.sessions.create(sessionParams());
      expect(session.id).toMatch(/^cs_test_/);
    });
  });

  describe('Checkout Sessions', () => {
    it('creates a session with every field the plugin sends and reads it back', async () => {
      const expiresAt = nowSeconds() + 2 * 60 * 60;
      const created = await stripe.checkout.sessions.create(
        sessionParams({ expires_at: expiresAt }),
      );
      expect(created).toMatchObject({
        object: 'checkout.session',
        mode: 'payment',
        status: 'open',
        payment_status: 'unpaid',
        amount_subtotal: 192,
        amount_total: 192,
        currency: 'usd',
        metadata: { jobId: JOB_ID },
        client_reference_id: JOB_ID,
        customer_email: 'buyer@example.com',
        customer_details: null,
        payment_intent: null,
        success_url: SUCCESS_URL,
        cancel_url: CANCEL_URL,
        expires_at: expiresAt,
        livemode: false,
        url: `${fake.url}/checkout/pay/${created.id}`,
      });
      expect(created.id).toMatch(/^cs_test_\w+$/);
      expect(Math.abs(created.created - nowSeconds())).toBeLessThanOrEqual(2);

      const read = await stripe.checkout.sessions.retrieve(created.id);
      expect(read.id).toBe(created.id);
      expect(read.metadata).toEqual({ jobId: JOB_ID });

      const items = await stripe.checkout.sessions.listLineItems(created.id);
      expect(items.data).toHaveLength(1);
      expect(items.data[0]).toMatchObject({
        object: 'item',
        description: 'sunset.jpg — 4x upscale',
        quantity: 1,
        amount_total: 192,
      });
      expect(items.data[0]?.price?.unit_amount).toBe(192);
      const product = fake.productOf(fake.lineItems(created.id)[0]!);
      expect(product).toMatchObject({
        name: 'sunset.jpg — 4x upscale',
        description: '8000 × 8000 px, AI-upscaled',
      });
    });

    it('multiplies unit amount by quantity and defaults expires_at to 24 hours', async () => {
      const { expires_at: _omit, ...params } = sessionParams();
      const created = await stripe.checkout.sessions.create({
        ...params,
        line_items: [
          {
            quantity: 3,
            price_data: { currency: 'eur', unit_amount: 250, product_data: { name: 'three' } },
          },
        ],
      });
      expect(created.amount_total).toBe(750);
      expect(created.currency).toBe('eur');
      expect(created.expires_at - created.created).toBe(24 * 60 * 60);
    });

    it('rejects expires_at outside 30 minutes to 24 hours with param expires_at', async () => {
      for (const expiresAt of [nowSeconds() + 10 * 60, nowSeconds() + 25 * 60 * 60]) {
        const error = await sdkError(
          stripe.checkout.sessions.create(sessionParams({ expires_at: expiresAt })),
        );
        expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
        expect(error.statusCode).toBe(400);
        expect(error.type).toBe('StripeInvalidRequestError');
        expect(error.param).toBe('expires_at');
        expect(error.message).toMatch(/expires_at/);
      }
      expect(fake.sessions.size).toBe(0);
    });

    it('validates required and malformed parameters like Stripe', async () => {
      const cases: Array<[Stripe.Checkout.SessionCreateParams, string, string]> = [
        [{ ...sessionParams(), mode: undefined }, 'mode', 'parameter_missing'],
        [{ ...sessionParams(), success_url: undefined }, 'success_url', 'parameter_missing'],
        [{ ...sessionParams(), success_url: 'not a url' }, 'success_url', 'url_invalid'],
        [{ ...sessionParams(), line_items: undefined }, 'line_items', 'parameter_missing'],
        [
          sessionParams({
            line_items: [
              {
                quantity: 1,
                price_data: {
                  currency: 'usd',
                  unit_amount: 100,
                  product_data: { description: 'no name' } as unknown as { name: string },
                },
              },
            ],
          }),
          'line_items[0][price_data][product_data][name]',
          'parameter_missing',
        ],
        [
          sessionParams({
            line_items: [
              {
                quantity: 1,
                price_data: { currency: 'usd', unit_amount: -5, product_data: { name: 'x' } },
              },
            ],
          }),
          'line_items[0][price_data][unit_amount]',
          'parameter_invalid_integer',
        ],
        [
          sessionParams({
            line_items: [
              {
                quantity: 1,
                price_data: { currency: 'usd', unit_amount: 1.5, product_data: { name: 'x' } },
              },
            ],
          }),
          'line_items[0][price_data][unit_amount]',
          'parameter_invalid_integer',
        ],
        [
          sessionParams({
            line_items: [
              { price_data: { currency: 'usd', unit_amount: 100, product_data: { name: 'x' } } },
            ],
          }),
          'line_items[0][quantity]',
          'parameter_missing',
        ],
        [{ ...sessionParams(), customer_email: 'nope' }, 'customer_email', 'email_invalid'],
        [
          { ...sessionParams(), ...({ metdata: { jobId: JOB_ID } } as object) },
          'metdata',
          'parameter_unknown',
        ],
      ];
      for (const [params, param, code] of cases) {
        const error = await sdkError(stripe.checkout.sessions.create(params));
        expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
        expect({ param: error.param, code: error.code }).toEqual({ param, code });
      }
      expect(fake.sessions.size).toBe(0);
    });

    it('enforces the minimum charge amount of the currency', async () => {
      const error = await sdkError(
        stripe.checkout.sessions.create(
          sessionParams({
            line_items: [
              {
                quantity: 1,
                price_data: { currency: 'usd', unit_amount: 49, product_data: { name: 'x' } },
              },
            ],
          }),
        ),
      );
      expect(error.code).toBe('amount_too_small');
      expect(error.message).toContain('$0.50');
    });

    it('answers 404 resource_missing for an unknown session', async () => {
      const error = await sdkError(stripe.checkout.sessions.retrieve('cs_test_unknown'));
      expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(error.statusCode).toBe(404);
      expect(error.code).toBe('resource_missing');
      expect(error.message).toBe("No such checkout.session: 'cs_test_unknown'");
    });

    it('expands payment_intent and line_items on retrieve', async () => {
      const { session } = await paidSession();
      const expanded = await stripe.checkout.sessions.retrieve(session.id, {
        expand: ['payment_intent', 'line_items'],
      });
      const intent = expanded.payment_intent as Stripe.PaymentIntent;
      expect(intent.object).toBe('payment_intent');
      expect(intent.metadata).toEqual({ jobId: JOB_ID });
      expect(expanded.line_items?.data[0]?.amount_total).toBe(192);
      expect(fake.sessions.get(session.id)?.payment_intent).toBe(intent.id);
    });
  });

  describe('authentication and errors', () => {
    it('rejects an unknown key with StripeAuthenticationError', async () => {
      const badClient = new Stripe('sk_live_wrong', {
        ...stripeSdkOptionsFromUrl(fake.url),
        maxNetworkRetries: 0,
      });
      const error = await sdkError(badClient.checkout.sessions.create(sessionParams()));
      expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
      expect(error.statusCode).toBe(401);
      expect(error.message).toMatch(/^Invalid API Key provided: sk_live_/);
      expect(fake.sessions.size).toBe(0);
    });

    it('accepts only the configured key when apiKey is given, by Bearer or Basic auth', async () => {
      const strict = await startStripeFake({ apiKey: 'sk_test_only_this_one' });
      try {
        const good = createStripeClient(strict);
        expect((await good.checkout.sessions.create(sessionParams())).id).toMatch(/^cs_test_/);
        const other = new Stripe('sk_test_another', {
          ...stripeSdkOptionsFromUrl(strict.url),
          maxNetworkRetries: 0,
        });
        expect(await sdkError(other.checkout.sessions.create(sessionParams()))).toBeInstanceOf(
          Stripe.errors.StripeAuthenticationError,
        );

        const id = [...strict.sessions.keys()][0];
        const basic = Buffer.from('sk_test_only_this_one:').toString('base64');
        const response = await fetch(`${strict.url}/v1/checkout/sessions/${id}`, {
          headers: { Authorization: `Basic ${basic}` },
        });
        expect(response.status).toBe(200);
        expect(((await response.json()) as { id: string }).id).toBe(id);
      } finally {
        await strict.close();
      }
    });

    it('answers a missing key and unknown routes in Stripe error shape', async () => {
      const missing = await fetch(`${fake.url}/v1/checkout/sessions/cs_test_x`);
      expect(missing.status).toBe(401);
      const missingBody = (await missing.json()) as { error: { type: string; message: string } };
      expect(missingBody.error.type).toBe('invalid_request_error');
      expect(missingBody.error.message).toMatch(/You did not provide an API key/);

      const unknown = await fetch(`${fake.url}/v1/customers`, {
        headers: { Authorization: `Bearer ${fake.apiKey}` },
      });
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toEqual({
        error: {
          type: 'invalid_request_error',
          message: expect.stringContaining('Unrecognized request URL (GET: /v1/customers)'),
        },
      });
    });
  });

  describe('idempotency', () => {
    it('replays the stored response for the same key and parameters', async () => {
      const params = sessionParams();
      const first = await stripe.checkout.sessions.create(params, {
        idempotencyKey: `checkout-${JOB_ID}`,
      });
      const second = await stripe.checkout.sessions.create(params, {
        idempotencyKey: `checkout-${JOB_ID}`,
      });
      expect(second.id).toBe(first.id);
      expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
      expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
      expect(fake.sessions.size).toBe(1);
      expect(fake.count('POST', '/v1/checkout/sessions')).toBe(2);
      expect(
        fake.requests.map((request) => [request.idempotencyKey, request.replayed ?? false]),
      ).toEqual([
        [`checkout-${JOB_ID}`, false],
        [`checkout-${JOB_ID}`, true],
      ]);
    });

    it('rejects the same key with different parameters as an idempotency error', async () => {
      await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: 'key-1' });
      const error = await sdkError(
        stripe.checkout.sessions.create(sessionParams({ metadata: { jobId: 'another-job' } }), {
          idempotencyKey: 'key-1',
        }),
      );
      expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
      expect(error.statusCode).toBe(400);
      expect(error.rawType).toBe('idempotency_error');
      expect(error.message).toMatch(
        /^Keys for idempotent requests can only be used with the same parameters they were first used with\./,
      );
      expect(fake.sessions.size).toBe(1);
    });

    /** Creates one session through `client` while the first session POST meets `fault`. */
    const createDespite = async (client: Stripe, fault: InjectedFault['kind']) => {
      fake.injectFault({ method: 'POST', pathPrefix: '/v1/checkout/sessions', kind: fault });
      const session = await client.checkout.sessions.create(sessionParams());
      expect(fake.sessions.size).toBe(1);
      return { session, posts: fake.requests.filter((request) => request.method === 'POST') };
    };

    it('keys every SDK POST itself, so its retry after a lost response creates nothing twice', async () => {
      const { session, posts } = await createDespite(stripe, 'drop-response');
      expect(fake.sessions.has(session.id)).toBe(true);
      expect(posts).toHaveLength(2);
      expect(posts[0]?.idempotencyKey).toMatch(/^stripe-node-retry-/);
      expect(posts[1]?.idempotencyKey).toBe(posts[0]?.idempotencyKey);
      expect(posts.map((request) => request.status)).toEqual([0, 200]);
      expect(posts[1]?.replayed).toBe(true);
    });

    it('lets the SDK retry a 500 with the same key and succeed', async () => {
      const retrying = createStripeClient(fake, { maxNetworkRetries: 2 });
      const { session, posts } = await createDespite(retrying, 'server-error');
      expect(session.id).toMatch(/^cs_test_/);
      expect(posts.map((request) => request.status)).toEqual([500, 200]);
      expect(new Set(posts.map((request) => request.idempotencyKey)).size).toBe(1);
    });

    it('does not store parameter errors, so a corrected retry with the same key works', async () => {
      const bad = sessionParams({ expires_at: nowSeconds() + 60 });
      expect(
        await sdkError(stripe.checkout.sessions.create(bad, { idempotencyKey: 'fix-me' })),
      ).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      const good = await stripe.checkout.sessions.create(sessionParams(), {
        idempotencyKey: 'fix-me',
      });
      expect(good.id).toMatch(/^cs_test_/);
    });
  });

  describe('hosted checkout page', () => {
    it('shows the simulator banner, product and price formatted in a zero-decimal currency', async () => {
      const session = await stripe.checkout.sessions.create(
        sessionParams({
          customer_email: undefined,
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: 'jpy',
                unit_amount: 500,
                product_data: { name: 'Mt. Fuji — 8x', description: 'Huge <print>' },
              },
            },
          ],
        }),
      );
      const response = await fetch(session.url as string);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await response.text();
      expect(html).toContain(SIMULATOR_BANNER);
      expect(html).toContain('Local Stripe simulator — no real payment');
      expect(html).toContain('Mt. Fuji — 8x');
      expect(html).toContain('Huge &lt;print&gt;');
      expect(html).toContain('¥500');
      expect(html).not.toContain('¥5.00');
      expect(html).toMatch(/<input[^>]+name="email"/);
      expect(html).toContain(`href="${CANCEL_URL}"`);
      expect(html).toMatch(/<form method="post" action="\/checkout\/pay\/cs_test_\w+">/);
    });

    it('formats two-decimal currencies and omits the e-mail field when the session has one', async () => {
      const session = await stripe.checkout.sessions.create(sessionParams());
      const html = await (await fetch(session.url as string)).text();
      expect(html).toContain('$1.92');
      expect(html).not.toMatch(/<input[^>]+name="email"/);
      expect(html).toContain('buyer@example.com');
    });

    it('completes on POST and redirects 303 to success_url with the session id', async () => {
      const hooks = await withReceiver();
      const session = await stripe.checkout.sessions.create(
        sessionParams({ customer_email: undefined }),
      );
      const response = await fetch(session.url as string, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: 'visitor@example.org', outcome: 'paid' }).toString(),
      });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(
        `https://shop.example/thanks?session_id=${session.id}`,
      );

      const completed = await stripe.checkout.sessions.retrieve(session.id);
      expect(completed).toMatchObject({ status: 'complete', payment_status: 'paid', url: null });
      expect(completed.customer_details?.email).toBe('visitor@example.org');
      expect(completed.payment_intent).toMatch(/^pi_/);
      expect(eventsOf(hooks).map((event) => event.type)).toEqual(['checkout.session.completed']);
      expect(fake.count('POST', '/checkout/pay/')).toBe(1);
    });

    it('asks again for an invalid e-mail and refuses to pay a closed session', async () => {
      const session = await stripe.checkout.sessions.create(
        sessionParams({ customer_email: undefined }),
      );
      const form = {
        method: 'POST',
        redirect: 'manual' as const,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      };
      const invalid = await fetch(session.url as string, { ...form, body: 'email=not-an-email' });
      expect(invalid.status).toBe(400);
      expect(await invalid.text()).toContain('Enter a valid e-mail address');
      expect(fake.sessions.get(session.id)?.status).toBe('open');

      await stripe.checkout.sessions.expire(session.id);
      const page = await fetch(`${fake.url}/checkout/pay/${session.id}`);
      expect(await page.text()).toContain('This checkout session has expired');
      const again = await fetch(`${fake.url}/checkout/pay/${session.id}`, {
        ...form,
        body: 'email=a@b.co',
      });
      expect(again.status).toBe(409);
      expect(fake.sessions.get(session.id)?.status).toBe('expired');
    });

    it('takes a delayed (bank debit) payment through the form', async () => {
      const session = await stripe.checkout.sessions.create(sessionParams());
      const response = await fetch(session.url as string, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'outcome=async_pending',
      });
      expect(response.status).toBe(303);
      const read = await stripe.checkout.sessions.retrieve(session.id);
      expect(read).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
      expect(read.customer_details?.email).toBe('buyer@example.com');
    });
  });

  describe('completion and PaymentIntents', () => {
    it('creates a PaymentIntent carrying payment_intent_data.metadata and a charge', async () => {
      const { session, paymentIntentId } = await paidSession();
      expect(session.metadata).toEqual({ jobId: JOB_ID });
      const intent = await stripe.paymentIntents.retrieve(paymentIntentId);
      expect(intent).toMatchObject({
        object: 'payment_intent',
        amount: 192,
        amount_received: 192,
        currency: 'usd',
        status: 'succeeded',
        metadata: { jobId: JOB_ID },
      });
      expect(intent.latest_charge).toMatch(/^ch_/);
      expect(fake.charges.get(intent.latest_charge as string)).toMatchObject({
        amount: 192,
        amount_refunded: 0,
        refunded: false,
        paid: true,
      });
      expect(session.customer_details?.email).toBe('buyer@example.com');
    });

    it('refuses to complete a session twice or without any e-mail', async () => {
      const { session } = await paidSession();
      await expect(fake.completeSession(session.id)).rejects.toThrow(/complete/);
      const noEmail = await stripe.checkout.sessions.create(
        sessionParams({ customer_email: undefined }),
      );
      await expect(fake.completeSession(noEmail.id)).rejects.toThrow(/e-mail/);
      expect(fake.paymentIntents.size).toBe(1);
    });

    it('keeps events and serves them on GET /v1/events/:id', async () => {
      const { session } = await paidSession();
      expect(fake.events.map((event) => event.type)).toEqual(['checkout.session.completed']);
      const event = await stripe.events.retrieve(fake.events[0]!.id);
      expect(event).toMatchObject({
        object: 'event',
        type: 'checkout.session.completed',
        livemode: false,
        pending_webhooks: 1,
        api_version: Stripe.API_VERSION,
        request: { id: null, idempotency_key: null },
      });
      expect((event.data.object as Stripe.Checkout.Session).id).toBe(session.id);
      const listed = await stripe.events.list({ type: 'checkout.session.completed', limit: 5 });
      expect(listed.data.map((item) => item.id)).toEqual([event.id]);
    });
  });

  describe('webhooks', () => {
    it('delivers checkout.session.completed, verifiable by constructEvent, with Stripe headers', async () => {
      const hooks = await withReceiver();
      const session = await stripe.checkout.sessions.create(sessionParams());
      const event = await fake.completeSession(session.id);

      expect(hooks.received).toHaveLength(1);
      const [hook] = hooks.received;
      expect(hook?.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(hook?.headers['user-agent']).toBe(WEBHOOK_USER_AGENT);
      expect(hook?.headers['stripe-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      const verified = hook?.verified as Stripe.Event;
      expect(verified.id).toBe(event.id);
      expect(verified.type).toBe('checkout.session.completed');
      const object = verified.data.object as Stripe.Checkout.Session;
      expect(object).toMatchObject({
        id: session.id,
        payment_status: 'paid',
        status: 'complete',
        metadata: { jobId: JOB_ID },
      });
      expect(object.customer_details?.email).toBe('buyer@example.com');
      expect(fake.deliveries).toEqual([
        {
          eventId: event.id,
          type: 'checkout.session.completed',
          url: hooks.url,
          attempts: 1,
          statuses: [200],
          delivered: true,
        },
      ]);
    });

    it('signs so that a tampered body or a wrong secret fails verification', async () => {
      const hooks = await withReceiver();
      const session = await stripe.checkout.sessions.create(sessionParams());
      await fake.completeSession(session.id);
      const hook = hooks.received[0]!;
      const header = hook.headers['stripe-signature'] as string;
      const verifier = new Stripe('sk_test_verifier');

      expect(verifier.webhooks.constructEvent(hook.rawBody, header, fake.webhookSecret).type).toBe(
        'checkout.session.completed',
      );
      const tampered = hook.rawBody.replace('"amount_total": 192', '"amount_total": 1');
      expect(tampered).not.toBe(hook.rawBody);
      expect(() => verifier.webhooks.constructEvent(tampered, header, fake.webhookSecret)).toThrow(
        Stripe.errors.StripeSignatureVerificationError,
      );
      expect(() => verifier.webhooks.constructEvent(hook.rawBody, header, 'whsec_wrong')).toThrow(
        Stripe.errors.StripeSignatureVerificationError,
      );
    });

    it('signs like Stripe: v1 = HMAC-SHA256 of "t.payload" with the secret', () => {
      const payload = JSON.stringify({ id: 'evt_1', object: 'event' });
      const verifier = new Stripe('sk_test_verifier');
      const timestamp = nowSeconds();
      const expected = verifier.webhooks.generateTestHeaderString({
        payload,
        secret: fake.webhookSecret,
        timestamp,
      });
      expect(fake.sign(payload, { timestamp })).toBe(expected);
      expect(fake.sign(payload, { timestamp, secret: 'whsec_other' })).not.toBe(expected);
    });

    it('makes constructEvent reject a signature older than its 300 s tolerance', async () => {
      const hooks = await withReceiver();
      const event = fake.buildEvent('checkout.session.completed', {
        id: 'cs_test_old',
        object: 'checkout.session',
      });
      const stale = await fake.deliver(event, { timestamp: nowSeconds() - 301 });
      expect(stale.status).toBe(400);
      expect(hooks.received[0]?.verified).toBe('Timestamp outside the tolerance zone');

      const fresh = await fake.deliver(event, { timestamp: nowSeconds() - 200 });
      expect(fresh).toEqual({ status: 200, attempts: 1 });
      expect((hooks.received.at(-1)?.verified as Stripe.Event).id).toBe(event.id);
    });

    it('retries a failing endpoint: 500 twice then 200 is three attempts', async () => {
      const hooks = await withReceiver((attempt) => (attempt <= 2 ? 500 : 200));
      const session = await stripe.checkout.sessions.create(sessionParams());
      const event = await fake.completeSession(session.id);
      expect(hooks.received).toHaveLength(3);
      expect(eventsOf(hooks).map((received) => received.id)).toEqual([
        event.id,
        event.id,
        event.id,
      ]);
      expect(fake.deliveries[0]).toMatchObject({
        eventId: event.id,
        attempts: 3,
        statuses: [500, 500, 200],
        delivered: true,
      });
    });

    it('gives up after the configured retries and records network errors as status 0', async () => {
      const hooks = await withReceiver(() => 503);
      const event = fake.buildEvent('checkout.session.expired', {
        id: 'cs_test_x',
        object: 'checkout.session',
      });
      expect(await fake.deliver(event)).toEqual({ status: 503, attempts: 1 + FAST_RETRIES.length });
      expect(hooks.received).toHaveLength(3);
      expect(fake.deliveries[0]?.delivered).toBe(false);

      await hooks.close();
      receiver = undefined;
      expect(await fake.deliver(event)).toEqual({ status: 0, attempts: 3 });
      expect(fake.deliveries[1]?.statuses).toEqual([0, 0, 0]);
    });

    it('does not deliver without a webhook URL but still records the event', async () => {
      const session = await stripe.checkout.sessions.create(sessionParams());
      await fake.completeSession(session.id);
      expect(fake.deliveries).toHaveLength(0);
      expect(fake.events).toHaveLength(1);
      await expect(fake.deliver(fake.events[0]!)).rejects.toThrow(/No webhook URL/);
    });
  });

  describe('refunds', () => {
    it('refunds in full, then answers charge_already_refunded', async () => {
      const hooks = await withReceiver();
      const { paymentIntentId } = await paidSession();
      const refund = await stripe.refunds.create(
        {
          payment_intent: paymentIntentId,
          reason: 'requested_by_customer',
          metadata: { jobId: JOB_ID },
        },
        { idempotencyKey: `refund-${JOB_ID}` },
      );
      expect(refund).toMatchObject({
        object: 'refund',
        amount: 192,
        currency: 'usd',
        payment_intent: paymentIntentId,
        status: 'succeeded',
        reason: 'requested_by_customer',
        metadata: { jobId: JOB_ID },
      });
      expect(refund.id).toMatch(/^re_/);
      expect((await stripe.refunds.retrieve(refund.id)).amount).toBe(192);

      const again = await sdkError(stripe.refunds.create({ payment_intent: paymentIntentId }));
      expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(again.code).toBe('charge_already_refunded');

      const replay = await stripe.refunds.create(
        {
          payment_intent: paymentIntentId,
          reason: 'requested_by_customer',
          metadata: { jobId: JOB_ID },
        },
        { idempotencyKey: `refund-${JOB_ID}` },
      );
      expect(replay.id).toBe(refund.id);
      expect(fake.refunds.size).toBe(1);

      await fake.waitForDeliveries();
      const refunded = eventsOf(hooks).filter((event) => event.type === 'charge.refunded');
      expect(refunded).toHaveLength(1);
      const charge = refunded[0]?.data.object as Stripe.Charge;
      expect(charge).toMatchObject({
        object: 'charge',
        amount: 192,
        amount_refunded: 192,
        refunded: true,
        payment_intent: paymentIntentId,
      });
      expect(charge.metadata).toEqual({ jobId: JOB_ID });
      expect(refunded[0]?.request).toEqual({
        id: expect.stringMatching(/^req_/),
        idempotency_key: `refund-${JOB_ID}`,
      });
    });

    it('refunds partially, then the rest, and rejects more than remains', async () => {
      const hooks = await withReceiver();
      const { paymentIntentId } = await paidSession();
      const part = await stripe.refunds.create({ payment_intent: paymentIntentId, amount: 100 });
      expect(part.amount).toBe(100);

      const tooMuch = await sdkError(
        stripe.refunds.create({ payment_intent: paymentIntentId, amount: 93 }),
      );
      expect(tooMuch.code).toBe('amount_too_large');
      expect(tooMuch.param).toBe('amount');

      const rest = await stripe.refunds.create({ payment_intent: paymentIntentId });
      expect(rest.amount).toBe(92);
      const chargeId = (await stripe.paymentIntents.retrieve(paymentIntentId))
        .latest_charge as string;
      expect(fake.charges.get(chargeId)).toMatchObject({ amount_refunded: 192, refunded: true });
      expect(
        (await sdkError(stripe.refunds.create({ payment_intent: paymentIntentId, amount: 1 })))
          .code,
      ).toBe('charge_already_refunded');

      await fake.waitForDeliveries();
      const charges = eventsOf(hooks)
        .filter((event) => event.type === 'charge.refunded')
        .map((event) => event.data.object as Charge);
      expect(charges.map((charge) => [charge.amount_refunded, charge.refunded])).toEqual([
        [100, false],
        [192, true],
      ]);
    });

    it('rejects refunds of unknown or unpaid PaymentIntents', async () => {
      const unknown = await sdkError(stripe.refunds.create({ payment_intent: 'pi_unknown' }));
      expect(unknown.statusCode).toBe(404);
      expect(unknown.code).toBe('resource_missing');
      expect(unknown.param).toBe('payment_intent');

      const session = await stripe.checkout.sessions.create(sessionParams());
      await fake.completeSession(session.id, { paymentStatus: 'unpaid' });
      const pending = await sdkError(
        stripe.refunds.create({ payment_intent: fake.sessions.get(session.id)!.payment_intent! }),
      );
      expect(pending).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(pending.message).toMatch(/does not have a successful charge to refund/);
      expect(fake.refunds.size).toBe(0);
    });

    it('delivers charge.refunded for a refund made outside the API (dashboard)', async () => {
      const hooks = await withReceiver();
      const { paymentIntentId } = await paidSession();
      const { refund } = await fake.refund(paymentIntentId, 50);
      expect(refund.amount).toBe(50);
      const event = eventsOf(hooks).find((received) => received.type === 'charge.refunded');
      expect((event?.data.object as Charge).amount_refunded).toBe(50);
      expect(event?.data.previous_attributes).toEqual({ amount_refunded: 0, refunded: false });
    });
  });

  describe('refund failures and the refund list', () => {
    it('lists refunds newest first, by payment intent', async () => {
      const { paymentIntentId } = await paidSession();
      const first = await stripe.refunds.create({ payment_intent: paymentIntentId, amount: 10 });
      const second = await stripe.refunds.create({ payment_intent: paymentIntentId, amount: 20 });
      await paidSession();
      const listed = await stripe.refunds.list({ payment_intent: paymentIntentId, limit: 100 });
      expect(listed.data.map((refund) => refund.id)).toEqual([second.id, first.id]);
      const one = await stripe.refunds.list({ payment_intent: paymentIntentId, limit: 1 });
      expect(one.has_more).toBe(true);
    });

    it('fails a succeeded refund: the charge gets the amount back, refund.failed is delivered', async () => {
      const hooks = await withReceiver();
      const { paymentIntentId } = await paidSession();
      const refund = await stripe.refunds.create({ payment_intent: paymentIntentId });
      const event = await fake.failRefund(refund.id, 'expired_or_canceled_card');
      expect(event.type).toBe('refund.failed');
      const failed = await stripe.refunds.retrieve(refund.id);
      expect(failed).toMatchObject({
        status: 'failed',
        failure_reason: 'expired_or_canceled_card',
      });
      expect(fake.charges.get(failed.charge as string)).toMatchObject({
        amount_refunded: 0,
        refunded: false,
      });
      await fake.waitForDeliveries();
      expect(eventsOf(hooks).map((received) => received.type)).toEqual([
        'checkout.session.completed',
        'charge.refunded',
        'charge.refund.updated',
        'refund.failed',
      ]);
      // the payment can be refunded again, by a new refund
      const again = await stripe.refunds.create({ payment_intent: paymentIntentId });
      expect(again.id).not.toBe(refund.id);
      await expect(fake.failRefund(refund.id)).rejects.toThrow(/only a succeeded refund/);
    });
  });

  describe('disputes and early fraud warnings', () => {
    it('opens a chargeback: events, funds withdrawn, the charge cannot be refunded', async () => {
      const hooks = await withReceiver();
      const { paymentIntentId } = await paidSession();
      const dispute = await fake.openDispute(paymentIntentId, { reason: 'fraudulent' });
      expect(dispute).toMatchObject({
        object: 'dispute',
        amount: 192,
        payment_intent: paymentIntentId,
        status: 'needs_response',
        is_charge_refundable: false,
      });
      expect(fake.charges.get(dispute.charge)?.disputed).toBe(true);
      const refused = await sdkError(stripe.refunds.create({ payment_intent: paymentIntentId }));
      expect(refused.code).toBe('charge_disputed');
      expect(eventsOf(hooks).map((event) => event.type)).toEqual([
        'checkout.session.completed',
        'charge.dispute.created',
        'charge.dispute.funds_withdrawn',
      ]);
      const lost = await fake.closeDispute(dispute.id, 'lost');
      expect(lost.status).toBe('lost');
      expect(
        (await sdkError(stripe.refunds.create({ payment_intent: paymentIntentId }))).code,
      ).toBe('charge_disputed');
      const closed = eventsOf(hooks).at(-1);
      expect(closed?.type).toBe('charge.dispute.closed');
      expect((closed?.data.object as Stripe.Dispute).status).toBe('lost');
      await expect(fake.closeDispute(dispute.id, 'won')).rejects.toThrow(/already closed/);
    });

    it('closes a won chargeback with funds reinstated, and an inquiry as warning_closed', async () => {
      const hooks = await withReceiver();
      const { paymentIntentId } = await paidSession();
      const dispute = await fake.openDispute(paymentIntentId);
      await fake.closeDispute(dispute.id, 'won');
      expect(
        eventsOf(hooks)
          .slice(-2)
          .map((event) => event.type),
      ).toEqual(['charge.dispute.closed', 'charge.dispute.funds_reinstated']);
      const other = await paidSession();
      const inquiry = await fake.openDispute(other.paymentIntentId, { inquiry: true });
      expect(inquiry).toMatchObject({
        status: 'warning_needs_response',
        is_charge_refundable: true,
      });
      expect((await fake.closeDispute(inquiry.id, 'won')).status).toBe('warning_closed');
    });

    it('delivers radar.early_fraud_warning.created, actionable while the charge stands', async () => {
      const hooks = await withReceiver();
      const { paymentIntentId } = await paidSession();
      const warning = await fake.earlyFraudWarning(paymentIntentId);
      expect(warning).toMatchObject({
        object: 'radar.early_fraud_warning',
        actionable: true,
        fraud_type: 'unauthorized_use_of_card',
        payment_intent: paymentIntentId,
      });
      expect(eventsOf(hooks).at(-1)?.type).toBe('radar.early_fraud_warning.created');
      await stripe.refunds.create({ payment_intent: paymentIntentId });
      expect((await fake.earlyFraudWarning(paymentIntentId)).actionable).toBe(false);
    });
  });

  describe('expiry', () => {
    it('expires an open session through the API and delivers checkout.session.expired', async () => {
      const hooks = await withReceiver();
      const session = await stripe.checkout.sessions.create(sessionParams());
      const expired = await stripe.checkout.sessions.expire(session.id);
      expect(expired).toMatchObject({
        id: session.id,
        status: 'expired',
        url: null,
        payment_status: 'unpaid',
      });

      await fake.waitForDeliveries();
      const events = eventsOf(hooks);
      expect(events.map((event) => event.type)).toEqual(['checkout.session.expired']);
      expect((events[0]?.data.object as Stripe.Checkout.Session).metadata).toEqual({
        jobId: JOB_ID,
      });

      const again = await sdkError(stripe.checkout.sessions.expire(session.id));
      expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(again.message).toMatch(
        /Only Checkout Sessions with a status in \["open"\] can be expired/,
      );
      await expect(fake.completeSession(session.id)).rejects.toThrow(/expired/);
    });

    it('expires through the control API and refuses completed sessions', async () => {
      const hooks = await withReceiver();
      const open = await stripe.checkout.sessions.create(sessionParams());
      const event = await fake.expireSession(open.id);
      expect(event.type).toBe('checkout.session.expired');
      expect(eventsOf(hooks).map((received) => received.id)).toEqual([event.id]);

      const { session } = await paidSession();
      await expect(fake.expireSession(session.id)).rejects.toThrow(/status of `complete`/);
    });
  });

  describe('asynchronous payments', () => {
    it('completes unpaid, then delivers checkout.session.async_payment_succeeded', async () => {
      const hooks = await withReceiver();
      const session = await stripe.checkout.sessions.create(sessionParams());
      await fake.completeSession(session.id, { paymentStatus: 'unpaid' });
      const pending = await stripe.checkout.sessions.retrieve(session.id);
      expect(pending).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
      const intentId = pending.payment_intent as string;
      expect((await stripe.paymentIntents.retrieve(intentId)).status).toBe('processing');

      await fake.asyncPaymentSucceeded(session.id);
      const events = eventsOf(hooks);
      expect(events.map((event) => event.type)).toEqual([
        'checkout.session.completed',
        'checkout.session.async_payment_succeeded',
      ]);
      expect((events[0]?.data.object as Stripe.Checkout.Session).payment_status).toBe('unpaid');
      expect((events[1]?.data.object as Stripe.Checkout.Session).payment_status).toBe('paid');
      const intent = await stripe.paymentIntents.retrieve(intentId);
      expect(intent).toMatchObject({
        status: 'succeeded',
        amount_received: 192,
        metadata: { jobId: JOB_ID },
      });
      await expect(fake.asyncPaymentSucceeded(session.id)).rejects.toThrow(
        /no pending asynchronous payment/,
      );
    });

    it('delivers checkout.session.async_payment_failed when the debit fails', async () => {
      const hooks = await withReceiver();
      const session = await stripe.checkout.sessions.create(sessionParams());
      await fake.completeSession(session.id, { paymentStatus: 'unpaid' });
      const event: StripeEvent = await fake.asyncPaymentFailed(session.id);
      expect(event.type).toBe('checkout.session.async_payment_failed');
      expect(eventsOf(hooks).at(-1)?.id).toBe(event.id);
      const intent = await stripe.paymentIntents.retrieve(
        fake.sessions.get(session.id)!.payment_intent!,
      );
      expect(intent.status).toBe('requires_payment_method');
      expect(intent.amount_received).toBe(0);
    });
  });
});

describe('Stripe fake CLI', () => {
  it('prints its URL and secret as one JSON line, serves the SDK and stops on SIGTERM', async () => {
    const code = await withCli<{ url: string; webhookSecret: string }>(
      'stripe/cli.ts',
      { STRIPE_FAKE_PORT: '0', STRIPE_FAKE_WEBHOOK_SECRET: 'whsec_cli_test' },
      async (info) => {
        expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(info.webhookSecret).toBe('whsec_cli_test');
        const client = new Stripe('sk_test_cli', {
          ...stripeSdkOptionsFromUrl(info.url),
          maxNetworkRetries: 0,
        });
        const session = await client.checkout.sessions.create(sessionParams());
        expect(session.url).toBe(`${info.url}/checkout/pay/${session.id}`);
      },
    );
    expect(code).toBe(0);
  }, 30_000);
});
