/**
 * local-ai off the event loop: the provider and its runner with real worker threads
 * (the TypeScript worker under tsx, as the built one runs under node). Submit answers
 * at once, the run reports progress and ends with an exact result; runs wait for a free
 * slot (concurrency 1); a cancelled run stops its thread; status() after a restart; a
 * calibration feeds the time estimate.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { calibrationFromRun, estimateSeconds } from '../../server/src/upscalers/local-ai/estimate';
import { modelPadding } from '../../server/src/upscalers/local-ai/models';
import type { LocalAiUpscalerOptions } from '../../server/src/upscalers/local-ai/provider';
import type { Run } from '../../server/src/upscalers/local-ai/run';
import {
  createLocalAiRunner,
  type LocalAiRunner,
} from '../../server/src/upscalers/local-ai/runner';
import { defaultWorkerScript } from '../../server/src/upscalers/local-ai/worker-threads';
import {
  createUpscaler,
  UPSCALER_LABELS,
  UpscalerError,
  type UpscaleStatus,
} from '../../server/src/upscalers';

jest.setTimeout(120_000);

let dir: string;
let runner: LocalAiRunner;
const progress: Run[] = [];
const settled: Run[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'smi-runner-'));
  runner = createLocalAiRunner({
    concurrency: 1,
    progressIntervalMs: 0,
    hooks: { onProgress: (run) => progress.push(run), onSettled: (run) => settled.push(run) },
  });
});

afterAll(async () => {
  await runner?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function image(name: string, width: number, height: number): Promise<string> {
  const file = path.join(dir, name);
  await sharp({ create: { width, height, channels: 3, background: '#3a6ea5' } })
    .composite([
      {
        input: Buffer.from(
          `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><text x="2" y="${height - 4}" font-size="${height / 2}" fill="#fff">AI</text></svg>`,
        ),
      },
    ])
    .png()
    .toFile(file);
  return file;
}

const provider = (extra: Partial<LocalAiUpscalerOptions> = {}) =>
  createUpscaler('local-ai', {
    localAi: {
      runner,
      workDir: path.join(dir, 'work'),
      model: 'slim',
      // The fallback engine's per-job inference threads (the ONNX engine: local-ai-onnx.test).
      engine: 'tfjs',
      eightXMode: 'x4-lanczos',
      tileSize: 32,
      ...extra,
    },
  });

/** Submits job `job-<name>` of a generated `<name>.png` of `width`×`height` at `scale`. */
async function submitImage(
  upscaler: ReturnType<typeof provider>,
  name: string,
  scale: number,
  width: number,
  height: number,
) {
  return upscaler.submit({
    jobId: `job-${name}`,
    imageUrl: `http://unused.test/${name}.png`,
    scale,
    inputPath: await image(`${name}.png`, width, height),
  });
}

async function settle(
  upscaler: ReturnType<typeof provider>,
  externalId: string,
): Promise<UpscaleStatus> {
  for (;;) {
    const status = await upscaler.status(externalId);
    if (status.state === 'succeeded' || status.state === 'failed') return status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it('runs the TypeScript worker under tsx when running from the sources', () => {
  expect(defaultWorkerScript()).toEqual({
    path: expect.stringMatching(/local-ai[\\/]inference-worker\.ts$/),
    execArgv: ['--require', 'tsx/cjs'],
  });
});

it('is labelled honestly', () => {
  const upscaler = provider();
  expect([upscaler.name, upscaler.isAi, upscaler.label]).toEqual([
    'local-ai',
    true,
    'AI (ESRGAN, on this server)',
  ]);
  expect(UPSCALER_LABELS['local-ai']).toBe('AI (ESRGAN, on this server)');
});

it('answers submit at once, runs jobs one at a time in worker threads, and reports tiles until an exact result', async () => {
  const upscaler = provider({ threads: 2 });
  const first = await submitImage(upscaler, 'a', 4, 70, 40);
  const second = await submitImage(upscaler, 'b', 8, 30, 20);
  expect(first.status).toEqual({ state: 'queued' });
  expect(first.detail).toBe('ESRGAN slim 4x');
  expect(second.detail).toBe('ESRGAN slim 4x + Lanczos 2x');
  expect(first.externalId).toMatch(/^job-a\.[0-9a-f]{12}\.png$/);
  // concurrency 1: the second waits while the first runs
  expect(runner.get(second.externalId)?.state).toBe('queued');
  expect(upscaler.isRunningHere?.(second.externalId)).toBe(true);

  const a = await settle(upscaler, first.externalId);
  const b = await settle(upscaler, second.externalId);
  expect(a).toMatchObject({ state: 'succeeded' });
  expect(b).toMatchObject({ state: 'succeeded' });
  const resultA = (a as { resultPath: string }).resultPath;
  const resultB = (b as { resultPath: string }).resultPath;
  expect(await sharp(resultA).metadata()).toMatchObject({ width: 280, height: 160, format: 'png' });
  expect(await sharp(resultB).metadata()).toMatchObject({ width: 240, height: 160 });

  const runA = runner.get(first.externalId)!;
  const runB = runner.get(second.externalId)!;
  expect(runB.startedAt!).toBeGreaterThanOrEqual(runA.finishedAt!);
  // 70×40 in 32-px tiles: 3 × 2
  expect(progress.filter((p) => p.id === first.externalId).map((p) => p.done)).toEqual(
    expect.arrayContaining([0, 6]),
  );
  expect(
    progress.filter((p) => p.id === first.externalId).every((p) => p.total === 0 || p.total === 6),
  ).toBe(true);
  expect(settled.map((run) => [run.jobId, run.state])).toEqual([
    ['job-a', 'succeeded'],
    ['job-b', 'succeeded'],
  ]);
  // each job's tiles went to its two inference threads
  expect(runA.outcome).toMatchObject({ tiles: 6, folded: true, threads: 2 });
  expect(runB.outcome).toMatchObject({ threads: 2 });
  expect(runner.active).toBe(0);
});

it('cancels a running job: its thread ends and status says failed', async () => {
  const upscaler = provider({ tileSize: 64 });
  const job = await submitImage(upscaler, 'cancel', 4, 600, 400);
  while (runner.get(job.externalId)?.state !== 'running')
    await new Promise((resolve) => setTimeout(resolve, 50));
  await upscaler.cancel?.(job.externalId);
  expect(await upscaler.status(job.externalId)).toMatchObject({ state: 'failed', permanent: true });
  expect(runner.active).toBe(0);
  expect(existsSync(path.join(dir, 'work', job.externalId))).toBe(false);
});

it('refuses what it cannot do before queueing: not an image, too large, no worker', async () => {
  const bad = path.join(dir, 'bad.png');
  await writeFile(bad, 'not an image');
  await expect(
    provider().submit({ jobId: 'job-bad', imageUrl: 'x', scale: 4, inputPath: bad }),
  ).rejects.toMatchObject({ code: 'unsupported_input', permanent: true });
  await expect(
    provider({ maxInputPixels: 100 }).submit({
      jobId: 'job-big',
      imageUrl: 'x',
      scale: 4,
      inputPath: await image('big.png', 20, 20),
    }),
  ).rejects.toMatchObject({ code: 'too_large' });
  await expect(
    provider().submit({ jobId: 'job-1x', imageUrl: 'x', scale: 1, inputPath: bad }),
  ).rejects.toThrow(UpscalerError);
  const noScript = createLocalAiRunner({ script: null });
  const orphan = createUpscaler('local-ai', {
    localAi: {
      runner: noScript,
      workDir: dir,
      model: 'slim',
      engine: 'tfjs',
      eightXMode: 'x8-model',
    },
  });
  await expect(
    orphan.submit({ jobId: 'job-x', imageUrl: 'x', scale: 4, inputPath: bad }),
  ).rejects.toMatchObject({ code: 'bad_config' });
});

it('after a restart: a result on disk counts, a run elsewhere is waited for, anything else is run again', async () => {
  const fresh = createLocalAiRunner({ script: null });
  const workDir = path.join(dir, 'restart');
  let elsewhere = false;
  const upscaler = createUpscaler('local-ai', {
    localAi: {
      runner: fresh,
      workDir,
      model: 'slim',
      engine: 'tfjs',
      eightXMode: 'x8-model',
      runningElsewhere: async () => elsewhere,
    },
  });
  const id = 'job-r.0123456789ab.png';
  expect(await upscaler.status(id)).toEqual({
    state: 'failed',
    error: expect.stringMatching(/interrupted/),
    permanent: false,
  });
  elsewhere = true;
  expect(await upscaler.status(id)).toEqual({ state: 'processing' });
  await image('restart-result.png', 8, 8);
  await mkdir(workDir, { recursive: true });
  await rename(path.join(dir, 'restart-result.png'), path.join(workDir, id));
  expect(await upscaler.status(id)).toEqual({
    state: 'succeeded',
    resultPath: path.join(workDir, id),
  });
  await expect(upscaler.status('../../etc/passwd')).rejects.toMatchObject({ code: 'not_found' });
});

it('calibrates in a worker, and the estimate grows with the image', async () => {
  const run = await runner.calibrate('calibration-test', {
    kind: 'calibrate',
    engine: 'tfjs',
    models: ['slim'],
    scales: [4],
    size: 48,
    threads: 2,
  });
  expect(run.measurements).toEqual([expect.objectContaining({ model: 'slim', scale: 4 })]);
  const rate = run.measurements[0]!;
  expect(rate.secondsPerMegapixel).toBeGreaterThan(0);
  expect(run.startupSeconds).toBeGreaterThan(0);
  expect(run.lanczosSecondsPerMegapixel).toBeGreaterThan(0);
  // two threads measured together: never counted as more than twice one, nor less than one
  expect(run.threads).toBe(2);
  expect(run.parallelSpeedup).toBeGreaterThanOrEqual(1);
  expect(run.parallelSpeedup).toBeLessThanOrEqual(2);
  const calibration = calibrationFromRun(
    run,
    { cpus: 2, cpuModel: 'test', node: process.version },
    48,
    'tfjs',
  );
  const estimate = (width: number, height: number, scale: number) =>
    estimateSeconds(calibration, {
      width,
      height,
      scale,
      model: 'slim',
      eightXMode: 'x4-lanczos',
      tileSize: 256,
      padding: modelPadding('slim', 4),
      threads: 2,
    });
  const small = estimate(640, 480, 4)!;
  const large = estimate(2000, 2000, 4)!;
  console.log(
    `slim x4: ${rate.secondsPerMegapixel.toFixed(1)} s per processed MP here; expected 640×480: ${small} s, 2000×2000: ${large} s`,
  );
  expect(large).toBeGreaterThan(small);
  expect(estimate(640, 480, 8)).toBeGreaterThanOrEqual(small);
  // no rate for the 8x model in this calibration: no estimate rather than a guess
  expect(
    estimateSeconds(calibration, {
      width: 10,
      height: 10,
      scale: 8,
      model: 'slim',
      eightXMode: 'x8-model',
      tileSize: 256,
      padding: 10,
    }),
  ).toBeNull();
});

describe('a worker that cannot start', () => {
  it('fails a calibration at once instead of leaving it waiting', async () => {
    const script = defaultWorkerScript();
    if (!script) throw new Error('no worker script');
    // An exec argument Node refuses makes `new Worker` throw before the thread exists.
    const broken = createLocalAiRunner({ script: { ...script, execArgv: ['--not-a-node-flag'] } });
    try {
      const calibration = broken.calibrate('calibration.broken', {
        kind: 'calibrate',
        engine: 'tfjs',
        models: ['slim'],
        scales: [4],
        size: 16,
        threads: 1,
      });
      await expect(calibration).rejects.toThrow(/could not start/);
    } finally {
      await broken.stop();
    }
  });
});
