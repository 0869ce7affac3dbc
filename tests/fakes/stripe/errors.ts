/**
 * Stripe's error shape: `{ error: { type, message, code?, param?, doc_url? } }` with the
 * HTTP status the official SDK maps to its typed errors (400/404 → StripeInvalidRequestError,
 * or StripeIdempotencyError for `type: 'idempotency_error'`; 401 → StripeAuthenticationError;
 * 5xx → StripeAPIError).
 */

export type StripeErrorType =
  'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface StripeErrorBody {
  error: {
    type: StripeErrorType;
    message: string;
    code?: string;
    param?: string;
    doc_url?: string;
    request_log_url?: string;
  };
}

export class StripeApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly type: StripeErrorType,
    message: string,
    readonly code?: string,
    readonly param?: string,
    /**
     * Whether Stripe's idempotency layer stores this answer. Requests rejected while
     * validating parameters (or authenticating) are not stored; the ones that failed
     * once the endpoint began executing are.
     */
    readonly storedForIdempotency: boolean = true,
  ) {
    super(message);
    this.name = 'StripeApiError';
  }

  toBody(): StripeErrorBody {
    return {
      error: {
        type: this.type,
        message: this.message,
        ...(this.code
          ? {
              code: this.code,
              doc_url: `https://stripe.com/docs/error-codes/${this.code.replace(/_/g, '-')}`,
            }
          : {}),
        ...(this.param ? { param: this.param } : {}),
      },
    };
  }
}

/** A parameter failed validation (400, not stored for idempotency). */
export function invalidParam(
  param: string,
  message: string,
  code = 'parameter_invalid',
): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', message, code, param, false);
}

export function missingParam(param: string): StripeApiError {
  return invalidParam(param, `Missing required param: ${param}.`, 'parameter_missing');
}

export function unknownParam(param: string): StripeApiError {
  return invalidParam(param, `Received unknown parameter: ${param}`, 'parameter_unknown');
}

/** 404 `resource_missing`, e.g. "No such checkout.session: 'cs_test_x'". */
export function resourceMissing(objectName: string, id: string, param: string): StripeApiError {
  return new StripeApiError(
    404,
    'invalid_request_error',
    `No such ${objectName}: '${id}'`,
    'resource_missing',
    param,
    false,
  );
}

/** A request that is well-formed but not allowed in the object's current state. */
export function invalidState(message: string, code?: string, param?: string): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', message, code, param, true);
}

export function unrecognizedUrl(method: string, path: string): StripeApiError {
  return new StripeApiError(
    404,
    'invalid_request_error',
    `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    undefined,
    undefined,
    false,
  );
}

export function missingApiKey(): StripeApiError {
  return new StripeApiError(
    401,
    'invalid_request_error',
    "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    undefined,
    undefined,
    false,
  );
}

export function invalidApiKey(key: string): StripeApiError {
  const masked =
    key.length > 12 ? `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}` : key;
  return new StripeApiError(
    401,
    'invalid_request_error',
    `Invalid API Key provided: ${masked}`,
    undefined,
    undefined,
    false,
  );
}

export function idempotencyMismatch(key: string): StripeApiError {
  return new StripeApiError(
    400,
    'idempotency_error',
    `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    undefined,
    undefined,
    false,
  );
}

export function idempotencyEndpointMismatch(
  key: string,
  first: string,
  now: string,
): StripeApiError {
  return new StripeApiError(
    400,
    'idempotency_error',
    `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${first}' vs '${now}'). Try using a key other than '${key}' if you meant to execute a different request.`,
    undefined,
    undefined,
    false,
  );
}

export function internalError(
  message = 'An unknown error occurred in the local Stripe fake.',
): StripeApiError {
  return new StripeApiError(500, 'api_error', message, undefined, undefined, false);
}
