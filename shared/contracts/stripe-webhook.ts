/**
 * The Stripe webhook endpoint the settings page sets up (README "The Stripe webhook"):
 * the one list of event types the plugin acts on, and the answers of
 * `POST`/`GET /sell-my-images/settings/stripe-webhook`. The signing secret never appears.
 */

/** Every Stripe event type the webhook handler acts on; the endpoint subscribes to exactly these. */
export const STRIPE_WEBHOOK_EVENTS = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
  'charge.refunded',
  'refund.failed',
  'charge.dispute.created',
  'charge.dispute.closed',
  'radar.early_fraud_warning.created',
] as const;

export type StripeWebhookEvent = (typeof STRIPE_WEBHOOK_EVENTS)[number];

/** The `stripe listen` command forwarding the handled events to a webhook URL (local testing). */
export function stripeListenCommand(webhookUrl: string): string {
  return `stripe listen --forward-to ${webhookUrl} --events ${STRIPE_WEBHOOK_EVENTS.join(',')}`;
}

/** `POST /sell-my-images/settings/stripe-webhook` → `data` (a non-public URL is a 409 instead). */
export interface StripeWebhookSetupAnswer {
  action: 'created' | 'updated';
  endpointId: string;
  url: string;
  events: string[];
  /** The new signing secret was stored; false when SMI_STRIPE_WEBHOOK_SECRET wins (set it to the new one). */
  secretStored: boolean;
  /** Set when SMI_STRIPE_WEBHOOK_SECRET overrides the stored secret. */
  environmentVariable: string | null;
}

/** `details` of the 409 when the public webhook URL cannot be reached from the internet. */
export interface StripeWebhookNotPublic {
  reason: 'not_public';
  url: string;
  command: string;
}

/** `GET /sell-my-images/settings/stripe-webhook` → `data`. */
export interface StripeWebhookStatus {
  /** The URL Stripe must send events to (the site's public URL). */
  webhookUrl: string;
  /** Null until the button set one up. */
  endpoint: {
    id: string;
    url: string;
    events: string[];
    /** Handled events the endpoint is not subscribed to. */
    missingEvents: string[];
    status: string;
  } | null;
  /** Why the endpoint could not be read from Stripe (removed, no key, Stripe unreachable). */
  problem: string | null;
  /** When the webhook last accepted a signed Stripe event (ISO), null before the first. */
  lastVerifiedEventAt: string | null;
}
