/**
 * Public routes, mounted by Strapi under `/api/sell-my-images`.
 * They are `auth: false`: the plugin protects each one itself (signatures, tokens,
 * sale rules, rate limits), so a site owner never has to open permissions for them.
 */
export default {
  type: 'content-api',
  routes: [
    {
      method: 'GET',
      path: '/health',
      handler: 'health.check',
      config: { auth: false, policies: [] },
    },
    {
      method: 'POST',
      path: '/webhooks/stripe',
      handler: 'stripeWebhook.receive',
      config: { auth: false, policies: [] },
    },
  ],
};
