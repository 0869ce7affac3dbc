/**
 * Local AI upscaler (ESRGAN on TensorFlow.js + wasm, in worker threads) on this machine.
 *
 * 1. Speed: seconds per input megapixel of whole jobs (worker start, model load, tiles,
 *    assembly and PNG encoding included) through the runner and the built worker, each in
 *    a process of its own (bench/local-ai-job.ts), for slim 4x on one thread (the
 *    baseline) and with the default threads per job, medium 4x, and 8x both ways (slim 8x
 *    model; slim 4x + Lanczos 2x), on a BENCH_LOCAL_AI_MP-megapixel photo-like image
 *    (default 1), with the process's peak RSS; then slim 4x of a 4 MP image for the memory
 *    target. Each figure is printed next to the calibration's estimate. Targets: slim 4x
 *    of 1 MP ≤ 30 s; peak RSS ≤ 1 GB at 4 MP.
 * 2. Responsiveness: p99 latency of GET /prices in a real Strapi (playground) at a steady
 *    100 requests/s, idle and while a local-ai job runs (ratio; target ≤ 2×), plus the
 *    saturated throughput both ways for reference. On a shared machine one window's p99
 *    is at the mercy of other processes, so there are two windows of each, in the order
 *    idle, busy, busy, idle, and the ratio compares their means.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeImage } from '../tests/integration/helpers/images';
import { buy, jobRow, openShop, uploadPng } from '../tests/integration/helpers/shop';
import { calibrationFromRun, estimateSeconds } from '../server/src/upscalers/local-ai/estimate';
import {
  effectiveTileSize,
  modelPadding,
  type LocalAiModel,
} from '../server/src/upscalers/local-ai/models';
import { planUpscale, type EightXMode } from '../server/src/upscalers/local-ai/plan';
import type { UpscaleOutcome, UpscaleTask } from '../server/src/upscalers/local-ai/protocol';
import { createLocalAiRunner } from '../server/src/upscalers/local-ai/runner';
import { threadsPerJob } from '../server/src/upscalers/local-ai/worker-threads';
import { CALIBRATION_SAMPLE_SIZE } from '../server/src/upscalers/local-ai/service';
import { SETTINGS_DEFAULTS } from '../shared/contracts/settings';
import { fmt, load, printTable } from './lib';

const ROOT = path.resolve(__dirname, '..');
/** The built worker, as a site runs it (rebuilt by speed() so it matches the sources). */
const WORKER = path.join(ROOT, 'dist/workers/esrgan-worker.js');
const MEGAPIXELS = Number(process.env.BENCH_LOCAL_AI_MP ?? 1);
const BIG_MEGAPIXELS = Number(process.env.BENCH_LOCAL_AI_BIG_MP ?? 4);
const TILE = SETTINGS_DEFAULTS.localAiTileSize;
/** `speed`, `latency` or both (default), e.g. to repeat one part on a quieter machine. */
const PARTS = (process.env.BENCH_LOCAL_AI_PARTS ?? 'speed,latency').split(',');
const MB = 1024 * 1024;

/** Inference threads a job gets here with the default concurrency (1). */
const THREADS = threadsPerJob(SETTINGS_DEFAULTS.localAiConcurrency);

interface Case {
  name: string;
  model: LocalAiModel;
  scale: number;
  mode: EightXMode;
  megapixels: number;
  threads: number;
}

const ALL_CASES: Case[] = [
  {
    name: 'slim 4x, 1 thread (baseline)',
    model: 'slim',
    scale: 4,
    mode: 'x4-lanczos',
    megapixels: MEGAPIXELS,
    threads: 1,
  },
  {
    name: 'slim 4x',
    model: 'slim',
    scale: 4,
    mode: 'x4-lanczos',
    megapixels: MEGAPIXELS,
    threads: THREADS,
  },
  {
    name: 'medium 4x',
    model: 'medium',
    scale: 4,
    mode: 'x4-lanczos',
    megapixels: MEGAPIXELS,
    threads: THREADS,
  },
  {
    name: 'slim 8x (8x model)',
    model: 'slim',
    scale: 8,
    mode: 'x8-model',
    megapixels: MEGAPIXELS,
    threads: THREADS,
  },
  {
    name: 'slim 8x (4x + Lanczos 2x)',
    model: 'slim',
    scale: 8,
    mode: 'x4-lanczos',
    megapixels: MEGAPIXELS,
    threads: THREADS,
  },
  {
    name: `slim 4x, ${BIG_MEGAPIXELS} MP (memory)`,
    model: 'slim',
    scale: 4,
    mode: 'x4-lanczos',
    megapixels: BIG_MEGAPIXELS,
    threads: THREADS,
  },
];
/** BENCH_LOCAL_AI_CASES=name,name…: only the cases whose names start so. */
const CASES = ALL_CASES.filter(
  (c) =>
    !process.env.BENCH_LOCAL_AI_CASES ||
    process.env.BENCH_LOCAL_AI_CASES.split(',').some((name) => c.name.startsWith(name)),
);

/**
 * One job in a fresh process (bench/local-ai-job.ts): its time, and the peak RSS of a
 * process that ran only it (threads included), unaffected by the cases before it.
 */
function runJob(dir: string, input: string, c: Case, index: number) {
  const plan = planUpscale(c.scale, c.mode);
  const task: UpscaleTask = {
    kind: 'upscale',
    inputPath: input,
    outputPath: path.join(dir, `bench-${index}.${'0'.repeat(12)}.png`),
    workDir: dir,
    model: c.model,
    modelScale: plan.modelScale,
    scale: c.scale,
    threads: c.threads,
    tileSize: effectiveTileSize(c.model, plan.modelScale, TILE),
    format: 'png',
    maxInputPixels: 50_000_000,
  };
  const output = execFileSync(
    process.execPath,
    [...process.execArgv, path.join(__dirname, 'local-ai-job.ts')],
    {
      env: { ...process.env, SMI_BENCH_JOB: JSON.stringify({ script: WORKER, task }) },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = output.trim().split('\n').pop() as string;
  return JSON.parse(line) as {
    seconds: number;
    outcome: UpscaleOutcome;
    baseRss: number;
    peakRss: number;
  };
}

async function speed() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'smi-bench-local-ai-'));
  // The built worker, as a site runs it (rebuilt here so it matches the sources).
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-worker.mjs')], {
    stdio: 'ignore',
  });
  const runner = createLocalAiRunner({ script: { path: WORKER } });
  const rows: Array<Record<string, string | number>> = [];
  const results: Record<string, unknown>[] = [];
  try {
    const calibrationRun = await runner.calibrate('bench-calibration', {
      kind: 'calibrate',
      models: ['slim', 'medium'],
      scales: [4, 8],
      size: CALIBRATION_SAMPLE_SIZE,
      threads: THREADS,
    });
    const calibration = calibrationFromRun(
      calibrationRun,
      { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '?', node: process.version },
      CALIBRATION_SAMPLE_SIZE,
    );
    console.log(
      `calibration (${CALIBRATION_SAMPLE_SIZE} px, one thread): ${Object.entries(calibration.rates)
        .map(([k, r]) => `${k} ${fmt(r!.secondsPerMegapixel)} s/MP`)
        .join(
          ', ',
        )}; ${calibration.threads} threads together ${fmt(calibration.parallelSpeedup, 2)}× one; Lanczos 2x ${fmt(calibration.lanczosSecondsPerMegapixel, 3)} s/output MP; start-up ${fmt(calibration.startupSeconds, 2)} s`,
    );
    for (const [index, c] of CASES.entries()) {
      const side = Math.round(Math.sqrt(c.megapixels * 1e6));
      const input = path.join(dir, `input-${side}.png`);
      await writeFile(input, await makeImage(side, side, 'png'));
      const inputMp = (side * side) / 1e6;
      const modelScale = planUpscale(c.scale, c.mode).modelScale;
      const estimate = estimateSeconds(calibration, {
        width: side,
        height: side,
        scale: c.scale,
        model: c.model,
        eightXMode: c.mode,
        tileSize: effectiveTileSize(c.model, modelScale, TILE),
        padding: modelPadding(c.model, modelScale),
        threads: c.threads,
      });
      const value = runJob(dir, input, c, index);
      const peakRss = value.peakRss;
      const perMp = value.seconds / inputMp;
      rows.push({
        case: c.name,
        threads: c.threads,
        input: `${side}×${side}`,
        seconds: fmt(value.seconds),
        's/input MP': fmt(perMp),
        estimate: estimate === null ? '—' : `${estimate} s`,
        tiles: value.outcome.tiles,
        'peak RSS': `${fmt(peakRss / MB, 0)} MB`,
        'process at start': `${fmt(value.baseRss / MB, 0)} MB`,
      });
      results.push({
        case: c.name,
        threads: c.threads,
        inputMegapixels: inputMp,
        seconds: value.seconds,
        secondsPerInputMegapixel: perMp,
        estimateSeconds: estimate,
        peakRssBytes: peakRss,
      });
    }
  } finally {
    await runner.stop();
    await rm(dir, { recursive: true, force: true });
  }
  printTable(rows);
  return results;
}

function rssOf(pid: number | undefined): number {
  if (!pid) return 0;
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

async function responsiveness() {
  const shop = await openShop('bench-local-ai', { SMI_UPSCALER: 'local-ai' });
  try {
    const put = await shop.adminApi('/settings', { method: 'PUT', json: { resolutions: ['4x'] } });
    if (put.status !== 200) throw new Error(`settings answered ${put.status}`);
    const prices = `${shop.app.url}/api/sell-my-images/prices?fileId=${shop.images.large.id}`;
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
    const { jobId } = await buy(shop, {
      fileId: file.id,
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

async function main() {
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  let runs: Record<string, unknown>[] = [];
  if (PARTS.includes('speed')) {
    runs = await speed();
    type Row = {
      case: string;
      secondsPerInputMegapixel: number;
      seconds: number;
      inputMegapixels: number;
      peakRssBytes: number;
    };
    const find = (name: string) => (runs as Row[]).find((run) => run.case === name);
    const baseline = find('slim 4x, 1 thread (baseline)');
    const slim = find('slim 4x');
    const big = (runs as Row[]).find((run) => run.case.includes('(memory)'));
    if (slim)
      console.log(
        `slim 4x      : ${fmt(slim.seconds)} s for ${fmt(slim.inputMegapixels, 2)} MP = ${fmt(slim.secondsPerInputMegapixel)} s/MP with ${THREADS} threads (target ≤ 30 s for 1 MP)${baseline ? `; ${fmt(baseline.secondsPerInputMegapixel / slim.secondsPerInputMegapixel, 2)}× the one-thread baseline (${fmt(baseline.secondsPerInputMegapixel)} s/MP)` : ''}`,
      );
    if (big)
      console.log(
        `peak RSS     : ${fmt(big.peakRssBytes / MB, 0)} MB for a ${BIG_MEGAPIXELS} MP input (target ≤ 1024 MB)`,
      );
  }
  const latency = PARTS.includes('latency') ? await responsiveness() : null;
  console.log(
    `load average after: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(JSON.stringify({ bench: 'local-ai', runs, latency }));
  if (latency && (latency.errors > 0 || latency.non2xx > 0)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
