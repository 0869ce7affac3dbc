import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Context } from 'koa';
import { isNotModified } from '../utils/conditional-get';
import { errors } from '../utils/errors';

/** The built helper script (client/dist) with a content-hash ETag, or null when it is not built. */
function readScript(): { body: Buffer; etag: string } | null {
  try {
    const root = path.dirname(require.resolve('strapi-plugin-sell-my-images/package.json'));
    const body = readFileSync(path.join(root, 'client', 'dist', 'sell-my-images.js'));
    return { body, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"` };
  } catch {
    return null;
  }
}

/** `GET /api/sell-my-images/client.js`: the frontend helper, cacheable, revalidated by ETag. */
export default () => {
  // Read once per instance, on the first request.
  let script: ReturnType<typeof readScript> | undefined;
  return {
    serve(ctx: Context): void {
      script ??= readScript();
      if (!script) throw new errors.NotFoundError('The frontend helper is not built');
      ctx.set('ETag', script.etag);
      ctx.set('Cache-Control', 'public, max-age=3600, must-revalidate');
      ctx.type = 'application/javascript; charset=utf-8';
      if (isNotModified(ctx)) {
        ctx.status = 304;
        return;
      }
      ctx.body = script.body;
    },
  };
};
