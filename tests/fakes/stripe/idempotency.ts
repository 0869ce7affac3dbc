/**
 * Stripe's idempotency layer for POST requests: the first answer for a key is stored
 * and replayed for later requests with that key (status and body, with
 * `Idempotent-Replayed: true`); reusing a key with other parameters, or for another
 * endpoint, is an `idempotency_error`. Keys are scoped to the API key and kept 24 h.
 */
import { canonicalJson } from './form';
import {
  idempotencyEndpointMismatch,
  idempotencyMismatch,
  invalidParam,
  type StripeApiError,
} from './errors';

export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;
const RETENTION_MS = 24 * 60 * 60 * 1000;

export interface StoredResponse {
  status: number;
  body: unknown;
  requestId: string;
}

interface Entry {
  endpoint: string;
  fingerprint: string;
  response: StoredResponse;
  storedAt: number;
}

export type IdempotencyLookup =
  | { kind: 'new' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'conflict'; error: StripeApiError };

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  static validateKey(key: string): StripeApiError | undefined {
    if (key.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
      return invalidParam(
        'Idempotency-Key',
        `Idempotency key is too long: must be at most ${IDEMPOTENCY_KEY_MAX_LENGTH} characters.`,
      );
    }
    return undefined;
  }

  lookup(
    scope: string,
    key: string,
    endpoint: string,
    params: unknown,
    now = Date.now(),
  ): IdempotencyLookup {
    const entry = this.entries.get(storeKey(scope, key));
    if (!entry || now - entry.storedAt > RETENTION_MS) return { kind: 'new' };
    if (entry.endpoint !== endpoint)
      return {
        kind: 'conflict',
        error: idempotencyEndpointMismatch(key, entry.endpoint, endpoint),
      };
    if (entry.fingerprint !== canonicalJson(params))
      return { kind: 'conflict', error: idempotencyMismatch(key) };
    return { kind: 'replay', response: entry.response };
  }

  save(
    scope: string,
    key: string,
    endpoint: string,
    params: unknown,
    response: StoredResponse,
    now = Date.now(),
  ): void {
    this.entries.set(storeKey(scope, key), {
      endpoint,
      fingerprint: canonicalJson(params),
      response,
      storedAt: now,
    });
  }
}

function storeKey(scope: string, key: string): string {
  return `${scope}\u0000${key}`;
}
