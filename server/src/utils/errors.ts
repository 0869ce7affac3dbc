/**
 * Errors the plugin throws; Strapi's errors middleware turns each into its answer
 * `{ data: null, error: { status, name, message, details } }`. Statuses Strapi has an
 * error class for use it (`errors.ValidationError` 400, `NotFoundError` 404,
 * `RateLimitError` 429 from @strapi/utils); the others are http-errors' HttpError, the
 * class @strapi/utils re-exports as `errors.HttpError` and the middleware formats the
 * same way (see `httpError`).
 */
import createError from 'http-errors';

export { errors } from '@strapi/utils';

/**
 * Statuses answered as an HttpError (default names BadRequestError, ForbiddenError,
 * ConflictError, GoneError, RangeNotSatisfiableError, BadGatewayError,
 * ServiceUnavailableError): 409, 410, 416, 502 and 503 have no Strapi error class; a 400
 * that is not about input fields (a bad signature) is no ValidationError; and a 403 must
 * be one because Strapi's route authorization replaces a ForbiddenError thrown by a
 * handler with a bare "Forbidden" (only a PolicyError keeps its words).
 */
type HttpStatus = 400 | 403 | 409 | 410 | 416 | 502 | 503;

/**
 * An HttpError for Strapi's errors middleware. `name` overrides the default name of the
 * status (e.g. `PaymentProviderError` for a 502 caused by Stripe).
 */
export function httpError(
  status: HttpStatus,
  message: string,
  details: Record<string, unknown> = {},
  name?: string,
): createError.HttpError {
  return createError(status, message, { details, ...(name ? { name } : {}) });
}
