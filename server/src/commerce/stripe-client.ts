import Stripe from 'stripe';
import { version } from '../../../package.json';
import type { StripeMode } from '../../../shared/contracts/settings-routes';
import { readEnvironment } from '../settings/environment';

/** `http://127.0.0.1:12111` → the SDK's `{ host, port, protocol }` (SMI_STRIPE_API_URL). */
export function stripeConnectionFromUrl(url: string): {
  host: string;
  port: number;
  protocol: 'http' | 'https';
} {
  const parsed = new URL(url);
  const protocol = parsed.protocol === 'http:' ? 'http' : 'https';
  return {
    host: parsed.hostname,
    port: Number(parsed.port || (protocol === 'http' ? 80 : 443)),
    protocol,
  };
}

/** Live or test, read from the key's prefix (`sk_live_…`, `rk_test_…`) as Stripe defines it. */
export function stripeModeOf(secretKey: string): StripeMode {
  return /^(sk|rk)_live_/.test(secretKey) ? 'live' : 'test';
}

const clients = new Map<string, Stripe>();

/** One SDK instance per key and API URL. */
export function stripeClient(secretKey: string): Stripe {
  const apiUrl = readEnvironment().stripeApiUrl;
  const cacheKey = `${secretKey}|${apiUrl ?? ''}`;
  let client = clients.get(cacheKey);
  if (!client) {
    client = new Stripe(secretKey, {
      maxNetworkRetries: 2,
      timeout: 20_000,
      appInfo: { name: 'strapi-plugin-sell-my-images', version },
      ...(apiUrl ? stripeConnectionFromUrl(apiUrl) : {}),
    });
    clients.set(cacheKey, client);
  }
  return client;
}
