/**
 * Part 2 of bench/local-ai.ts: p99 latency of GET /prices in a real Strapi (playground) at
 * a steady 100 requests/s, idle and while a local-ai job runs, and the saturated
 * throughput both ways; two windows of each (idle, busy, busy, idle), compared by their
 * means, since one window's p99 is at the mercy of other processes on a shared machine.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { buy, jobRow, openShop, publishPhoto, uploadPng } from '../tests/integration/helpers/shop';
import { fmt, load } from './lib';

const MB = 1024 * 1024;

function rssOf(pid: number | undefined): number {
  if (!pid) return 0;
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

export async function responsiveness() {
  const shop = await openShop('bench-local-ai', { SMI_UPSCALER: 'local-ai' });
  try {
    const put = await shop.adminApi('/settings', { method: 'PUT', json: { resolutions: ['4x'] } });
    if (put.status !== 200) throw new Error(`settings answered ${put.status}`);
    const prices = `${shop.app.url}/api/sell-my-images/prices?fileId=${shop.images.large.documentId}`;
    // The first price request starts the one-time calibration: let it finish before measuring.
    for (let i = 0; ; i++) {
      const body = await (await fetch(prices)).json();
      if (typeof body.options?.[0]?.expectedSeconds === 'number') break;
      if (i > 600) throw new Error('no calibration after 5 minutes');
      await sleep(500);
    }
    const steady = { connections: 10, overallRate: 100, durationSeconds: 12 };
    await load(prices, { connections: 10, durationSeconds: 3 }); // warm-up
    const idle1 = await load(prices, steady);
    const idleSaturated = await load(prices, { connections: 50, durationSeconds: 8 });

    const side = 1600; // ~2.6 MP: a slim 4x run outlasts the busy windows below
    const file = await uploadPng(shop, 'bench-local-ai.png', side, side);
    await publishPhoto(shop.app, 'Bench', file.id);
    const { jobId } = await buy(shop, {
      fileId: file.documentId,
      resolution: '4x',
      email: 'bench@example.test',
    });
    const job = () => jobRow(shop, jobId);
    for (
      let row = await job();
      !(
        row.status === 'processing' &&
        Number(row.progress_total) > 0 &&
        Number(row.progress_done) > 0
      );
      row = await job()
    ) {
      if (row.status === 'failed') throw new Error(`the job failed: ${row.error_message}`);
      await sleep(200);
    }
    let strapiRss = rssOf(shop.app.pid);
    const rssTimer = setInterval(() => (strapiRss = Math.max(strapiRss, rssOf(shop.app.pid))), 250);
    const busy1 = await load(prices, steady);
    const busySaturated = await load(prices, { connections: 50, durationSeconds: 8 });
    const busy2 = await load(prices, steady);
    clearInterval(rssTimer);
    const overlapped = (await job()).status === 'processing';
    for (let row = await job(); row.status !== 'completed'; row = await job()) {
      if (row.status === 'failed') throw new Error(`the job failed: ${row.error_message}`);
      await sleep(500);
    }
    const idle2 = await load(prices, steady);
    const idleP99 = (idle1.p99Ms + idle2.p99Ms) / 2;
    const busyP99 = (busy1.p99Ms + busy2.p99Ms) / 2;
    const ratio = busyP99 / idleP99;
    console.log(
      `GET /prices at 100 req/s : p99 idle ${fmt(idle1.p99Ms)} ms, upscaling ${fmt(busy1.p99Ms)} ms, upscaling ${fmt(busy2.p99Ms)} ms, idle ${fmt(idle2.p99Ms)} ms (p50 ${fmt(idle1.p50Ms)} / ${fmt(busy1.p50Ms)} / ${fmt(busy2.p50Ms)} / ${fmt(idle2.p50Ms)} ms)`,
    );
    console.log(
      `ratio                    : ${fmt(ratio, 2)}x of idle p99 (means of two windows each; target ≤ 2x)${overlapped ? '' : ' — WARNING: the upscale ended before the measurement did'}`,
    );
    console.log(
      `saturated (50 conn.)     : idle ${fmt(idleSaturated.requestsPerSecond)} req/s, while upscaling ${fmt(busySaturated.requestsPerSecond)} req/s (p99 ${fmt(idleSaturated.p99Ms)} → ${fmt(busySaturated.p99Ms)} ms)`,
    );
    console.log(
      `Strapi process peak RSS during the upscale (${side}×${side} at 4x): ${fmt(strapiRss / MB, 0)} MB`,
    );
    const windows = [idle1, busy1, busy2, idle2];
    return {
      idleP99Ms: [idle1.p99Ms, idle2.p99Ms],
      busyP99Ms: [busy1.p99Ms, busy2.p99Ms],
      ratio,
      overlapped,
      errors: windows.reduce((n, w) => n + w.errors, 0),
      non2xx: windows.reduce((n, w) => n + w.non2xx, 0),
      idleSaturatedRps: idleSaturated.requestsPerSecond,
      busySaturatedRps: busySaturated.requestsPerSecond,
      strapiPeakRssBytes: strapiRss,
    };
  } finally {
    await shop.close();
  }
}
