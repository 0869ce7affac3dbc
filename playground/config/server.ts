export default ({ env }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  // SMI_PUBLIC_URL: the URL visitors and webhooks reach this Strapi at.
  url: env('SMI_PUBLIC_URL', ''),
  app: {
    keys: env.array('APP_KEYS', ['playground-key-1', 'playground-key-2']),
  },
  // The plugin's housekeeping (abandon unpaid checkouts, retry refunds, reminders,
  // expired files, e-mail retention) runs on Strapi's cron.
  cron: { enabled: env.bool('CRON_ENABLED', true) },
  dirs: {
    // Lets the tests give every booted app its own uploads folder.
    public: env('PUBLIC_DIR', './public'),
  },
});
