/**
 * local-ai on whole images (upscale-image, in-process): tiled output against an untiled
 * run of the same model (no seams), the same check with too little context (seams do
 * show: the check can fail), exact output dimensions for 4x and 8x both ways, transparency
 * and format kept.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type * as tfjs from '@tensorflow/tfjs';
import { loadEsrgan, type Esrgan } from '../../server/src/upscalers/local-ai/esrgan';
import { lanczosEnlarge } from '../../server/src/upscalers/local-ai/lanczos';
import { modelFolder, readModelFiles } from '../../server/src/upscalers/local-ai/models';
import { planTiles } from '../../server/src/upscalers/local-ai/tiling';
import { loadTensorflow } from '../../server/src/upscalers/local-ai/tfjs-runtime';
import { cameraPhoto, expectSaleMetadata } from '../support/exif';
import {
  upscaleImageFile,
  type TileUpscaler,
} from '../../server/src/upscalers/local-ai/upscale-image';

jest.setTimeout(60_000);

let tf: typeof tfjs;
let dir: string;
let x4: Esrgan;
let x2: Esrgan;

/** Sharp edges, thin lines and text: where seams and blur would show. */
function testPicture(width: number, height: number, alpha = false): Buffer {
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="#f2efe6" ${alpha ? 'fill-opacity="0.4"' : ''}/>
    <rect x="3" y="4" width="${width / 3}" height="${height / 3}" fill="#1b3a6b"/>
    <circle cx="${width * 0.7}" cy="${height * 0.35}" r="${height / 4}" fill="#c0392b"/>
    ${Array.from({ length: 8 }, (_, i) => `<line x1="${5 + i * 8}" y1="${height * 0.55}" x2="${9 + i * 8}" y2="${height - 3}" stroke="#222" stroke-width="1.5"/>`).join('')}
    <text x="4" y="${height * 0.5}" font-family="DejaVu Sans, sans-serif" font-weight="bold" font-size="${height / 4}" fill="#111">Seam</text>
  </svg>`);
}

async function input(
  name: string,
  width: number,
  height: number,
  format: 'png' | 'jpeg' = 'png',
  alpha = false,
): Promise<string> {
  const file = path.join(dir, name);
  const image = sharp(testPicture(width, height, alpha));
  await (
    format === 'png' ? image.png() : image.flatten({ background: '#ffffff' }).jpeg({ quality: 95 })
  ).toFile(file);
  return file;
}

async function upscale(
  inputPath: string,
  model: TileUpscaler,
  scale: number,
  tileSize: number,
  format: 'png' | 'jpeg' = 'png',
  parallel = 1,
) {
  const outputPath = path.join(
    dir,
    `out-${Math.random().toString(16).slice(2)}.${format === 'png' ? 'png' : 'jpg'}`,
  );
  const progress: Array<[number, number]> = [];
  const result = await upscaleImageFile({
    inputPath,
    outputPath,
    workDir: dir,
    scale,
    model,
    tileSize,
    parallel,
    format,
    maxInputPixels: 1e7,
    onProgress: (d, t) => progress.push([d, t]),
  });
  return { result, outputPath, progress };
}

const raw = async (file: string) =>
  sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'smi-local-ai-'));
  tf = await loadTensorflow();
  x4 = await loadEsrgan(tf, readModelFiles(modelFolder('slim', 4)), 4);
  x2 = await loadEsrgan(tf, readModelFiles(modelFolder('slim', 2)), 2);
});

afterAll(async () => {
  x4?.dispose();
  x2?.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** Largest difference over the pixels within 2 output pixels of a tile border, and over all pixels. */
function compare(
  a: Buffer,
  b: Buffer,
  width: number,
  tileSize: number,
  inputWidth: number,
  inputHeight: number,
  scale: number,
) {
  const plan = planTiles(inputWidth, inputHeight, tileSize, 0);
  const seamsX = new Set(plan.tiles.filter((t) => t.x > 0).map((t) => t.x * scale));
  const seamsY = new Set(plan.tiles.filter((t) => t.y > 0).map((t) => t.y * scale));
  const near = (value: number, seams: Set<number>) =>
    [...seams].some((s) => Math.abs(value - s) <= 2);
  let border = 0;
  let all = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    sum += d;
    all = Math.max(all, d);
    const pixel = Math.floor(i / 3);
    if (near(pixel % width, seamsX) || near(Math.floor(pixel / width), seamsY))
      border = Math.max(border, d);
  }
  return { border, all, mean: sum / a.length };
}

describe('tiling has no visible seams', () => {
  it('a 9-tile run equals an untiled run at the tile borders (within 2 of 255)', async () => {
    const file = await input('seams.png', 72, 56);
    const tiled = await upscale(file, x4, 4, 24);
    const whole = await upscale(file, x4, 4, 512);
    expect(tiled.result.tiles).toBe(9);
    expect(whole.result.tiles).toBe(1);
    const a = await raw(tiled.outputPath);
    const b = await raw(whole.outputPath);
    const diff = compare(a.data, b.data, a.info.width, 24, 72, 56, 4);
    console.log(
      `tiled vs untiled (padding ${x4.padding}): max at tile borders ${diff.border}, max anywhere ${diff.all}, mean ${diff.mean.toFixed(4)}`,
    );
    expect(diff.border).toBeLessThanOrEqual(2);
    expect(diff.all).toBeLessThanOrEqual(2);
  });

  it('without context the same check catches the seams', async () => {
    const file = await input('seams-bare.png', 72, 56);
    const bare: TileUpscaler = {
      scale: 4,
      padding: 0,
      upscale: (rgb, w, h) => x4.upscale(rgb, w, h),
    };
    const tiled = await upscale(file, bare, 4, 24);
    const whole = await upscale(file, x4, 4, 512);
    const a = await raw(tiled.outputPath);
    const b = await raw(whole.outputPath);
    const diff = compare(a.data, b.data, a.info.width, 24, 72, 56, 4);
    console.log(`tiled without context: max at tile borders ${diff.border}`);
    expect(diff.border).toBeGreaterThan(10);
  });
});

/** The 4x model then a Lanczos 2x of the tile, as an inference thread does for 8x. */
const x4Lanczos = (): TileUpscaler => ({
  scale: 8,
  padding: x4.padding,
  upscale: async (rgb, w, h) => lanczosEnlarge(await x4.upscale(rgb, w, h), w * 4, h * 4, 2),
});

describe('8x as 4x + Lanczos 2x per tile', () => {
  it('a tiled run equals an untiled one, and differs from a bicubic 2x of the 4x result', async () => {
    const file = await input('lanczos-seams.png', 40, 30);
    const tiled = await upscale(file, x4Lanczos(), 8, 14);
    const whole = await upscale(file, x4Lanczos(), 8, 512);
    expect(tiled.result).toMatchObject({ width: 320, height: 240, tiles: 9 });
    const a = await raw(tiled.outputPath);
    const b = await raw(whole.outputPath);
    const diff = compare(a.data, b.data, a.info.width, 14, 40, 30, 8);
    console.log(
      `8x (4x + Lanczos 2x) tiled vs untiled: max at tile borders ${diff.border}, max anywhere ${diff.all}`,
    );
    expect(diff.all).toBeLessThanOrEqual(2);
    // the old way: the 4x model's result enlarged by libvips (bicubic)
    const bicubic = await upscale(file, x4, 8, 512);
    const c = await raw(bicubic.outputPath);
    expect(compare(a.data, c.data, a.info.width, 14, 40, 30, 8).all).toBeGreaterThan(10);
  });
});

describe('tiles in parallel', () => {
  it('gives the same file whatever order the tiles come back in, with every tile reported once', async () => {
    const file = await input('parallel.png', 50, 38);
    let inFlight = 0;
    let most = 0;
    const shuffled: TileUpscaler = {
      scale: 4,
      padding: x4.padding,
      async upscale(rgb, w, h) {
        most = Math.max(most, ++inFlight);
        // later tiles often come back first
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 15)));
        const out = await x4.upscale(rgb, w, h);
        inFlight--;
        return out;
      },
    };
    const parallel = await upscale(file, shuffled, 4, 12, 'png', 3);
    const serial = await upscale(file, x4, 4, 12);
    expect(most).toBe(3);
    expect((await raw(parallel.outputPath)).data.equals((await raw(serial.outputPath)).data)).toBe(
      true,
    );
    const counts = parallel.progress.map(([done]) => done);
    expect(counts).toEqual(Array.from({ length: parallel.result.tiles + 1 }, (_, i) => i));
  });

  it('fails as a whole when one tile fails, and leaves no band files', async () => {
    const file = await input('parallel-fail.png', 50, 38);
    const before = new Set(await readdir(dir));
    let calls = 0;
    const flaky: TileUpscaler = {
      scale: 4,
      padding: x4.padding,
      upscale: async (rgb, w, h) => {
        if (++calls === 7) throw new Error('inference thread died');
        return x4.upscale(rgb, w, h);
      },
    };
    await expect(upscale(file, flaky, 4, 12, 'png', 2)).rejects.toThrow('inference thread died');
    expect((await readdir(dir)).filter((name) => !before.has(name))).toEqual([]);
  });
});

describe('upscaleImageFile', () => {
  it('gives exactly input × scale for odd sizes, 4x by the model, 8x by the 4x model and a 2x enlargement, and reports every tile', async () => {
    const file = await input('odd.png', 37, 23);
    const four = await upscale(file, x4, 4, 16);
    expect(await sharp(four.outputPath).metadata()).toMatchObject({
      width: 148,
      height: 92,
      format: 'png',
    });
    expect(four.progress[0]).toEqual([0, four.result.tiles]);
    expect(four.progress[four.progress.length - 1]).toEqual([four.result.tiles, four.result.tiles]);
    const eight = await upscale(file, x4, 8, 16);
    expect(await sharp(eight.outputPath).metadata()).toMatchObject({ width: 296, height: 184 });
    expect(eight.result).toMatchObject({ width: 296, height: 184 });
    const three = await upscale(file, x2, 3, 64);
    expect(await sharp(three.outputPath).metadata()).toMatchObject({ width: 111, height: 69 });
  });

  it('keeps transparency and the JPEG format, and leaves no temporary files', async () => {
    const before = new Set(await readdir(dir));
    const rgba = await input('alpha.png', 30, 20, 'png', true);
    const withAlpha = await upscale(rgba, x4, 4, 16);
    const meta = await sharp(withAlpha.outputPath).metadata();
    expect(meta).toMatchObject({ width: 120, height: 80, hasAlpha: true });
    const { data } = await sharp(withAlpha.outputPath)
      .extractChannel('alpha')
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(Math.min(...data)).toBeLessThan(200); // the translucent background stayed translucent

    const jpeg = await input('photo.jpg', 30, 20, 'jpeg');
    const out = await upscale(jpeg, x4, 4, 16, 'jpeg');
    expect(await sharp(out.outputPath).metadata()).toMatchObject({
      width: 120,
      height: 80,
      format: 'jpeg',
    });
    const after = (await readdir(dir)).filter((name) => !before.has(name));
    expect(after.sort()).toEqual(
      [
        path.basename(rgba),
        path.basename(withAlpha.outputPath),
        path.basename(jpeg),
        path.basename(out.outputPath),
      ].sort(),
    );
  });

  it('keeps the owner, the orientation and an sRGB profile (its pixels are sRGB), not the location or camera', async () => {
    const file = path.join(dir, 'camera.jpg');
    await writeFile(file, await cameraPhoto(30, 20, 'jpeg'));
    const { outputPath } = await upscale(file, x4, 4, 16, 'jpeg');
    await expectSaleMetadata(outputPath, 'srgb');
  });

  it('refuses an input that is not an image', async () => {
    const file = path.join(dir, 'not-an-image.png');
    await writeFile(file, 'plain text');
    await expect(upscale(file, x4, 4, 16)).rejects.toThrow(/cannot be decoded/);
  });
});
