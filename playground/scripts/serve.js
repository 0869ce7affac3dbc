'use strict';
/**
 * Starts the built playground with exactly the environment it is given (no fakes).
 * Used by `npm run serve`, `npm run demo` and the integration test bed.
 */
process.env.STRAPI_TELEMETRY_DISABLED = 'true';
const path = require('path');
const { createStrapi } = require('@strapi/strapi');

const appDir = path.resolve(__dirname, '..');
const distDir = path.join(appDir, 'dist');

async function main() {
  const app = createStrapi({ appDir, distDir });
  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    app.log.info(`[playground] ${signal}: shutting down`);
    try {
      await app.destroy();
    } finally {
      process.exit(0);
    }
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  await app.start();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
