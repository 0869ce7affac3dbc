export default ({ env }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  // SMI_PUBLIC_URL: the URL visitors and webhooks reach this Strapi at.
  url: env('SMI_PUBLIC_URL', ''),
  app: {
    keys: env.array('APP_KEYS', ['playground-key-1', 'playground-key-2']),
  },
  // Behind a reverse proxy, Strapi must trust it to see each visitor's address (the
  // plugin's rate limits count per address): PROXY_KOA=true, and PROXY_MAX_IPS_COUNT the
  // number of proxies in front, so the address is read that many entries from the right
  // of X-Forwarded-For, where the proxies wrote it, not from the left, where a visitor can.
  proxy: { koa: env.bool('PROXY_KOA', false), maxIpsCount: env.int('PROXY_MAX_IPS_COUNT', 0) },
  // The plugin's housekeeping (abandon unpaid checkouts, retry refunds, reminders,
  // expired files, e-mail retention) runs on Strapi's cron.
  cron: { enabled: env.bool('CRON_ENABLED', true) },
  dirs: {
    // Lets the tests give every booted app its own uploads folder.
    public: env('PUBLIC_DIR', './public'),
  },
});
