import type { z } from 'zod';

/**
 * Strapi's error answer, `{ data: null, error: { status, name, message, details } }`,
 * written by its errors middleware for every error the plugin throws.
 */

/** One entry of `error.details.errors` (a ValidationError names each bad field). */
export interface FieldError {
  path: string[];
  message: string;
  name: 'ValidationError';
}

export interface ErrorAnswer {
  data: null;
  error: {
    status: number;
    name: string;
    message: string;
    details?: { errors?: FieldError[] } & Record<string, unknown>;
  };
}

/**
 * zod issues → `details.errors` (the server's ValidationError, and the settings page's
 * own checks before it sends a form): an unknown key is reported under its own path.
 */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: `Unknown field "${key}"`,
        name: 'ValidationError',
      }));
    }
    return [{ path, message: issue.message, name: 'ValidationError' }];
  });
}
