import type { Context } from 'koa';
import type { z } from 'zod';
import { badRequest, PublicError, sendPublicError } from '../utils/http-errors';
import { isPlainObject, toFieldErrors } from '../validation/public-api';

/** Parses input with a zod schema; answers 400 in Strapi's shape and returns null when it is bad. */
export function parseOr400<T extends z.ZodType>(
  ctx: Context,
  schema: T,
  input: unknown,
  what: string,
): z.output<T> | null {
  if (what === 'body' && !isPlainObject(input)) {
    badRequest(ctx, 'The request body must be a JSON object');
    return null;
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    badRequest(ctx, `Invalid ${what}`, toFieldErrors(result.error));
    return null;
  }
  return result.data;
}

/** Runs a handler, turning PublicErrors into their answers; anything else is Strapi's (logged 500). */
export async function answering(ctx: Context, handler: () => Promise<void>): Promise<void> {
  try {
    await handler();
  } catch (error) {
    if (error instanceof PublicError) return sendPublicError(ctx, error);
    throw error;
  }
}
