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
 * 2. Responsiveness (bench/local-ai-latency.ts): p99 latency of GET /prices in a real Strapi (playground) at a steady
 *    100 requests/s, idle and while a local-ai job runs (ratio; target ≤ 2×), plus the
 *    saturated throughput both ways for reference. On a shared machine one window's p99
 *    is at the mercy of other processes, so there are two windows of each, in the order
 *    idle, busy, busy, idle, and the ratio compares their means.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeImage } from '../tests/integration/helpers/images';
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
import { fmt, printTable } from './lib';
import { responsiveness } from './local-ai-latency';

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
    engine: 'onnx',
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
      engine: 'onnx',
      models: ['slim', 'medium'],
      scales: [4, 8],
      size: CALIBRATION_SAMPLE_SIZE,
      threads: THREADS,
    });
    const calibration = calibrationFromRun(
      calibrationRun,
      { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '?', node: process.version },
      CALIBRATION_SAMPLE_SIZE,
      'onnx',
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
