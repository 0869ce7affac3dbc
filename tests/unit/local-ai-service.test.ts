/**
 * upscalers/local-ai/service: the calibration kept in the plugin store (and ignored when it was
 * measured on other hardware), expected times for the settings page, and the link from
 * a run's progress to its job row (conditional on the job still waiting for that run)
 * and to the fulfilment worker (nudged when the run ends).
 */
import os from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import {
  createLocalAiService,
  type LocalAiService,
} from '../../server/src/upscalers/local-ai/service';
import type { EffectiveSettings } from '../../server/src/settings/settings';
import { createUpscaler } from '../../server/src/upscalers';
import {
  CALIBRATION_VERSION,
  estimateSeconds,
  type LocalAiCalibration,
} from '../../server/src/upscalers/local-ai/estimate';
import { SETTINGS_DEFAULTS } from '../../shared/contracts/settings';

jest.setTimeout(120_000);

const stored = new Map<string, unknown>();
const updates: Array<{ where: Record<string, unknown>; data: Record<string, unknown> }> = [];
const nudged: string[] = [];
let settings: EffectiveSettings;
let service: LocalAiService;
let dir: string;

const strapi = {
  store: () => ({
    get: async ({ key }: { key: string }) => stored.get(key) ?? null,
    set: async ({ key, value }: { key: string; value: unknown }) => void stored.set(key, value),
  }),
  log: {
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
    debug: () => undefined,
  },
};

function calibration(overrides: Partial<LocalAiCalibration> = {}): LocalAiCalibration {
  const cpus = os.cpus();
  return {
    version: CALIBRATION_VERSION,
    engine: 'onnx',
    measuredAt: new Date().toISOString(),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      node: process.version,
    },
    sampleSize: 128,
    startupSeconds: 1,
    encodeSecondsPerMegapixel: 0.1,
    lanczosSecondsPerMegapixel: 0.12,
    threads: 2,
    parallelSpeedup: 1.9,
    rates: {
      'slim-x4': { secondsPerMegapixel: 25, loadSeconds: 0.1 },
      'slim-x8': { secondsPerMegapixel: 120, loadSeconds: 0.1 },
      'medium-x4': { secondsPerMegapixel: 60, loadSeconds: 0.2 },
      'medium-x8': { secondsPerMegapixel: 200, loadSeconds: 0.2 },
    },
    ...overrides,
  };
}

beforeEach(() => {
  stored.clear();
  settings = { ...SETTINGS_DEFAULTS, upscaler: 'local-ai', sources: {} } as EffectiveSettings;
  service = createLocalAiService(strapi as never, {
    jobs: {
      updateWhere: async (where: Record<string, unknown>, data: Record<string, unknown>) => {
        updates.push({ where, data });
        return true;
      },
      findOne: async () => null,
    } as never,
    settings: { get: async () => settings } as never,
    nudge: async (jobId) => void nudged.push(jobId),
  });
});

afterEach(async () => service.stop());

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'smi-service-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

it('gives expected times for the sample sizes from the stored calibration, growing with size, both 8x ways', async () => {
  stored.set('local-ai-calibration', calibration());
  const times = await service.expectedTimes({ calibrate: 'never' });
  expect(times).toMatchObject({
    calibrated: true,
    upscaler: { name: 'local-ai', label: 'AI (ESRGAN, on this server)', model: 'ESRGAN slim' },
    eightXMode: 'x4-lanczos',
    tileSize: 192,
  });
  const fours = times.samples.map(
    (sample) => sample.options.find((o) => o.resolution === '4x')!.seconds!,
  );
  expect(fours.every((s) => s > 0)).toBe(true);
  expect([...fours].sort((a, b) => a - b)).toEqual(fours); // the samples go from small to large
  const first = times.samples[0]!;
  expect(first.options.map((o) => o.method)).toEqual([
    'ESRGAN slim 4x',
    'ESRGAN slim 4x + Lanczos 2x',
  ]);
  expect(first.eightXModes?.map((m) => m.mode)).toEqual(['x8-model', 'x4-lanczos']);
  // with these rates the 8x model is the slower way
  expect(first.eightXModes![0]!.seconds!).toBeGreaterThan(first.eightXModes![1]!.seconds!);

  settings = { ...settings, localAiModel: 'medium' };
  const medium = await service.expectedTimes();
  expect(medium.samples[0]!.options[0]!.seconds!).toBeGreaterThan(first.options[0]!.seconds!);
  expect(await service.expectedSeconds(settings, 640, 480, 4)).toBe(
    medium.samples[0]!.options[0]!.seconds,
  );
});

it('ignores a calibration measured on other hardware, and measures this machine on demand', async () => {
  stored.set(
    'local-ai-calibration',
    calibration({ machine: { cpus: 64, cpuModel: 'Another CPU', node: 'v20' } }),
  );
  const before = await service.expectedTimes({ calibrate: 'never' });
  expect(before.calibrated).toBe(false);
  expect(before.samples.every((s) => s.options.every((o) => o.seconds === null))).toBe(true);
  const measured = await service.calibrate({ models: ['slim'], scales: [4] });
  expect(measured.machine.cpus).toBe(os.cpus().length);
  expect(measured.rates['slim-x4']!.secondsPerMegapixel).toBeGreaterThan(0);
  expect(stored.get('local-ai-calibration')).toEqual(measured);
  expect((await service.expectedTimes()).calibrated).toBe(true);
});

it('measures again when the engine in use is not the one calibrated, and pins an engine on demand', async () => {
  stored.set('local-ai-calibration', calibration({ engine: 'tfjs' }));
  // auto: ONNX Runtime is installed here, so a TensorFlow.js measurement says nothing
  expect((await service.expectedTimes({ calibrate: 'never' })).calibrated).toBe(false);
  settings = { ...settings, localAiEngine: 'tfjs' };
  expect((await service.expectedTimes({ calibrate: 'never' })).calibrated).toBe(true);
  expect(service.availability('tfjs')).toMatchObject({ available: true, engine: 'tfjs' });
  expect(service.availability()).toMatchObject({ available: true, engine: 'onnx' });
});

it('counts no thread start-up per job on ONNX (warm workers), but does on TensorFlow.js', () => {
  const input = {
    width: 1000,
    height: 1000,
    scale: 4,
    model: 'slim' as const,
    eightXMode: 'x4-lanczos' as const,
    tileSize: 192,
    padding: 10,
    threads: 2,
  };
  const onnx = estimateSeconds(calibration({ startupSeconds: 30 }), input)!;
  const tfjs = estimateSeconds(calibration({ engine: 'tfjs', startupSeconds: 30 }), input)!;
  expect(tfjs - onnx).toBeGreaterThanOrEqual(29);
  expect(tfjs - onnx).toBeLessThanOrEqual(31);
});

it('writes a run’s progress to its job only while the job waits for that run, then nudges the worker', async () => {
  const input = path.join(dir, 'in.png');
  await sharp({ create: { width: 90, height: 40, channels: 3, background: '#884422' } })
    .png()
    .toFile(input);
  const upscaler = createUpscaler('local-ai', {
    localAi: service.upscalerOptions({ ...settings, localAiTileSize: 64 }, path.join(dir, 'work')),
  });
  const { externalId } = await upscaler.submit({
    jobId: 'job-p',
    imageUrl: 'unused',
    scale: 4,
    inputPath: input,
  });
  while (upscaler.isRunningHere?.(externalId))
    await new Promise((resolve) => setTimeout(resolve, 50));
  expect(nudged).toContain('job-p');
  const mine = updates.filter((u) => u.where.jobId === 'job-p');
  expect(mine.length).toBeGreaterThan(0);
  expect(
    mine.every((u) => u.where.status === 'processing' && u.where.upscalerJobId === externalId),
  ).toBe(true);
  const last = mine[mine.length - 1]!.data;
  expect(last).toMatchObject({ progressDone: 2, progressTotal: 2, progress: 99 });
  expect(last.progressUpdatedAt).toBeInstanceOf(Date);
});
