/**
 * `GET /prices` throughput and p99 latency against the plugin's `health` route in the
 * same Strapi process, 50 connections, 10 s each (health, prices, health again; the
 * baseline is the mean of the two health runs). Target: prices ≥ 0.8× health.
 */
import { fmt, load, startBenchApp } from './lib';

async function main() {
  const { app, upload } = await startBenchApp('prices');
  try {
    const file = await upload(2000, 1500);
    const health = `${app.url}/api/sell-my-images/health`;
    const prices = `${app.url}/api/sell-my-images/prices?fileId=${file.documentId}`;
    await load(prices, { durationSeconds: 2, connections: 10 }); // warm-up
    const h1 = await load(health);
    const p = await load(prices);
    const h2 = await load(health);
    const baseline = (h1.requestsPerSecond + h2.requestsPerSecond) / 2;
    const ratio = p.requestsPerSecond / baseline;
    console.log(
      `health  : ${fmt(baseline)} req/s, p99 ${fmt((h1.p99Ms + h2.p99Ms) / 2)} ms (non-2xx ${h1.non2xx + h2.non2xx})`,
    );
    console.log(
      `prices  : ${fmt(p.requestsPerSecond)} req/s, p99 ${fmt(p.p99Ms)} ms (non-2xx ${p.non2xx}, errors ${p.errors})`,
    );
    console.log(`ratio   : ${fmt(ratio, 2)}x of health throughput (target >= 0.8x)`);
    console.log(
      JSON.stringify({
        bench: 'prices-throughput',
        healthRps: baseline,
        pricesRps: p.requestsPerSecond,
        pricesP99Ms: p.p99Ms,
        healthP99Ms: (h1.p99Ms + h2.p99Ms) / 2,
        ratio,
      }),
    );
    if (p.non2xx > 0 || p.errors > 0) process.exitCode = 1;
  } finally {
    await app.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
