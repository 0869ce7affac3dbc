import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import type { PurchasesLookupAnswer } from '../../../shared/contracts/purchases';
import { PurchasesRefusal } from '../delivery/purchases';
import {
  purchasesPageHeaders,
  renderPurchasesPage,
  renderRefusalPage,
} from '../delivery/purchases-page';
import { siteNameOf } from '../delivery/rights-metadata';
import { getService } from '../services/get-service';
import { publicApiUrl, publicUrl } from '../settings/urls';
import { errors, httpError } from '../utils/errors';
import {
  purchasesLinkBodySchema,
  purchasesLookupBodySchema,
  purchasesTokenQuerySchema,
} from '../validation/public';
import { validate } from '../validation/validate';

const originOf = (url: string): string | null => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

/**
 * "My purchases" (docs/architecture.md "Previews, cart and purchases"): `POST
 * /purchases/lookup` (always 202), the page `GET /purchases?token=`, its JSON `GET
 * /purchases/list?token=`, and `POST /purchases/link` (201 JSON, or 303 to the download
 * for the page's form post). Every refusal of the page or a form post is one HTML page.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const purchases = () => getService(strapi, 'purchases');

  async function refuse(ctx: Context, refusal: PurchasesRefusal): Promise<void> {
    const asked = /^fr\b/i.test(ctx.get('accept-language')) ? 'fr' : 'en';
    const language = refusal.reason === 'invalid' ? asked : refusal.language;
    const site = siteNameOf(strapi, await getService(strapi, 'settings').get());
    const { status, html } = renderRefusalPage(refusal.reason, language, site);
    ctx.set(purchasesPageHeaders([], originOf(publicUrl(strapi)) ?? "'self'"));
    ctx.status = status;
    ctx.body = html;
  }

  /** The JSON routes' errors: 404 for a link that does not work, 410 expired or gone. */
  const jsonError = (refusal: PurchasesRefusal) =>
    refusal.reason === 'invalid'
      ? new errors.NotFoundError('This purchases link does not work')
      : httpError(
          410,
          refusal.reason === 'expired'
            ? 'This purchases link has expired; ask for a new one'
            : 'This file is no longer stored',
        );

  return {
    async lookup(ctx: Context): Promise<void> {
      const { email, locale } = validate(purchasesLookupBodySchema, ctx.request.body, 'body');
      await purchases().lookup(email, locale);
      ctx.status = 202;
      ctx.body = { accepted: true } satisfies PurchasesLookupAnswer;
    },

    async page(ctx: Context): Promise<void> {
      const { token } = validate(purchasesTokenQuerySchema, ctx.query, 'query');
      try {
        const page = await purchases().list(token);
        const images = page.answer.purchases
          .map((purchase) => (purchase.thumbnailUrl ? originOf(purchase.thumbnailUrl) : null))
          .filter((origin): origin is string => Boolean(origin));
        const action = publicApiUrl(strapi, '/purchases/link');
        const html = renderPurchasesPage(page, token ?? '', action);
        ctx.set(purchasesPageHeaders(images, originOf(action) ?? "'self'"));
        ctx.body = html;
      } catch (error) {
        if (error instanceof PurchasesRefusal) return refuse(ctx, error);
        throw error;
      }
    },

    async list(ctx: Context): Promise<void> {
      const { token } = validate(purchasesTokenQuerySchema, ctx.query, 'query');
      ctx.set('Cache-Control', 'private, no-store');
      try {
        ctx.body = (await purchases().list(token)).answer;
      } catch (error) {
        throw error instanceof PurchasesRefusal ? jsonError(error) : error;
      }
    },

    async link(ctx: Context): Promise<void> {
      const form = Boolean(ctx.is('application/x-www-form-urlencoded'));
      const { token, jobId } = validate(purchasesLinkBodySchema, ctx.request.body, 'body');
      ctx.set('Cache-Control', 'private, no-store');
      try {
        const answer = await purchases().freshLink(token, jobId);
        if (form) {
          ctx.status = 303;
          ctx.redirect(answer.downloadUrl);
          return;
        }
        ctx.status = 201;
        ctx.body = answer;
      } catch (error) {
        if (!(error instanceof PurchasesRefusal)) throw error;
        if (form) return refuse(ctx, error);
        throw jsonError(error);
      }
    },
  };
};
