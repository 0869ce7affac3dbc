/** A rate limit whose points an environment variable may change (`SMI_RATE_LIMIT_<BUDGET>`). */
const limit = (env, budget: string, points: number, duration = 60) => ({
  points: env.int(`SMI_RATE_LIMIT_${budget}`, points) as number,
  duration,
});

export default ({ env }) => ({
  // The plugin under test, enabled the way a site owner enables it.
  'sell-my-images': {
    enabled: true,
    config: {
      // Per-visitor (and, for checkout, per e-mail and per image) limits of the public
      // routes: requests per `duration` seconds (README "Rate limits"); the tests lift them.
      rateLimits: {
        prices: limit(env, 'PRICES', 120),
        checkout: limit(env, 'CHECKOUT', 10),
        checkoutPerEmail: limit(env, 'CHECKOUT_PER_EMAIL', 10, 600),
        checkoutPerImage: limit(env, 'CHECKOUT_PER_IMAGE', 30),
        clicks: limit(env, 'CLICKS', 120),
        jobs: limit(env, 'JOBS', 120),
        downloads: limit(env, 'DOWNLOADS', 120),
        upsamplerCallback: limit(env, 'UPSAMPLER_CALLBACK', 600),
        purchasesLookup: limit(env, 'PURCHASES_LOOKUP', 5, 600),
        purchasesLookupPerEmail: limit(env, 'PURCHASES_LOOKUP_PER_EMAIL', 3, 3600),
        purchases: limit(env, 'PURCHASES', 60),
        previews: limit(env, 'PREVIEWS', 120),
        cart: limit(env, 'CART', 60),
      },
      // Fulfilment worker timings (ms); the test bed shortens them.
      worker: {
        pollIntervalMs: env.int('SMI_WORKER_POLL_MS', 5000),
        leaseMs: env.int('SMI_WORKER_LEASE_MS', 600000),
        firstPollMs: env.int('SMI_WORKER_FIRST_POLL_MS', 30000),
        maxPollMs: env.int('SMI_WORKER_MAX_POLL_MS', 120000),
        retryBaseMs: env.int('SMI_WORKER_RETRY_BASE_MS', 15000),
        maxAttempts: env.int('SMI_WORKER_MAX_ATTEMPTS', 5),
        taskBatchSize: env.int('SMI_TASK_BATCH_SIZE', 100),
      },
    },
  },

  'users-permissions': {
    config: { jwtSecret: env('JWT_SECRET', 'playground-users-permissions-jwt-secret') },
  },

  // E-mail through SMTP (nodemailer). `npm run demo` and the tests point it at a
  // local SMTP capture server; a deployment points it at its mail relay.
  email: {
    config: {
      provider: 'nodemailer',
      providerOptions: {
        host: env('SMTP_HOST', '127.0.0.1'),
        port: env.int('SMTP_PORT', 1025),
        secure: env.bool('SMTP_SECURE', false),
        ignoreTLS: env.bool('SMTP_IGNORE_TLS', !env.bool('SMTP_SECURE', false)),
        ...(env('SMTP_USER')
          ? { auth: { user: env('SMTP_USER'), pass: env('SMTP_PASS', '') } }
          : {}),
      },
      settings: {
        defaultFrom: env('SMTP_FROM', 'Sell My Images demo <shop@example.test>'),
        defaultReplyTo: env('SMTP_FROM', 'Sell My Images demo <shop@example.test>'),
      },
    },
  },
});
