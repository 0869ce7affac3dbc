/**
 * Runs the Upsampler fake as a process: `npx tsx tests/fakes/upsampler/cli.ts`.
 * Environment: UPSAMPLER_FAKE_PORT (default 0 = free port), UPSAMPLER_FAKE_API_KEY,
 * UPSAMPLER_FAKE_PROCESSING_MS, UPSAMPLER_FAKE_RESULT_TTL_MS.
 * Prints one JSON line `{"url","port","apiKey"}` once listening; stops on SIGTERM/SIGINT.
 */
import { envInteger, runCli } from '../support/cli-main';
import { startUpsamplerFake } from './server';

runCli(
  async () => {
    const processingMs = envInteger('UPSAMPLER_FAKE_PROCESSING_MS');
    const resultTtlMs = envInteger('UPSAMPLER_FAKE_RESULT_TTL_MS');
    const fake = await startUpsamplerFake({
      port: envInteger('UPSAMPLER_FAKE_PORT') ?? 0,
      ...(process.env.UPSAMPLER_FAKE_API_KEY ? { apiKey: process.env.UPSAMPLER_FAKE_API_KEY } : {}),
      ...(processingMs !== undefined ? { processingMs } : {}),
      ...(resultTtlMs !== undefined ? { resultTtlMs } : {}),
    });
    return {
      info: { url: fake.url, port: fake.port, apiKey: fake.apiKey },
      close: () => fake.close(),
    };
  },
  { label: 'upsampler fake', shutdownLimitMs: 10_000 },
);
