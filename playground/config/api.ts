export default ({ env }) => ({
  rest: {
    // Strapi's REST prefix; API_REST_PREFIX lets the tests run the plugin under another one.
    prefix: env('API_REST_PREFIX', '/api'),
    defaultLimit: 25,
    maxLimit: 100,
    withCount: true,
  },
});
