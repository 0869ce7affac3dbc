import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Core } from '@strapi/strapi';
import {
  createCreditBudget,
  fitsBudget,
  spentToday,
  utcDay,
} from '../../server/src/previews/budget';
import { choosePreviewMaker, previewCredits } from '../../server/src/previews/choose';
import { findCrop, placeCrop } from '../../server/src/previews/crop';
import {
  imageName,
  imageStorageKey,
  metaStorageKey,
  previewKey,
} from '../../server/src/previews/keys';
import { createWorkQueue } from '../../server/src/previews/work-queue';

/** The logic of live previews (docs/architecture.md "Previews, cart and purchases"). */
describe('preview keys', () => {
  const identity = {
    fileHash: 'photo_ab12',
    updatedAt: '2026-12-01T10:00:00.000Z',
    resolution: '4x',
    upscaler: 'sharp',
  };

  it('names one preview per file version, resolution and upscaler', () => {
    const key = previewKey(identity);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(previewKey({ ...identity })).toBe(key);
    const changes = [
      { fileHash: 'photo_cd34' },
      { updatedAt: '2026-12-02T10:00:00.000Z' },
      { resolution: '8x' },
      { upscaler: 'local-ai' },
      { model: 'slim' },
    ];
    const keys = changes.map((change) => previewKey({ ...identity, ...change }));
    expect(new Set([key, ...keys]).size).toBe(changes.length + 1);
  });

  it('maps only its own image names to storage keys', () => {
    const key = previewKey(identity);
    expect(imageStorageKey(imageName(key, 'after'))).toBe(`previews/${key}-after.webp`);
    expect(imageStorageKey(imageName(key, 'source'))).toBe(`previews/${key}-source.png`);
    expect(metaStorageKey(key)).toBe(`previews/${key}.json`);
    for (const bad of [
      `${key}.json`,
      `${key}-after.png`,
      `../${key}-after.webp`,
      `${key.toUpperCase()}-after.webp`,
      `${key}-after.webp/..`,
      '',
    ])
      expect(imageStorageKey(bad)).toBeNull();
    expect(() => metaStorageKey('../x')).toThrow();
  });
});

describe('preview crop', () => {
  it('centres the square on the focus, inside the image, or takes a small image whole', () => {
    expect(placeCrop(1000, 800, { x: 500, y: 400 }, 192)).toEqual({
      left: 404,
      top: 304,
      width: 192,
      height: 192,
    });
    expect(placeCrop(1000, 800, { x: 5, y: 790 }, 192)).toEqual({
      left: 0,
      top: 608,
      width: 192,
      height: 192,
    });
    expect(placeCrop(120, 90, { x: 60, y: 45 }, 192)).toEqual({
      left: 0,
      top: 0,
      width: 120,
      height: 90,
    });
    expect(placeCrop(1000, 100, { x: 990, y: 50 }, 192)).toEqual({
      left: 808,
      top: 0,
      width: 192,
      height: 100,
    });
  });

  it('finds where the image has most detail', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'smi-crop-'));
    try {
      const width = 640;
      const height = 480;
      const pixels = Buffer.alloc(width * height * 3, 90);
      // A detailed patch at x 40–200, y 300–440; flat everywhere else.
      for (let y = 300; y < 440; y++)
        for (let x = 40; x < 200; x++)
          pixels.fill(((x * 37) ^ (y * 91)) & 255, (y * width + x) * 3, (y * width + x) * 3 + 3);
      const file = path.join(dir, 'in.png');
      await sharp(pixels, { raw: { width, height, channels: 3 } })
        .png()
        .toFile(file);
      const crop = await findCrop(file, 10_000_000, 192);
      expect(crop.width).toBe(192);
      expect(crop.height).toBe(192);
      const centre = { x: crop.left + 96, y: crop.top + 96 };
      expect(centre.x).toBeGreaterThanOrEqual(40);
      expect(centre.x).toBeLessThan(200);
      expect(centre.y).toBeGreaterThanOrEqual(300);
      expect(centre.y).toBeLessThan(440);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('who makes previews', () => {
  const shop = { previews: 'auto', paidPreviews: false, upsamplerApiKey: 'key' };

  it('follows the shop upscaler, local AI instead of Upsampler, and paid previews only when allowed', () => {
    expect(choosePreviewMaker({ ...shop, upscaler: 'sharp', previews: 'off' }, true)).toEqual({
      off: 'disabled',
    });
    expect(choosePreviewMaker({ ...shop, upscaler: 'sharp' }, false)).toEqual({ maker: 'sharp' });
    expect(choosePreviewMaker({ ...shop, upscaler: 'local-ai' }, true)).toEqual({
      maker: 'local-ai',
    });
    expect(choosePreviewMaker({ ...shop, upscaler: 'upsampler' }, true)).toEqual({
      maker: 'local-ai',
    });
    expect(choosePreviewMaker({ ...shop, upscaler: 'upsampler' }, false)).toEqual({
      off: 'not_free',
    });
    expect(
      choosePreviewMaker({ ...shop, upscaler: 'upsampler', paidPreviews: true }, false),
    ).toEqual({ maker: 'upsampler' });
    expect(
      choosePreviewMaker(
        { ...shop, upscaler: 'upsampler', paidPreviews: true, upsamplerApiKey: null },
        false,
      ),
    ).toEqual({ off: 'not_free' });
  });

  it('counts the credits of a paid preview from its output megapixels', () => {
    // 192² at 4x = 0.589824 MP
    expect(previewCredits({ width: 192, height: 192 }, 4, 1)).toBe(1);
    expect(previewCredits({ width: 192, height: 192 }, 4, 10)).toBe(6);
    expect(previewCredits({ width: 10, height: 10 }, 2, 0.01)).toBe(1);
  });
});

describe('paid preview budget', () => {
  const noon = new Date('2026-12-03T12:00:00Z');

  it('counts today only (UTC) and refuses what does not fit', () => {
    expect(utcDay(new Date('2026-12-03T23:59:59Z'))).toBe('2026-12-03');
    expect(spentToday({ day: '2026-12-03', credits: 7 }, noon)).toBe(7);
    expect(spentToday({ day: '2026-12-02', credits: 7 }, noon)).toBe(0);
    expect(spentToday(null, noon)).toBe(0);
    expect(spentToday({ day: '2026-12-03', credits: 'x' }, noon)).toBe(0);
    expect(fitsBudget(18, 2, 20)).toBe(true);
    expect(fitsBudget(19, 2, 20)).toBe(false);
    expect(fitsBudget(0, 1, 0)).toBe(false);
  });

  it('reserves credits in the store, one at a time, until the day is spent, then starts again', async () => {
    const values = new Map<string, unknown>();
    const store = {
      get: async ({ key }: { key: string }) => values.get(key) ?? null,
      set: async ({ key, value }: { key: string; value: unknown }) => void values.set(key, value),
    };
    let now = noon;
    const strapi = { store: () => store } as unknown as Core.Strapi;
    const budget = createCreditBudget(strapi, () => now);
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => budget.reserve(3, 10)));
    expect(results).toEqual([true, true, true, false, false]);
    expect(await budget.spent()).toBe(9);
    expect(await budget.reserve(1, 10)).toBe(true);
    expect(await budget.reserve(1, 10)).toBe(false);
    now = new Date('2026-12-04T00:00:01Z');
    expect(await budget.spent()).toBe(0);
    expect(await budget.reserve(3, 10)).toBe(true);
  });
});

describe('preview work queue', () => {
  it('runs one task at a time, once per key while queued, and is bounded', async () => {
    const errors: string[] = [];
    const queue = createWorkQueue({ maxQueued: 2, onError: (key) => errors.push(key) });
    let running = 0;
    let most = 0;
    const ran: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((done) => setTimeout(done, 5));
        running -= 1;
        ran.push(name);
        if (fail) throw new Error('no');
      };
    expect(queue.add('a', task('a'))).toBe(true);
    expect(queue.add('a', task('a twice'))).toBe(true);
    expect(queue.add('b', task('b', true))).toBe(true);
    expect(queue.add('c', task('c'))).toBe(true);
    expect(queue.add('d', task('d'))).toBe(false);
    expect(queue.has('b')).toBe(true);
    await queue.idle();
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(most).toBe(1);
    expect(errors).toEqual(['b']);
    expect(queue.size).toBe(0);
  });
});
