/**
 * Part of bench/local-ai.ts: p99 latency of GET /prices in a real Strapi (playground) at
 * a steady 100 requests/s, idle and while a local-ai job runs, and the saturated
 * throughput both ways; two windows of each (idle, busy, busy, idle), compared by their
 * means, since one window's p99 is at the mercy of other processes on a shared machine.
 * Runs in the shop of bench/local-ai-pipeline.ts, calibrated already.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { LocalAiModel } from '../server/src/upscalers/local-ai/models';
import { buy, jobRow, publishPhoto, uploadPng, type Shop } from '../tests/integration/helpers/shop';
import { fmt, load } from './lib';

export interface Responsiveness {
  idleP99Ms: number[];
  busyP99Ms: number[];
  ratio: number;
  overlapped: boolean;
  errors: number;
  non2xx: number;
  idleSaturatedRps: number;
  busySaturatedRps: number;
  job: string;
}

/** `job`: the upscale that runs during the busy windows (the model is set here). */
export async function responsiveness(
  shop: Shop,
  job: { model: LocalAiModel; side: number },
): Promise<Responsiveness> {
  const put = await shop.adminApi('/settings', {
    method: 'PUT',
    json: { resolutions: ['4x'], localAiModel: job.model },
  });
  if (put.status !== 200) throw new Error(`settings answered ${put.status}`);
  const prices = `${shop.app.url}/api/sell-my-images/prices?fileId=${shop.images.large.documentId}`;
  const steady = { connections: 10, overallRate: 100, durationSeconds: 10 };
  await load(prices, { connections: 10, durationSeconds: 2 }); // warm-up
  const idle1 = await load(prices, steady);
  const idleSaturated = await load(prices, { connections: 50, durationSeconds: 6 });

  const file = await uploadPng(shop, 'bench-local-ai.png', job.side, job.side);
  await publishPhoto(shop.app, 'Bench', file.id);
  const { jobId } = await buy(shop, {
    fileId: file.documentId,
    resolution: '4x',
    email: 'bench@example.test',
  });
  const row = () => jobRow(shop, jobId);
  for (
    let r = await row();
    !(r.status === 'processing' && Number(r.progress_total) > 0 && Number(r.progress_done) > 0);
    r = await row()
  ) {
    if (r.status === 'failed') throw new Error(`the job failed: ${r.error_message}`);
    await sleep(200);
  }
  const busy1 = await load(prices, steady);
  const busySaturated = await load(prices, { connections: 50, durationSeconds: 6 });
  const busy2 = await load(prices, steady);
  const overlapped = (await row()).status === 'processing';
  for (let r = await row(); r.status !== 'completed'; r = await row()) {
    if (r.status === 'failed') throw new Error(`the job failed: ${r.error_message}`);
    await sleep(500);
  }
  const idle2 = await load(prices, steady);
  const idleP99 = (idle1.p99Ms + idle2.p99Ms) / 2;
  const busyP99 = (busy1.p99Ms + busy2.p99Ms) / 2;
  const ratio = busyP99 / idleP99;
  const label = `${job.model} 4x of ${job.side}×${job.side}`;
  console.log(
    `GET /prices at 100 req/s : p99 idle ${fmt(idle1.p99Ms)} ms, upscaling ${fmt(busy1.p99Ms)} ms, upscaling ${fmt(busy2.p99Ms)} ms, idle ${fmt(idle2.p99Ms)} ms (p50 ${fmt(idle1.p50Ms)} / ${fmt(busy1.p50Ms)} / ${fmt(busy2.p50Ms)} / ${fmt(idle2.p50Ms)} ms; upscale: ${label})`,
  );
  console.log(
    `ratio                    : ${fmt(ratio, 2)}x of idle p99 (means of two windows each; target ≤ 2x)${overlapped ? '' : ' — WARNING: the upscale ended before the measurement did'}`,
  );
  console.log(
    `saturated (50 conn.)     : idle ${fmt(idleSaturated.requestsPerSecond)} req/s, while upscaling ${fmt(busySaturated.requestsPerSecond)} req/s (p99 ${fmt(idleSaturated.p99Ms)} → ${fmt(busySaturated.p99Ms)} ms)`,
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
    job: label,
  };
}
