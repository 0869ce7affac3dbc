import { rateLimit } from '../middlewares/rate-limit';

/**
 * Public routes, mounted by Strapi under `/api/sell-my-images`.
 * They are `auth: false`: the plugin protects each one itself (signatures, tokens,
 * sale rules, rate limits), so a site owner never has to open permissions for them.
 * Every route a visitor or a provider calls with work behind it is rate limited; the
 * Stripe webhook is not (its signature is checked before any work, and a refused event
 * would delay a paid order), nor are the static health and client script routes, the
 * readiness route (its answer is cached) or the token-protected metrics.
 */
const route = (
  method: string,
  path: string,
  handler: string,
  middlewares: Array<ReturnType<typeof rateLimit>> = [],
) => ({
  method,
  path,
  handler,
  config: { auth: false as const, policies: [], middlewares },
});

export default {
  type: 'content-api',
  routes: [
    route('GET', '/health', 'health.check'),
    // Readiness answers from a 2 s cache, so a flood costs at most one check per 2 s.
    route('GET', '/health/ready', 'health.ready'),
    // Opt-in (SMI_METRICS_TOKEN), bearer token; the token compare is cheap and constant-time.
    route('GET', '/metrics', 'metrics.scrape'),
    route('GET', '/client.js', 'clientScript.serve'),
    route('GET', '/prices', 'prices.find', [rateLimit('prices')]),
    route('POST', '/checkout', 'checkout.create', [rateLimit('checkout')]),
    route('POST', '/clicks', 'clicks.create', [rateLimit('clicks')]),
    route('GET', '/jobs/:jobId', 'jobStatus.findOne', [rateLimit('jobs')]),
    route('POST', '/webhooks/stripe', 'stripeWebhook.receive'),
    route('POST', '/webhooks/upsampler', 'upsamplerWebhook.receive', [
      rateLimit('upsamplerCallback'),
    ]),
    // GET routes answer HEAD too (koa-router); the handler sends headers only then.
    route('GET', '/downloads/:token', 'downloads.download', [rateLimit('downloads')]),
    // The order's licence page (signed link): it reads one job, counted like the status route.
    route('GET', '/licence', 'licence.show', [rateLimit('jobs')]),
    // The live before/after preview: its state, then its two images (cached, immutable).
    route('GET', '/previews', 'previews.find', [rateLimit('previews')]),
    route('GET', '/previews/image/:key', 'previews.image', [rateLimit('previews')]),
    // The cart: a priced quote, one Checkout Session for all lines, the order after Stripe.
    route('POST', '/cart/quote', 'cart.quote', [rateLimit('cart')]),
    route('POST', '/cart/checkout', 'cart.checkout', [rateLimit('cart'), rateLimit('checkout')]),
    route('GET', '/orders/:orderId', 'orders.findOne', [rateLimit('jobs')]),
    route('GET', '/orders/:orderId/zip', 'orders.zip', [rateLimit('downloads')]),
    // "My purchases": always 202; the signed page and its fresh links.
    route('POST', '/purchases/lookup', 'purchases.lookup', [rateLimit('purchasesLookup')]),
    route('GET', '/purchases', 'purchases.page', [rateLimit('purchases')]),
    route('GET', '/purchases/list', 'purchases.list', [rateLimit('purchases')]),
    route('POST', '/purchases/link', 'purchases.link', [rateLimit('purchases')]),
  ],
};
