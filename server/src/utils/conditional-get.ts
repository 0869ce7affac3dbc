import type { Context } from 'koa';
import fresh from 'fresh';

/**
 * Whether a GET or HEAD may be answered 304 Not Modified: the request's validators
 * (If-None-Match, If-Modified-Since) still match the response's ETag / Last-Modified.
 * A request's `Cache-Control: no-cache` (which fetch() adds to every conditional request)
 * does not prevent it: that directive asks caches to revalidate with the origin, and the
 * origin is answering here.
 */
export function isNotModified(ctx: Context): boolean {
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return false;
  const validators = {
    'if-none-match': ctx.get('if-none-match') || undefined,
    'if-modified-since': ctx.get('if-modified-since') || undefined,
  };
  return fresh(validators, ctx.response.headers);
}
