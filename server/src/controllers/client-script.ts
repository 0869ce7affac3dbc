import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Context } from 'koa';
import { sendError } from '../utils/http-errors';

let cached: { body: Buffer; etag: string } | null = null;

/** The built helper script, read once from the package (client/dist). */
function script(): { body: Buffer; etag: string } | null {
  if (cached) return cached;
  try {
    const root = path.dirname(require.resolve('strapi-plugin-sell-my-images/package.json'));
    const body = readFileSync(path.join(root, 'client', 'dist', 'sell-my-images.js'));
    cached = { body, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"` };
    return cached;
  } catch {
    return null;
  }
}

/** `GET /api/sell-my-images/client.js`: the frontend helper, cacheable, with a content-hash ETag. */
export default () => ({
  serve(ctx: Context): void {
    const file = script();
    if (!file) return sendError(ctx, 404, 'NotFoundError', 'The frontend helper is not built');
    ctx.set('ETag', file.etag);
    ctx.set('Cache-Control', 'public, max-age=3600, must-revalidate');
    ctx.type = 'application/javascript; charset=utf-8';
    if (ctx.get('if-none-match') === file.etag) {
      ctx.status = 304;
      return;
    }
    ctx.body = file.body;
  },
});
