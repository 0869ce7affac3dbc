/**
 * Pipeline: 500 paid jobs against the Upsampler fake answering every API call after
 * 200 ms, with worker concurrency c. Completion time against the ideal
 * ⌈500/c⌉ · (submit + status + result latencies) = ⌈500/c⌉ · 0.6 s. Target ≤ 1.2×.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { openShop } from '../tests/integration/helpers/shop';

const JOBS = Number(process.env.BENCH_JOBS ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const LATENCY_MS = 200;

async function main() {
  const shop = await openShop('bench-pipeline', {
    SMI_UPSCALER: 'upsampler',
    SMI_WORKER_POLL_MS: '100',
    SMI_RATE_LIMIT_CHECKOUT: '1000000',
  });
  try {
    const put = await shop.adminApi('/settings', {
      method: 'PUT',
      json: { workerConcurrency: CONCURRENCY, minImageSize: 100 },
    });
    if (put.status !== 200) throw new Error(`settings answered ${put.status}`);
    const image = shop.images.small;
    const later = new Date(Date.now() + 3_600_000).toISOString();
    for (let i = 0; i < JOBS; i++) {
      const { status } = await shop.app.testSupport(
        'POST',
        '/documents/plugin::sell-my-images.job',
        {
          data: {
            jobId: randomUUID(),
            fileId: image.id,
            fileName: 'small.png',
            sourceUrl: `${shop.app.url}${image.url}`,
            resolution: '2x',
            scale: 2,
            originalWidth: 500,
            originalHeight: 500,
            outputWidth: 1000,
            outputHeight: 1000,
            email: `bench${i}@example.test`,
            status: 'pending',
            paymentStatus: 'paid',
            amount: 50,
            currency: 'usd',
            upscaler: 'upsampler',
            nextAttemptAt: later,
          },
        },
      );
      if (status !== 201) throw new Error(`seeding answered ${status}`);
    }
    shop.upsampler.setFaults({ latencyMs: LATENCY_MS, processingMs: 10 });
    const started = Date.now();
    await shop.db('smi_jobs').update({
      next_attempt_at:
        shop.app.database.client === 'sqlite' ? Date.now() - 1000 : new Date(Date.now() - 1000),
    });
    for (;;) {
      const [{ n }] = await shop
        .db('smi_jobs')
        .whereIn('status', ['completed', 'failed'])
        .count({ n: '*' });
      if (Number(n) >= JOBS) break;
      if (Date.now() - started > 20 * 60_000)
        throw new Error(`only ${n} of ${JOBS} jobs finished in 20 minutes`);
      await sleep(250);
    }
    const seconds = (Date.now() - started) / 1000;
    const [{ n: failed }] = await shop.db('smi_jobs').where({ status: 'failed' }).count({ n: '*' });
    const ideal = (Math.ceil(JOBS / CONCURRENCY) * (3 * LATENCY_MS)) / 1000;
    console.log(
      `jobs       : ${JOBS} (failed: ${failed}), concurrency ${CONCURRENCY}, Upsampler latency ${LATENCY_MS} ms per call`,
    );
    console.log(
      `completion : ${seconds.toFixed(1)} s; ideal ⌈${JOBS}/${CONCURRENCY}⌉ × 0.6 s = ${ideal.toFixed(1)} s`,
    );
    console.log(`ratio      : ${(seconds / ideal).toFixed(2)}x of ideal (target ≤ 1.2x)`);
    console.log(`submissions: ${shop.upsampler.submissions} for ${JOBS} jobs`);
    console.log(
      JSON.stringify({
        bench: 'pipeline',
        jobs: JOBS,
        concurrency: CONCURRENCY,
        seconds,
        ideal,
        ratio: seconds / ideal,
        failed: Number(failed),
        submissions: shop.upsampler.submissions,
      }),
    );
  } finally {
    await shop.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
