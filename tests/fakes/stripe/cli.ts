/**
 * Runs the Stripe fake as a process: `npx tsx tests/fakes/stripe/cli.ts`.
 * Env: STRIPE_FAKE_PORT (default 0 = free port), STRIPE_FAKE_WEBHOOK_URL,
 * STRIPE_FAKE_WEBHOOK_SECRET (default random), STRIPE_FAKE_API_KEY (default any sk_test_ key).
 * Prints one JSON line `{"url":…,"webhookSecret":…,"apiKey":…}` and stops on SIGTERM/SIGINT.
 */
import { envInteger, runCli } from '../support/cli-main';
import { startStripeFake } from './index';

runCli(
  async () => {
    const fake = await startStripeFake({
      port: envInteger('STRIPE_FAKE_PORT', 'port') ?? 0,
      webhookUrl: process.env.STRIPE_FAKE_WEBHOOK_URL || undefined,
      webhookSecret: process.env.STRIPE_FAKE_WEBHOOK_SECRET || undefined,
      apiKey: process.env.STRIPE_FAKE_API_KEY || undefined,
    });
    return {
      info: { url: fake.url, webhookSecret: fake.webhookSecret, apiKey: fake.apiKey },
      close: () => fake.close(),
    };
  },
  { label: 'stripe fake', shutdownLimitMs: 10_000 },
);
