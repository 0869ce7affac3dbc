/**
 * A local, protocol-faithful stand-in for the parts of the Stripe API the plugin uses
 * (Checkout Sessions, PaymentIntents, refunds, events, signed webhooks, idempotency),
 * plus a hosted payment page labelled as a simulator. The official `stripe` SDK talks
 * to it through `{ host, port, protocol }` (see `stripeSdkOptionsFromUrl`).
 */
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { createApiRoutes } from './api';
import { closeDispute, earlyFraudWarning, openDispute } from './disputes';
import { IdempotencyStore } from './idempotency';
import { newId } from './ids';
import { StripeLedger } from './ledger';
import { webhookEndpointRoutes, type WebhookEndpointStore } from './webhook-endpoints';
import { createFakeServer } from './server';
import type {
  CompleteSessionOptions,
  InjectedFault,
  RecordedRequest,
  StripeEvent,
  StripeFake,
  StripeFakeOptions,
} from './types';
import { WebhookDispatcher } from './webhooks';

export type * from './types';
export { formatAmount, minorUnitsPerMajor, ZERO_DECIMAL_CURRENCIES } from './currency';
export { SIMULATOR_BANNER } from './checkout-page';
export { TEST_FX_PER_USD, TEST_TAX_RATES, DEFAULT_BILLING_COUNTRY } from './commerce';
export { signatureHeader, serializeEvent, WEBHOOK_USER_AGENT } from './webhooks';

export interface StripeSdkConnection {
  host: string;
  port: number;
  protocol: 'http' | 'https';
}

/**
 * `http://127.0.0.1:12111` → `{ host: '127.0.0.1', port: 12111, protocol: 'http' }`, the
 * options the Stripe SDK takes to talk to a Stripe-compatible API (`SMI_STRIPE_API_URL`).
 */
export function stripeSdkOptionsFromUrl(url: string): StripeSdkConnection {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Not a valid Stripe API URL: ${url}`);
  }
  const protocol = parsed.protocol.replace(/:$/, '');
  if (protocol !== 'http' && protocol !== 'https')
    throw new Error(`Stripe API URL must be http or https: ${url}`);
  if (parsed.pathname !== '/' && parsed.pathname !== '') {
    throw new Error(`Stripe API URL cannot have a path (the SDK adds /v1/…): ${url}`);
  }
  const port = parsed.port ? Number(parsed.port) : protocol === 'https' ? 443 : 80;
  return { host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port, protocol };
}

/** An SDK instance configured for the fake. */
export function createStripeClient(
  fake: Pick<StripeFake, 'url' | 'apiKey'>,
  config: Omit<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> = {},
): Stripe {
  return new Stripe(fake.apiKey, { ...config, ...stripeSdkOptionsFromUrl(fake.url) });
}

export async function startStripeFake(options: StripeFakeOptions = {}): Promise<StripeFake> {
  const host = options.host ?? '127.0.0.1';
  const apiVersion = options.apiVersion ?? Stripe.API_VERSION;
  let baseUrl = '';
  const ledger = new StripeLedger(
    apiVersion,
    (id) => `${baseUrl}/checkout/pay/${id}`,
    () => baseUrl,
  );
  const dispatcher = new WebhookDispatcher({
    url: options.webhookUrl ?? null,
    secret: options.webhookSecret ?? newId.webhookSecret(),
    retryDelaysMs: options.retryDelaysMs,
    timeoutMs: options.webhookTimeoutMs,
  });
  const requests: RecordedRequest[] = [];
  const faults: InjectedFault[] = [];

  /** Applies a state change and delivers its event to the endpoint, if one is set. */
  const deliverAfter = async (change: () => StripeEvent): Promise<StripeEvent> => {
    const event = change();
    await dispatcher.deliverIfConfigured(event);
    return event;
  };
  /** Delivers events one after the other, in the order Stripe sent them. */
  const deliverAll = async (events: StripeEvent[]): Promise<void> => {
    for (const event of events) await dispatcher.deliverIfConfigured(event);
  };
  const completeSession = (id: string, opts?: CompleteSessionOptions) =>
    deliverAfter(() => ledger.completeSession(id, opts));

  const webhookEndpoints: WebhookEndpointStore = { endpoints: new Map(), secrets: new Map() };
  const server = createFakeServer({
    routes: [...createApiRoutes(ledger), ...webhookEndpointRoutes(webhookEndpoints)],
    hostedCheckout: { ledger, complete: completeSession },
    idempotency: new IdempotencyStore(),
    requests,
    faults,
    apiVersion,
    apiKey: options.apiKey,
    onEvents: (events) => events.forEach((event) => dispatcher.deliverInBackground(event)),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closed: Promise<void> | undefined;

  const fake: StripeFake = {
    url: baseUrl,
    port,
    apiKey: options.apiKey ?? 'sk_test_StripeFake00000000000000000000',
    get webhookSecret() {
      return dispatcher.secret;
    },
    get webhookUrl() {
      return dispatcher.url;
    },
    requests,
    count: (method, pathPrefix) =>
      requests.filter(
        (request) => request.method === method.toUpperCase() && request.path.startsWith(pathPrefix),
      ).length,
    sessions: ledger.sessions,
    paymentIntents: ledger.paymentIntents,
    charges: ledger.charges,
    refunds: ledger.refunds,
    events: ledger.events,
    coupons: ledger.commerce.coupons,
    promotionCodes: ledger.commerce.promotionCodes,
    invoices: ledger.commerce.invoices,
    setTaxStatus: (status) => ledger.commerce.setTaxStatus(status),
    webhookEndpoints: webhookEndpoints.endpoints,
    webhookEndpointSecrets: webhookEndpoints.secrets,
    deliveries: dispatcher.deliveries,
    setWebhook(url, secret) {
      dispatcher.url = url;
      if (secret !== undefined) dispatcher.secret = secret;
    },
    lineItems: (sessionId) => ledger.lineItems(sessionId),
    productOf: (lineItem) => ledger.productOf(lineItem),
    completeSession,
    asyncPaymentSucceeded: (id) => deliverAfter(() => ledger.asyncPaymentSucceeded(id)),
    asyncPaymentFailed: (id) => deliverAfter(() => ledger.asyncPaymentFailed(id)),
    expireSession: (id) => deliverAfter(() => ledger.expireSession(id)),
    async refund(paymentIntentId, amount) {
      const result = ledger.createRefund({ paymentIntent: paymentIntentId, amount, metadata: {} });
      await dispatcher.deliverIfConfigured(result.event);
      return result;
    },
    async failRefund(refundId, failureReason) {
      const events = ledger.failRefund(refundId, failureReason);
      await deliverAll(events);
      return events[events.length - 1] as StripeEvent;
    },
    disputes: ledger.disputes,
    earlyFraudWarnings: ledger.earlyFraudWarnings,
    async openDispute(paymentIntentId, opts) {
      const { dispute, events } = openDispute(ledger, paymentIntentId, opts);
      await deliverAll(events);
      return dispute;
    },
    async closeDispute(disputeId, outcome) {
      const { dispute, events } = closeDispute(ledger, disputeId, outcome);
      await deliverAll(events);
      return dispute;
    },
    async earlyFraudWarning(paymentIntentId, fraudType) {
      const { warning, events } = earlyFraudWarning(ledger, paymentIntentId, fraudType);
      await deliverAll(events);
      return warning;
    },
    buildEvent: (type, object, previousAttributes) =>
      ledger.buildEvent(type, object, previousAttributes),
    sign: (payload, opts) => dispatcher.sign(payload, opts),
    deliver: (event, opts) => dispatcher.deliver(event, opts),
    waitForDeliveries: () => dispatcher.waitForIdle(),
    injectFault(fault) {
      faults.push({ ...fault });
    },
    resetLog() {
      requests.length = 0;
      dispatcher.deliveries.length = 0;
      faults.length = 0;
    },
    close() {
      closed ??= (async () => {
        await dispatcher.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closed;
    },
  };
  return fake;
}
