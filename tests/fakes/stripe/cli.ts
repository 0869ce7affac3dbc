/**
 * Runs the Stripe fake as a process: `npx tsx tests/fakes/stripe/cli.ts`.
 * Env: STRIPE_FAKE_PORT (default 0 = free port), STRIPE_FAKE_WEBHOOK_URL,
 * STRIPE_FAKE_WEBHOOK_SECRET (default random), STRIPE_FAKE_API_KEY (default any sk_test_ key).
 * Prints one JSON line `{"url":…,"webhookSecret":…,"apiKey":…}` and stops on SIGTERM/SIGINT.
 */
import { startStripeFake } from './index';

function portFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`STRIPE_FAKE_PORT is not a port: ${value}`);
  return port;
}

async function main(): Promise<void> {
  const fake = await startStripeFake({
    port: portFromEnv(process.env.STRIPE_FAKE_PORT),
    webhookUrl: process.env.STRIPE_FAKE_WEBHOOK_URL || undefined,
    webhookSecret: process.env.STRIPE_FAKE_WEBHOOK_SECRET || undefined,
    apiKey: process.env.STRIPE_FAKE_API_KEY || undefined,
  });
  process.stdout.write(
    `${JSON.stringify({ url: fake.url, webhookSecret: fake.webhookSecret, apiKey: fake.apiKey })}\n`,
  );
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`stripe fake: ${signal}, stopping\n`);
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`stripe fake: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
