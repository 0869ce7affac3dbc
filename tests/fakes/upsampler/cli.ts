/**
 * Runs the Upsampler fake as a process: `npx tsx tests/fakes/upsampler/cli.ts`.
 * Environment: UPSAMPLER_FAKE_PORT (default 0 = free port), UPSAMPLER_FAKE_API_KEY,
 * UPSAMPLER_FAKE_PROCESSING_MS, UPSAMPLER_FAKE_RESULT_TTL_MS.
 * Prints one JSON line `{"url","port","apiKey"}` once listening; stops on SIGTERM/SIGINT.
 */
import { startUpsamplerFake } from './server';

const SHUTDOWN_LIMIT_MS = 10_000;

function envInteger(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return value;
}

async function main(): Promise<void> {
  const processingMs = envInteger('UPSAMPLER_FAKE_PROCESSING_MS');
  const resultTtlMs = envInteger('UPSAMPLER_FAKE_RESULT_TTL_MS');
  const fake = await startUpsamplerFake({
    port: envInteger('UPSAMPLER_FAKE_PORT') ?? 0,
    ...(process.env.UPSAMPLER_FAKE_API_KEY ? { apiKey: process.env.UPSAMPLER_FAKE_API_KEY } : {}),
    ...(processingMs !== undefined ? { processingMs } : {}),
    ...(resultTtlMs !== undefined ? { resultTtlMs } : {}),
  });
  process.stdout.write(
    `${JSON.stringify({ url: fake.url, port: fake.port, apiKey: fake.apiKey })}\n`,
  );

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), SHUTDOWN_LIMIT_MS).unref();
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `upsampler fake: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
