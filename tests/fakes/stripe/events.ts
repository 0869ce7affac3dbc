import { newId, nowSeconds } from './ids';
import type { EventRequestInfo, StripeEvent, StripeObject } from './types';

export interface BuildEventOptions {
  apiVersion: string;
  /** The API request that caused the event; null ids for customer actions (paying on Checkout). */
  request?: EventRequestInfo;
  previousAttributes?: Record<string, unknown>;
}

/**
 * An event as Stripe sends it: `data.object` is a snapshot of the object at the time
 * of the change (later changes do not alter an event already built).
 */
export function buildEvent(type: string, object: object, options: BuildEventOptions): StripeEvent {
  const data: StripeEvent['data'] = { object: structuredClone(object) as StripeObject };
  if (options.previousAttributes)
    data.previous_attributes = structuredClone(options.previousAttributes);
  return {
    id: newId.event(),
    object: 'event',
    api_version: options.apiVersion,
    created: nowSeconds(),
    data,
    livemode: false,
    pending_webhooks: 1,
    request: options.request ?? { id: null, idempotency_key: null },
    type,
  };
}
