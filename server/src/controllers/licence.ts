import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { LICENCE_PAGE_HEADERS, openLicencePage } from '../delivery/licence-page';
import { getService } from '../services/get-service';
import { licenceQuerySchema } from '../validation/public';
import { validate } from '../validation/validate';

/**
 * `GET /api/sell-my-images/licence?order=<jobId>&sig=<signature>`: the order's licence page
 * (docs/architecture.md "Rights metadata and licence page"), the link of the e-mail and of
 * the delivered file's XMP.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async show(ctx: Context): Promise<void> {
    const { order, sig } = validate(licenceQuerySchema, ctx.query, 'query', 'Invalid licence link');
    const deps = { jobs: getService(strapi, 'jobs'), settings: getService(strapi, 'settings') };
    const html = await openLicencePage(strapi, deps, order, sig ?? '');
    ctx.set(LICENCE_PAGE_HEADERS);
    ctx.body = html;
  },
});
