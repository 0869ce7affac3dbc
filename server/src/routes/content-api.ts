/**
 * Public routes, mounted by Strapi under `/api/sell-my-images`.
 * They are `auth: false`: the plugin protects each one itself (signatures, tokens,
 * sale rules, rate limits), so a site owner never has to open permissions for them.
 */
const route = (method: string, path: string, handler: string) => ({
  method,
  path,
  handler,
  config: { auth: false as const, policies: [] },
});

export default {
  type: 'content-api',
  routes: [
    route('GET', '/health', 'health.check'),
    route('GET', '/client.js', 'clientScript.serve'),
    route('GET', '/prices', 'prices.find'),
    route('POST', '/checkout', 'checkout.create'),
    route('POST', '/clicks', 'clicks.create'),
    route('GET', '/jobs/:jobId', 'jobStatus.findOne'),
    route('POST', '/webhooks/stripe', 'stripeWebhook.receive'),
    route('POST', '/webhooks/upsampler', 'upsamplerWebhook.receive'),
    // GET routes answer HEAD too (koa-router); the handler sends headers only then.
    route('GET', '/downloads/:token', 'downloads.download'),
  ],
};
