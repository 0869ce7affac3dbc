/**
 * Local AI upscaler (ESRGAN on the server's CPU) on this machine, on the ONNX Runtime engine
 * (the default) against TensorFlow.js (wasm, the fallback) measured in the same run:
 *
 * 1. Pipeline (bench/local-ai-pipeline.ts): paid 4x jobs in a running Strapi, payment →
 *    completed, one fresh boot per engine: a 160×120 image bought right after start-up
 *    (target ≤ 3 s on ONNX), slim 4x and medium 4x of a 1 MP original in s/MP (targets ≤ 6
 *    and ≤ 15), the Strapi process's peak RSS during a 4 MP slim 4x job against its idle RSS
 *    (≤ 700 MB), and GET /prices p99 at 100 req/s while an upscale runs against idle (≤ 2×,
 *    bench/local-ai-latency.ts). TensorFlow.js medium runs only if the time budget allows.
 * 2. Fresh processes (bench/local-ai-job.ts): whole jobs through the runner and the built
 *    worker, each in a process of its own with its peak RSS, next to the calibration's
 *    estimate: slim 4x on tfjs (the baseline), then on onnx slim 4x, medium 4x, 8x both
 *    ways, and slim 4x of a BENCH_LOCAL_AI_BIG_MP (4) MP image.
 * 3. ESRGAN thick (bench/local-ai-thick.ts), not offered: one 192-px tile on ONNX, its
 *    padding and the s per input MP that follows.
 *
 * BENCH_LOCAL_AI_PARTS=thick,speed,onnx,tfjs (default all) repeats a part on its own;
 * BENCH_LOCAL_AI_BUDGET_S (540) bounds the run before the optional TensorFlow.js medium job.
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
import type { LocalAiEngine } from '../server/src/upscalers/local-ai/engines';
import type { UpscaleOutcome, UpscaleTask } from '../server/src/upscalers/local-ai/protocol';
import { createLocalAiRunner } from '../server/src/upscalers/local-ai/runner';
import { threadsPerJob } from '../server/src/upscalers/local-ai/worker-threads';
import { CALIBRATION_SAMPLE_SIZE } from '../server/src/upscalers/local-ai/service';
import { SETTINGS_DEFAULTS } from '../shared/contracts/settings';
import { fmt, printTable } from './lib';
import { pipeline } from './local-ai-pipeline';
import { printThick, summary, type Run } from './local-ai-summary';
import { thick } from './local-ai-thick';

const ROOT = path.resolve(__dirname, '..');
/** The built worker, as a site runs it (rebuilt by speed() so it matches the sources). */
const WORKER = path.join(ROOT, 'dist/workers/esrgan-worker.js');
const MEGAPIXELS = Number(process.env.BENCH_LOCAL_AI_MP ?? 1);
const BIG_MEGAPIXELS = Number(process.env.BENCH_LOCAL_AI_BIG_MP ?? 4);
const TILE = SETTINGS_DEFAULTS.localAiTileSize;
/** `speed`, `latency` or both (default), e.g. to repeat one part on a quieter machine. */
const PARTS = (process.env.BENCH_LOCAL_AI_PARTS ?? 'thick,speed,onnx,tfjs').split(',');
const BUDGET_SECONDS = Number(process.env.BENCH_LOCAL_AI_BUDGET_S ?? 540);
const STARTED = performance.now();
const elapsed = () => (performance.now() - STARTED) / 1000;
const MB = 1024 * 1024;

/** Inference threads a job gets here with the default concurrency (1). */
const THREADS = threadsPerJob(SETTINGS_DEFAULTS.localAiConcurrency);

interface Case {
  name: string;
  engine: LocalAiEngine;
  model: LocalAiModel;
  scale: number;
  mode: EightXMode;
  megapixels: number;
  threads: number;
}

const ALL_CASES: Case[] = [
  ['slim 4x (tfjs, baseline)', 'tfjs', 'slim', 4, 'x4-lanczos', MEGAPIXELS],
  ['slim 4x', 'onnx', 'slim', 4, 'x4-lanczos', MEGAPIXELS],
  ['medium 4x', 'onnx', 'medium', 4, 'x4-lanczos', MEGAPIXELS],
  ['slim 8x (8x model)', 'onnx', 'slim', 8, 'x8-model', MEGAPIXELS],
  ['slim 8x (4x + Lanczos 2x)', 'onnx', 'slim', 8, 'x4-lanczos', MEGAPIXELS],
  [`slim 4x, ${BIG_MEGAPIXELS} MP (memory)`, 'onnx', 'slim', 4, 'x4-lanczos', BIG_MEGAPIXELS],
].map(([name, engine, model, scale, mode, megapixels]) => ({
  name,
  engine,
  model,
  scale,
  mode,
  megapixels,
  threads: THREADS,
})) as Case[];
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
    engine: c.engine,
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
      `onnx calibration (${CALIBRATION_SAMPLE_SIZE} px tiles, ${THREADS} intra-op threads): ${Object.entries(
        calibration.rates,
      )
        .map(([k, r]) => `${k} ${fmt(r!.secondsPerMegapixel)} s/MP`)
        .join(
          ', ',
        )}; Lanczos 2x ${fmt(calibration.lanczosSecondsPerMegapixel, 3)} s/output MP; worker start-up ${fmt(calibration.startupSeconds, 2)} s`,
    );
    for (const [index, c] of CASES.entries()) {
      const side = Math.round(Math.sqrt(c.megapixels * 1e6));
      const input = path.join(dir, `input-${side}.png`);
      await writeFile(input, await makeImage(side, side, 'png'));
      const inputMp = (side * side) / 1e6;
      const modelScale = planUpscale(c.scale, c.mode).modelScale;
      const estimate =
        c.engine !== 'onnx'
          ? null
          : estimateSeconds(calibration, {
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
        engine: c.engine,
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
        engine: c.engine,
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

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main() {
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, load average ${loadAverage()}`,
  );
  const thickResult = PARTS.includes('thick') ? await thick() : null;
  if (thickResult) printThick(THREADS, thickResult);
  const runs = PARTS.includes('speed') ? ((await speed()) as unknown as Run[]) : [];
  const onnx = PARTS.includes('onnx')
    ? await pipeline('onnx', { big: true, latency: true, medium: () => true })
    : null;
  console.log(`after the onnx pipeline: ${fmt(elapsed(), 0)} s, load average ${loadAverage()}`);
  const tfjs = PARTS.includes('tfjs')
    ? await pipeline('tfjs', {
        big: false,
        latency: false,
        // medium ≈ 2.5× slim per MP on tfjs, plus a margin for the rest of the run
        medium: (slimRate) => elapsed() + 2.5 * slimRate + 30 < BUDGET_SECONDS,
      })
    : null;
  summary(onnx, tfjs, runs);
  if (thickResult) printThick(THREADS, thickResult);
  console.log(`total ${fmt(elapsed(), 0)} s; load average after: ${loadAverage()}`);
  const latency = onnx?.latency ?? null;
  console.log(
    JSON.stringify({
      bench: 'local-ai',
      runs,
      pipeline: { onnx, tfjs },
      latency,
      thick: thickResult,
    }),
  );
  if (latency && (latency.errors > 0 || latency.non2xx > 0)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
