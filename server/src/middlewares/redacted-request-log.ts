import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../plugin-id';
import { redactSecrets } from '../utils/redact';

type KoaMiddleware = (ctx: Context, next: Next) => Promise<unknown>;
type MiddlewareFactory = (config: unknown, ctx: { strapi: Core.Strapi }) => KoaMiddleware;

/**
 * Wraps Strapi's `strapi::logger` middleware, which logs `${ctx.method} ${ctx.url}` of
 * every request once it is answered: for the plugin's public routes (and the admin's
 * privacy routes) the logger reads the
 * URL with its secrets replaced by `[redacted]` (utils/redact), while the request itself
 * (routing, the handlers, every other middleware) keeps the real URL. Loggers outside
 * Strapi (a reverse proxy's access log) need their own rule: see the README, "Logs".
 */
export function withRedactedUrls(original: MiddlewareFactory): MiddlewareFactory {
  return (config, context) => {
    const log = original(config, context);
    const prefix = String(context.strapi.config.get('api.rest.prefix', '/api')).replace(/\/$/, '');
    const routes = `${prefix}/${PLUGIN_ID}/`;
    // The admin's privacy routes take a buyer's address (README "Privacy and retention").
    const privacy = `/${PLUGIN_ID}/privacy/`;
    return async (ctx, next) => {
      if (!ctx.path.startsWith(routes) && !ctx.path.startsWith(privacy)) return log(ctx, next);
      // What the logger sees: the same context, but for its URL.
      const view: Context = Object.create(ctx, {
        url: { get: () => redactSecrets(ctx.url), enumerable: true },
      });
      return log(view, next);
    };
  };
}
