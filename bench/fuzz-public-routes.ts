/**
 * The long fuzzing run of the public routes (the integration suite runs a bounded slice):
 * BENCH_FUZZ_RUNS generated requests (default 50,000) from tests/support/fuzz.ts against
 * a real playground, counting answers by status. Figure: requests per second and the number
 * of 5xx answers (target 0); baseline in the same run: GET /health over the same raw socket.
 */
import fc from 'fast-check';
import { publicRequest, send } from '../tests/support/fuzz';
import { openShop, startCheckout } from '../tests/integration/helpers/shop';
import { fmt } from './lib';

const RUNS = Number(process.env.BENCH_FUZZ_RUNS ?? 50_000);

async function main() {
  const shop = await openShop('bench-fuzz', { SMI_UPSCALER: 'sharp' });
  try {
    const port = Number(new URL(shop.app.url).port);
    const { jobId } = await startCheckout(shop, {
      fileId: shop.images.large.documentId,
      resolution: '4x',
    });
    const { large, medium, pdf, tiny } = shop.images;
    const fileIds = [large, medium, pdf, tiny].flatMap((f) => [String(f.id), f.documentId]);
    const requests = fc.sample(
      publicRequest({ prefix: '/api/sell-my-images', fileIds, jobId }),
      RUNS,
    );

    const health = {
      method: 'GET',
      path: '/api/sell-my-images/health',
      headers: [],
      body: Buffer.alloc(0),
    };
    const baselineStart = Date.now();
    for (let i = 0; i < 2_000; i++) await send(port, health);
    const baselineRps = 2_000 / ((Date.now() - baselineStart) / 1000);

    const statuses = new Map<string, number>();
    const serverErrors: string[] = [];
    const started = Date.now();
    for (const request of requests) {
      const status = await send(port, request);
      const key = status === null ? 'none' : String(status);
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      if (status === null || status >= 500)
        serverErrors.push(`${key} ${request.method} ${request.path.slice(0, 160)}`);
    }
    const rps = RUNS / ((Date.now() - started) / 1000);
    console.log(`statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    console.log(
      `fuzz: ${RUNS} requests, ${serverErrors.length} answered 5xx or not at all (target 0); ${fmt(rps)} req/s vs GET /health ${fmt(baselineRps)} req/s (${fmt(rps / baselineRps, 2)}×)`,
    );
    for (const line of serverErrors.slice(0, 20)) console.log(`  ${line}`);
    console.log(
      JSON.stringify({
        bench: 'fuzz-public-routes',
        runs: RUNS,
        serverErrors: serverErrors.length,
        rps,
        baselineRps,
      }),
    );
    if (serverErrors.length > 0) process.exitCode = 1;
  } finally {
    await shop.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
