/**
 * Webhook signing and delivery as Stripe does it: the body is the event as pretty JSON,
 * `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with
 * the whole endpoint secret>`, and a delivery is retried (freshly signed) while the
 * endpoint answers non-2xx or cannot be reached, a bounded number of times.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { nowSeconds } from './ids';
import type { DeliverOptions, Delivery, DeliveryResult, StripeEvent } from './types';

export const WEBHOOK_USER_AGENT = 'Stripe/1.0 (+https://stripe.com/docs/webhooks)';
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [200, 1000, 3000];
const DEFAULT_TIMEOUT_MS = 10_000;
/** Upper bound on retries and on each wait, so no delivery can run unbounded. */
const MAX_RETRIES = 20;
const MAX_DELAY_MS = 10 * 60 * 1000;

export function computeSignature(payload: string, secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
}

/** The `Stripe-Signature` header value for `payload`. */
export function signatureHeader(
  payload: string,
  secret: string,
  timestamp: number = nowSeconds(),
): string {
  return `t=${timestamp},v1=${computeSignature(payload, secret, timestamp)}`;
}

/** The exact body Stripe posts for an event. */
export function serializeEvent(event: StripeEvent): string {
  return JSON.stringify(event, null, 2);
}

export interface WebhookDispatcherOptions {
  url: string | null;
  secret: string;
  retryDelaysMs?: readonly number[];
  timeoutMs?: number;
}

export class WebhookDispatcher {
  url: string | null;
  secret: string;
  readonly deliveries: Delivery[] = [];
  private readonly retryDelaysMs: readonly number[];
  private readonly timeoutMs: number;
  private readonly inFlight = new Set<Promise<DeliveryResult>>();
  private readonly pendingWaits = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private readonly openRequests = new Set<http.ClientRequest>();
  private closed = false;

  constructor(options: WebhookDispatcherOptions) {
    this.url = options.url;
    this.secret = options.secret;
    const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    if (
      delays.length > MAX_RETRIES ||
      delays.some((ms) => !Number.isFinite(ms) || ms < 0 || ms > MAX_DELAY_MS)
    ) {
      throw new Error(`retryDelaysMs: at most ${MAX_RETRIES} waits of 0..${MAX_DELAY_MS} ms`);
    }
    this.retryDelaysMs = [...delays];
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  sign(payload: string, options: { timestamp?: number; secret?: string } = {}): string {
    return signatureHeader(
      payload,
      options.secret ?? this.secret,
      options.timestamp ?? nowSeconds(),
    );
  }

  /** Delivers to the configured endpoint (with retries); rejects when none is set. */
  deliver(event: StripeEvent, options: DeliverOptions = {}): Promise<DeliveryResult> {
    const url = this.url;
    if (!url)
      return Promise.reject(
        new Error('No webhook URL is set on the Stripe fake (setWebhook(url) first).'),
      );
    const delivery: Delivery = {
      eventId: event.id,
      type: event.type,
      url,
      attempts: 0,
      statuses: [],
      delivered: false,
    };
    this.deliveries.push(delivery);
    const running = this.run(url, event, delivery, options);
    this.inFlight.add(running);
    void running.finally(() => this.inFlight.delete(running));
    return running;
  }

  /** Delivers when an endpoint is set; resolves to undefined otherwise. */
  async deliverIfConfigured(event: StripeEvent): Promise<DeliveryResult | undefined> {
    return this.url ? this.deliver(event) : undefined;
  }

  /** Starts a delivery without waiting for it (as Stripe does after an API request). */
  deliverInBackground(event: StripeEvent): void {
    if (this.url) void this.deliver(event);
  }

  async waitForIdle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Stops retries and aborts requests in flight; pending deliveries resolve as failed. */
  async close(): Promise<void> {
    this.closed = true;
    for (const wait of this.pendingWaits) {
      clearTimeout(wait.timer);
      wait.resolve();
    }
    this.pendingWaits.clear();
    for (const request of this.openRequests) request.destroy(new Error('Stripe fake closed'));
    await this.waitForIdle();
  }

  private async run(
    url: string,
    event: StripeEvent,
    delivery: Delivery,
    options: DeliverOptions,
  ): Promise<DeliveryResult> {
    const payload = serializeEvent(event);
    let status = 0;
    for (let attempt = 0; attempt <= this.retryDelaysMs.length && !this.closed; attempt += 1) {
      if (attempt > 0) await this.wait(this.retryDelaysMs[attempt - 1] ?? 0);
      if (this.closed) break;
      const signature = options.signature ?? this.sign(payload, { timestamp: options.timestamp });
      status = await this.post(url, payload, signature);
      delivery.attempts += 1;
      delivery.statuses.push(status);
      if (status >= 200 && status < 300) {
        delivery.delivered = true;
        break;
      }
    }
    return { status, attempts: delivery.attempts };
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.pendingWaits.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.pendingWaits.add(entry);
    });
  }

  /** One POST; resolves to the HTTP status, or 0 on a network error or timeout. */
  private post(url: string, payload: string, signature: string): Promise<number> {
    return new Promise((resolve) => {
      const target = new URL(url);
      const client = target.protocol === 'https:' ? https : http;
      const request = client.request(
        target,
        {
          method: 'POST',
          agent: false,
          timeout: this.timeoutMs,
          headers: {
            'Content-Type': 'application/json; charset=utf-8',
            'Content-Length': Buffer.byteLength(payload),
            'Stripe-Signature': signature,
            'User-Agent': WEBHOOK_USER_AGENT,
            Accept: '*/*; q=0.5, application/xml',
            'Cache-Control': 'no-cache',
            Connection: 'close',
          },
        },
        (response) => {
          response.resume();
          response.on('end', () => finish(response.statusCode ?? 0));
          response.on('error', () => finish(response.statusCode ?? 0));
        },
      );
      const finish = (status: number) => {
        this.openRequests.delete(request);
        resolve(status);
      };
      this.openRequests.add(request);
      request.on('timeout', () => request.destroy(new Error('webhook delivery timed out')));
      request.on('error', () => finish(0));
      request.end(payload);
    });
  }
}
