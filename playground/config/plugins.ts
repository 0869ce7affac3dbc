export default ({ env }) => ({
  // The plugin under test, enabled the way a site owner enables it.
  'sell-my-images': {
    enabled: true,
    config: {
      // Per-IP limits of the public POST routes (requests per minute).
      rateLimits: {
        checkout: { points: env.int('SMI_RATE_LIMIT_CHECKOUT', 10), duration: 60 },
        clicks: { points: env.int('SMI_RATE_LIMIT_CLICKS', 120), duration: 60 },
      },
      // Fulfilment worker timings (ms); the test bed shortens them.
      worker: {
        pollIntervalMs: env.int('SMI_WORKER_POLL_MS', 5000),
        leaseMs: env.int('SMI_WORKER_LEASE_MS', 600000),
        firstPollMs: env.int('SMI_WORKER_FIRST_POLL_MS', 30000),
        maxPollMs: env.int('SMI_WORKER_MAX_POLL_MS', 120000),
        retryBaseMs: env.int('SMI_WORKER_RETRY_BASE_MS', 15000),
        maxAttempts: env.int('SMI_WORKER_MAX_ATTEMPTS', 5),
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
