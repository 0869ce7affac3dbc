/**
 * Errors the plugin throws; Strapi's errors middleware turns each into its answer
 * `{ data: null, error: { status, name, message, details } }`. Statuses Strapi has an
 * error class for use it (`errors.ValidationError` 400, `ForbiddenError` 403,
 * `NotFoundError` 404, `RateLimitError` 429 from @strapi/utils); the others (409, 410,
 * 416, 502, 503) are http-errors' HttpError, the class @strapi/utils re-exports as
 * `errors.HttpError` and the middleware formats the same way.
 */
import createError from 'http-errors';

export { errors } from '@strapi/utils';

/**
 * Statuses without a Strapi error class (their default names: BadRequestError for a 400
 * that is not about input fields, such as a bad signature; ConflictError, GoneError,
 * RangeNotSatisfiableError, BadGatewayError, ServiceUnavailableError).
 */
type HttpStatus = 400 | 409 | 410 | 416 | 502 | 503;

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
