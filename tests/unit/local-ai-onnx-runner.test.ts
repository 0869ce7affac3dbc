/**
 * local-ai on the ONNX engine through the provider and its runner, with real worker
 * threads: exact results; the warm pool (a second job reuses the first one's worker and
 * its loaded model; a cancelled job's worker is not reused); a calibration never delays
 * an upscale (it waits while one is queued, and gives its slot back when one arrives);
 * CPU priority (Linux nice: 10 for an upscale, 19 for a calibration); the run order as
 * pure functions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { LocalAiUpscalerOptions } from '../../server/src/upscalers/local-ai/provider';
import { preemptCalibration, takeNext } from '../../server/src/upscalers/local-ai/run-priority';
import {
  createLocalAiRunner,
  type LocalAiRunner,
} from '../../server/src/upscalers/local-ai/runner';
import type { WorkerTask } from '../../server/src/upscalers/local-ai/protocol';
import { createUpscaler, type UpscaleStatus } from '../../server/src/upscalers';

jest.setTimeout(120_000);

let dir: string;
let runner: LocalAiRunner;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'smi-onnx-runner-'));
  runner = createLocalAiRunner({ concurrency: 1, progressIntervalMs: 0 });
});

afterAll(async () => {
  await runner?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function image(name: string, width: number, height: number): Promise<string> {
  const file = path.join(dir, name);
  await sharp({ create: { width, height, channels: 3, background: '#8a3ea5' } })
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
      engine: 'onnx',
      eightXMode: 'x4-lanczos',
      tileSize: 64,
      threads: 2,
      ...extra,
    },
  });

async function settle(
  upscaler: ReturnType<typeof provider>,
  externalId: string,
): Promise<UpscaleStatus> {
  for (let i = 0; i < 1200; i++) {
    const status = await upscaler.status(externalId);
    if (status.state === 'succeeded' || status.state === 'failed') return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${externalId} did not settle in 60 s`);
}

async function submit(
  upscaler: ReturnType<typeof provider>,
  name: string,
  scale: number,
  w: number,
  h: number,
) {
  const inputPath = await image(`${name}.png`, w, h);
  return upscaler.submit({ jobId: `job-${name}`, imageUrl: 'x', scale, inputPath });
}

it('upscales exactly on a warm worker, and the next job reuses it with its model loaded', async () => {
  const upscaler = provider();
  const first = await submit(upscaler, 'warm-a', 4, 90, 50);
  const a = await settle(upscaler, first.externalId);
  expect(a).toMatchObject({ state: 'succeeded' });
  expect(await sharp((a as { resultPath: string }).resultPath).metadata()).toMatchObject({
    width: 360,
    height: 200,
  });
  expect(runner.get(first.externalId)?.outcome).toMatchObject({ threads: 2, folded: true });
  expect(runner.warm).toEqual({ idle: 1, started: 1 });

  const second = await submit(upscaler, 'warm-b', 8, 30, 20);
  const b = await settle(upscaler, second.externalId);
  expect(b).toMatchObject({ state: 'succeeded' });
  expect(await sharp((b as { resultPath: string }).resultPath).metadata()).toMatchObject({
    width: 240,
    height: 160,
  });
  // the same worker ran it: no thread started for the second job
  expect(runner.warm).toEqual({ idle: 1, started: 1 });
});

it("terminates a cancelled job's worker instead of reusing it", async () => {
  const upscaler = provider({ tileSize: 32 });
  const before = runner.warm.started;
  const job = await submit(upscaler, 'cancel', 4, 700, 500);
  while (runner.get(job.externalId)?.state !== 'running')
    await new Promise((resolve) => setTimeout(resolve, 20));
  await upscaler.cancel?.(job.externalId);
  expect(await upscaler.status(job.externalId)).toMatchObject({ state: 'failed', permanent: true });
  expect(runner.warm.idle).toBe(0);
  const next = await submit(upscaler, 'after-cancel', 2, 20, 20);
  expect(await settle(upscaler, next.externalId)).toMatchObject({ state: 'succeeded' });
  expect(runner.warm.started).toBe(before + 1);
});

it('puts a running calibration back in the queue when an upscale arrives, then finishes it', async () => {
  const upscaler = provider();
  const calibration = runner.calibrate('calibration.yield', {
    kind: 'calibrate',
    engine: 'onnx',
    models: ['slim', 'medium'],
    scales: [4, 8],
    size: 192,
    threads: 2,
  });
  let calibratedAt = 0;
  void calibration.then(() => (calibratedAt = Date.now()));
  while (runner.get('calibration.yield')?.state !== 'running')
    await new Promise((resolve) => setTimeout(resolve, 20));
  const job = await submit(upscaler, 'paid', 4, 40, 30);
  // the upscale got the only slot at once: the calibration waits in the queue again
  expect(runner.get(job.externalId)?.state).toBe('running');
  expect(runner.get('calibration.yield')?.state).toBe('queued');
  expect(await settle(upscaler, job.externalId)).toMatchObject({ state: 'succeeded' });
  const run = await calibration;
  expect(run.measurements.map((m) => `${m.model}-${m.scale}`)).toEqual([
    'slim-4',
    'slim-8',
    'medium-4',
    'medium-8',
  ]);
  // ONNX rates are measured with the job's threads already
  expect(run).toMatchObject({ threads: 2, parallelSpeedup: 1 });
  expect(calibratedAt).toBeGreaterThanOrEqual(runner.get(job.externalId)?.finishedAt ?? Infinity);
});

it('prewarms: an idle worker loads the model before the first job, which then starts none', async () => {
  const fresh = createLocalAiRunner({ concurrency: 1 });
  try {
    fresh.prewarm([{ model: 'slim', modelScale: 2, threads: 1 }]);
    fresh.prewarm([{ model: 'slim', modelScale: 2, threads: 1 }]); // one idle worker is enough
    expect(fresh.warm).toEqual({ idle: 1, started: 1 });
    const upscaler = provider({ runner: fresh, threads: 1 });
    const job = await submit(upscaler, 'prewarmed', 2, 24, 16);
    expect(await settle(upscaler, job.externalId)).toMatchObject({ state: 'succeeded' });
    expect(fresh.warm).toEqual({ idle: 1, started: 1 });
  } finally {
    await fresh.stop();
  }
});

/** Each thread of this process: its nice value and the CPU ticks it has used (Linux /proc). */
function threadStats(): Map<string, { nice: number; ticks: number }> {
  const stats = new Map<string, { nice: number; ticks: number }>();
  for (const tid of readdirSync('/proc/self/task')) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // fields after "(comm) ": state is field 3, utime 14, stime 15, nice 19
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    stats.set(tid, { nice: Number(fields[16]), ticks: Number(fields[11]) + Number(fields[12]) });
  }
  return stats;
}

/**
 * The nice values of the threads started while `work` ran, sampled as it runs (CPU time
 * would not do: on a busy machine a thread at nice 19 may get none), and this thread's.
 */
async function startedDuring(
  work: () => Promise<unknown>,
): Promise<{ mine: number; nices: number[] }> {
  const before = new Set(threadStats().keys());
  const seen = new Map<string, number>();
  const sample = () => {
    for (const [tid, { nice }] of threadStats()) if (!before.has(tid)) seen.set(tid, nice);
  };
  const sampler = setInterval(sample, 10);
  try {
    await work();
    sample();
  } finally {
    clearInterval(sampler);
  }
  return { mine: threadStats().get(String(process.pid))?.nice ?? NaN, nices: [...seen.values()] };
}

(process.platform === 'linux' ? describe : describe.skip)('CPU priority (Linux)', () => {
  it("runs an upscale below Strapi's thread: the worker and ONNX Runtime's threads at nice 10", async () => {
    const fresh = createLocalAiRunner({ concurrency: 1 });
    try {
      const upscaler = provider({ runner: fresh, tileSize: 48 });
      const { mine, nices } = await startedDuring(async () => {
        const job = await submit(upscaler, 'nice', 4, 360, 240);
        expect(await settle(upscaler, job.externalId)).toMatchObject({ state: 'succeeded' });
      });
      // the warm worker and ONNX Runtime's second intra-op thread (sharp's own threads stay at 0)
      expect(nices.filter((nice) => nice === 10).length).toBeGreaterThanOrEqual(2);
      expect(nices).not.toContain(19);
      expect(mine).toBe(0);
    } finally {
      await fresh.stop();
    }
  });

  it('runs a calibration at the lowest priority, nice 19, threads included', async () => {
    const { mine, nices } = await startedDuring(() =>
      runner.calibrate('calibration.nice', {
        kind: 'calibrate',
        engine: 'onnx',
        models: ['slim'],
        scales: [4],
        size: 192,
        threads: 2,
      }),
    );
    expect(nices.filter((nice) => nice === 19).length).toBeGreaterThanOrEqual(2);
    expect(nices).not.toContain(10);
    expect(mine).toBe(0);
  });
});

describe('run order', () => {
  const upscale = { kind: 'upscale' } as WorkerTask;
  const calibrate = { kind: 'calibrate' } as WorkerTask;
  const run = (id: string, task: WorkerTask, state = 'queued') => ({
    id,
    task,
    state,
    done: 3,
    total: 9,
  });

  it('starts the first waiting upscale before any calibration', () => {
    const runs = new Map([
      ['c', run('c', calibrate)],
      ['u1', run('u1', upscale)],
      ['u2', run('u2', upscale)],
    ]);
    const waiting = ['c', 'u1', 'u2'];
    expect(takeNext(runs, waiting)?.id).toBe('u1');
    expect(takeNext(runs, waiting)?.id).toBe('u2');
    expect(takeNext(runs, waiting)?.id).toBe('c');
    expect(takeNext(runs, waiting)).toBeUndefined();
  });

  it('preempts a running calibration only when every slot is taken and an upscale waits', () => {
    const stop = jest.fn(async () => 0);
    const calibration = { ...run('c', calibrate, 'running'), worker: { stop }, startedAt: 1 };
    const runs = new Map<string, ReturnType<typeof run> & { worker?: { stop(): Promise<number> } }>(
      [
        ['c', calibration],
        ['u', run('u', upscale)],
      ],
    );
    const waiting = ['u'];
    preemptCalibration(runs, waiting, 2); // a slot is free: nothing to do
    expect(calibration.state).toBe('running');
    preemptCalibration(runs, [], 1); // nothing waits
    expect(calibration.state).toBe('running');
    preemptCalibration(runs, waiting, 1);
    expect(calibration).toMatchObject({ state: 'queued', done: 0, total: 0 });
    expect(calibration.worker).toBeUndefined();
    expect(stop).toHaveBeenCalledTimes(1);
    expect(waiting).toEqual(['u', 'c']);
  });
});
