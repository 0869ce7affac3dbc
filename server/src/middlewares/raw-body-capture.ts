import type { Context, Next } from 'koa';
import readRawBody from 'raw-body';
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../plugin-id';

/**
 * The exact bytes of a webhook request, kept per request. Signature checks (Stripe's
 * `t=…,v1=HMAC`, the Upsampler URL HMAC) must run over the bytes as they arrived, never
 * over re-serialised JSON.
 */
const rawBodies = new WeakMap<Context['req'], Buffer>();

export const getRawBody = (ctx: Context): Buffer | undefined => rawBodies.get(ctx.req);

/** Webhook bodies are small JSON documents; anything larger is refused with 413. */
const WEBHOOK_BODY_LIMIT = '1mb';

type KoaMiddleware = (ctx: Context, next: Next) => Promise<unknown>;
type MiddlewareFactory = (config: unknown, ctx: { strapi: Core.Strapi }) => KoaMiddleware;

/** The webhook routes whose handlers verify a signature over the raw request bytes. */
function rawBodyPaths(strapi: Core.Strapi): Set<string> {
  const prefix = String(strapi.config.get('api.rest.prefix', '/api')).replace(/\/$/, '');
  return new Set([
    `${prefix}/${PLUGIN_ID}/webhooks/stripe`,
    `${prefix}/${PLUGIN_ID}/webhooks/upsampler`,
  ]);
}

/**
 * Wraps Strapi's own `strapi::body` middleware: for the plugin's webhook routes the
 * body is read as raw bytes (and not parsed), every other request is parsed by
 * Strapi exactly as before. The site owner does not have to edit
 * `config/middlewares` (the usual `includeUnparsed` recipe), and no other request
 * pays for keeping an unparsed copy.
 */
export function withRawBodyCapture(original: MiddlewareFactory): MiddlewareFactory {
  return (config, context) => {
    const parse = original(config, context);
    const paths = rawBodyPaths(context.strapi);
    return async (ctx, next) => {
      if (ctx.method !== 'POST' || !paths.has(ctx.path)) {
        return parse(ctx, next);
      }
      const body = await readRawBody(ctx.req, {
        length: ctx.request.length,
        limit: WEBHOOK_BODY_LIMIT,
      });
      rawBodies.set(ctx.req, body);
      ctx.request.body = {};
      return next();
    };
  };
}
