/**
 * The settings page's "Set up webhook" button (README "The Stripe webhook",
 * docs/architecture.md "Money rules"): creates, or updates, the Stripe webhook endpoint
 * at the site's public URL, subscribed to exactly the events the handler acts on, and
 * stores its signing secret encrypted like a typed one. The endpoint id is kept in the
 * plugin store so a second click updates the same endpoint. The secret never leaves
 * this module except into the settings.
 */
import net from 'node:net';
import type { Core } from '@strapi/strapi';
import Stripe from 'stripe';
import {
  STRIPE_WEBHOOK_EVENTS,
  stripeListenCommand,
  type StripeWebhookNotPublic,
  type StripeWebhookSetupAnswer,
  type StripeWebhookEvent,
  type StripeWebhookStatus,
} from '../../../shared/contracts/stripe-webhook';
import { PLUGIN_ID } from '../plugin-id';
import { ENV_OVERRIDES, type SettingsService } from '../settings/settings';
import { publicApiUrl } from '../settings/urls';
import { isForbiddenAddress, isLoopbackHostname } from '../upscalers/address-policy';
import { httpError } from '../utils/errors';
import { stripeFailure } from './connection-tests';
import { stripeClient } from './stripe-client';
import { STRIPE_EVENT_UID } from './stripe-events';

const STORE_KEY = 'stripe-webhook-endpoint';
const DESCRIPTION = 'Sell My Images (Strapi plugin)';
/** Names only a local network resolves (mDNS, private-use suffixes). */
const PRIVATE_SUFFIXES = ['.local', '.localdomain', '.internal', '.lan', '.home.arpa'];

/**
 * Whether Stripe can deliver to `url`: https on a public host name or address. Loopback,
 * private and link-local addresses, a single-label host and private-use suffixes are not.
 */
export function isPublicWebhookUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:') return false;
  const host = parsed.hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (isLoopbackHostname(host)) return false;
  if (net.isIP(host) !== 0) return !isForbiddenAddress(host);
  if (!host.includes('.')) return false;
  return !PRIVATE_SUFFIXES.some((suffix) => host.endsWith(suffix));
}

const isStripeError = (error: unknown): boolean => error instanceof Stripe.errors.StripeError;

interface StoredEndpoint {
  id: string;
}

const events = (): StripeWebhookEvent[] => [...STRIPE_WEBHOOK_EVENTS];

export function createStripeWebhookSetup(
  strapi: Core.Strapi,
  { settings }: { settings: SettingsService },
) {
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: STORE_KEY });
  const webhookUrl = () => publicApiUrl(strapi, '/webhooks/stripe');
  const readStored = async () => ((await store().get({})) as StoredEndpoint | null) ?? null;

  async function client(): Promise<Stripe> {
    const { stripeSecretKey } = await settings.get({ fresh: true });
    if (!stripeSecretKey) {
      throw httpError(400, 'Save a Stripe secret key before setting up the webhook');
    }
    return stripeClient(stripeSecretKey);
  }

  /** A Stripe failure in our own words (Stripe's quote the key): 400 for the key, else 502. */
  async function asking<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!isStripeError(error)) throw error;
      const failure = stripeFailure(error);
      const keyProblem = failure.code === 'invalid_key' || failure.code === 'permission_denied';
      throw httpError(keyProblem ? 400 : 502, failure.message, { code: failure.code });
    }
  }

  /** The stored endpoint if Stripe still has it, else one at the same URL, else none. */
  async function existing(stripe: Stripe, url: string): Promise<Stripe.WebhookEndpoint | null> {
    const stored = await readStored();
    if (stored?.id) {
      try {
        return await stripe.webhookEndpoints.retrieve(stored.id);
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode !== 404) throw error;
      }
    }
    const list = await stripe.webhookEndpoints.list({ limit: 100 });
    return list.data.find((endpoint) => endpoint.url === url) ?? null;
  }

  async function lastVerifiedEventAt(): Promise<string | null> {
    const row = (await strapi.db.query(STRIPE_EVENT_UID).findOne({
      select: ['receivedAt'],
      orderBy: { receivedAt: 'desc' },
    })) as { receivedAt: string | Date } | null;
    return row ? new Date(row.receivedAt).toISOString() : null;
  }

  return {
    async setup(actor: string): Promise<StripeWebhookSetupAnswer> {
      const stripe = await client();
      const url = webhookUrl();
      if (!isPublicWebhookUrl(url)) {
        const details: StripeWebhookNotPublic = {
          reason: 'not_public',
          url,
          command: stripeListenCommand(url),
        };
        throw httpError(
          409,
          `Stripe cannot reach ${url} from the internet; set SMI_PUBLIC_URL to the site's public https address, or forward events with the Stripe CLI for local testing`,
          { ...details },
        );
      }
      const found = await asking(() => existing(stripe, url));
      let action: StripeWebhookSetupAnswer['action'] = 'updated';
      let endpoint: Stripe.WebhookEndpoint;
      if (found) {
        endpoint = await asking(() =>
          stripe.webhookEndpoints.update(found.id, { url, enabled_events: events() }),
        );
      } else {
        action = 'created';
        endpoint = await asking(() =>
          stripe.webhookEndpoints.create({
            url,
            enabled_events: events(),
            api_version: Stripe.API_VERSION,
            description: DESCRIPTION,
            metadata: { plugin: PLUGIN_ID },
          }),
        );
      }
      await store().set({ value: { id: endpoint.id } satisfies StoredEndpoint });
      const variable = ENV_OVERRIDES.stripeWebhookSecret ?? 'SMI_STRIPE_WEBHOOK_SECRET';
      const fromEnv = Boolean(process.env[variable]?.trim());
      // Stripe returns the secret on creation only; an update keeps the stored one.
      const secretStored = Boolean(endpoint.secret) && !fromEnv;
      if (secretStored && endpoint.secret) {
        await settings.update({ stripeWebhookSecret: endpoint.secret }, actor);
      }
      strapi.log.info(
        `[sell-my-images] Stripe webhook endpoint ${endpoint.id} ${action} by ${actor} for ${url}`,
      );
      return {
        action,
        endpointId: endpoint.id,
        url: endpoint.url,
        events: endpoint.enabled_events,
        secretStored,
        environmentVariable: fromEnv ? variable : null,
      };
    },

    async status(): Promise<StripeWebhookStatus> {
      const base = { webhookUrl: webhookUrl(), lastVerifiedEventAt: await lastVerifiedEventAt() };
      const stored = await readStored();
      if (!stored?.id) return { ...base, endpoint: null, problem: null };
      const { stripeSecretKey } = await settings.get({ fresh: true });
      if (!stripeSecretKey) {
        return { ...base, endpoint: null, problem: 'No Stripe secret key is saved' };
      }
      try {
        const endpoint = await stripeClient(stripeSecretKey).webhookEndpoints.retrieve(stored.id);
        const subscribed = new Set(endpoint.enabled_events);
        const all = subscribed.has('*');
        return {
          ...base,
          endpoint: {
            id: endpoint.id,
            url: endpoint.url,
            events: endpoint.enabled_events,
            missingEvents: all ? [] : events().filter((event) => !subscribed.has(event)),
            status: endpoint.status,
          },
          problem: null,
        };
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        return {
          ...base,
          endpoint: null,
          problem:
            status === 404
              ? 'The endpoint was removed in Stripe; set it up again'
              : 'Stripe could not be asked about the endpoint',
        };
      }
    },
  };
}

export type StripeWebhookSetup = ReturnType<typeof createStripeWebhookSetup>;
