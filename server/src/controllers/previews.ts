import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../services/get-service';
import { errors } from '../utils/errors';
import { previewImageParamsSchema, previewQuerySchema } from '../validation/public';
import { validate } from '../validation/validate';

/** Stored previews never change under a key (a new image is a new key). */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** `GET /previews?fileId=&resolution=` and `GET /previews/image/:key` (docs/architecture.md "Previews, cart and purchases"). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context): Promise<void> {
    const { fileId, resolution } = validate(previewQuerySchema, ctx.query, 'query');
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await getService(strapi, 'previews').answer(fileId, resolution);
  },

  async image(ctx: Context): Promise<void> {
    const parsed = previewImageParamsSchema.safeParse({ key: ctx.params?.key });
    // A key that is not one of ours is as unknown as one that is not stored.
    const found = parsed.success
      ? await getService(strapi, 'previews').image(parsed.data.key)
      : null;
    if (!found) throw new errors.NotFoundError('No such preview image');
    ctx.set('Cache-Control', IMMUTABLE);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.type = found.type;
    ctx.length = found.size;
    ctx.body = found.body;
  },
});
