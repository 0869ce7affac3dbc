import type { Context, Next } from 'koa';
import readRawBody from 'raw-body';
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../plugin-id';
import { errors } from '../utils/errors';

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

/** The plugin's public routes, and those whose handlers verify a signature over the raw bytes. */
function pluginPaths(strapi: Core.Strapi): { prefix: string; raw: Set<string> } {
  const api = String(strapi.config.get('api.rest.prefix', '/api')).replace(/\/$/, '');
  const prefix = `${api}/${PLUGIN_ID}/`;
  return { prefix, raw: new Set([`${prefix}webhooks/stripe`, `${prefix}webhooks/upsampler`]) };
}

/**
 * A body Strapi's parser could not read (broken JSON, a `Content-Encoding` the bytes do not
 * match, too large) is the client's fault: a 4xx in Strapi's shape, never a 500.
 */
function unreadable(error: unknown): Error {
  const status = (error as { status?: unknown } | null)?.status;
  if (status === 413) return new errors.PayloadTooLargeError('The request body is too large');
  return new errors.ValidationError('The request body could not be read');
}

/**
 * Wraps Strapi's own `strapi::body` middleware: for the plugin's webhook routes the
 * body is read as raw bytes (and not parsed), every other request is parsed by
 * Strapi exactly as before (a body it cannot read answers 4xx on the plugin's routes). The site owner does not have to edit
 * `config/middlewares` (the usual `includeUnparsed` recipe), and no other request
 * pays for keeping an unparsed copy.
 */
export function withRawBodyCapture(original: MiddlewareFactory): MiddlewareFactory {
  return (config, context) => {
    const parse = original(config, context);
    const paths = pluginPaths(context.strapi);
    return async (ctx, next) => {
      if (!ctx.path.startsWith(paths.prefix)) return parse(ctx, next);
      if (ctx.method !== 'POST' || !paths.raw.has(ctx.path)) {
        let parsed = false;
        try {
          return await parse(ctx, () => {
            parsed = true;
            return next();
          });
        } catch (error) {
          // Errors of the route itself pass; only the parser's own become a 4xx.
          if (parsed) throw error;
          throw unreadable(error);
        }
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
