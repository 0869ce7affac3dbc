import type { Context } from 'koa';

/** One entry of `error.details.errors`, the shape Strapi uses for ValidationError. */
export interface FieldError {
  path: string[];
  message: string;
  name: 'ValidationError';
}

/**
 * Answers in Strapi's own error shape `{ data: null, error: { status, name, message, details } }`.
 * Used for statuses Strapi has no error class for (502, 503) and wherever a handler
 * decides the answer itself; the names follow Strapi's (`ValidationError`, `NotFoundError`, …).
 */
export function sendError(
  ctx: Context,
  status: number,
  name: string,
  message: string,
  details: Record<string, unknown> = {},
): void {
  ctx.status = status;
  ctx.body = { data: null, error: { status, name, message, details } };
}

export const badRequest = (ctx: Context, message: string, errors?: FieldError[]) =>
  sendError(ctx, 400, 'ValidationError', message, errors ? { errors } : {});

export const notFound = (ctx: Context, message: string) =>
  sendError(ctx, 404, 'NotFoundError', message);

/** An error a service throws for the controller to answer with, in Strapi's shape. */
export class PublicError extends Error {
  constructor(
    readonly status: number,
    readonly errorName: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function sendPublicError(ctx: Context, error: PublicError): void {
  for (const [name, value] of Object.entries(error.headers)) ctx.set(name, value);
  sendError(ctx, error.status, error.errorName, error.message, error.details);
}
