/**
 * The one place requests are validated: every controller parses its body, query and
 * route parameters with a zod schema through `validate`, which throws Strapi's own
 * ValidationError (400) naming each bad field in `details.errors`.
 */
import type { z } from 'zod';
import { fieldErrors } from '../../../shared/contracts/errors';
import { errors } from '../utils/errors';

/** Where the input comes from: a JSON body must be an object; queries and parameters are taken as given. */
type InputKind = 'body' | 'query' | 'parameters';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `input` parsed by `schema`, or a thrown ValidationError: `message` (default
 * `Invalid <kind>`) with one entry per bad field. A body that is not a JSON object is
 * refused before the schema sees it.
 */
export function validate<T extends z.ZodType>(
  schema: T,
  input: unknown,
  kind: InputKind,
  message = `Invalid ${kind}`,
): z.output<T> {
  if (kind === 'body' && !isPlainObject(input)) {
    throw new errors.ValidationError('The request body must be a JSON object');
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new errors.ValidationError(message, { errors: fieldErrors(parsed.error) });
  }
  return parsed.data;
}
