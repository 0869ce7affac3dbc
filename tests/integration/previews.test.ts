import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { PREVIEW_CROP_SIZE } from '../../shared/contracts/previews';
import { encodePreview } from '../../server/src/previews/images';
import { uploadFile } from './helpers/admin';
import { TMP_ROOT } from './helpers/databases';
import { openShop, publishPhoto, type Shop } from './helpers/shop';
import { until } from './helpers/wait';

/**
 * The live before/after preview (docs/architecture.md "Previews, cart and purchases"):
 * `GET /previews` answers at once — preparing, then ready from the private storage — the
 * "after" image is the shop's upscaler's enlargement of the crop where the original has
 * most detail, a second ask is a cache hit, a replaced image is a new preview, and the
 * off modes, unknown files and resolutions answer as the contract says. Then the same
 * with the local AI upscaler (when its packages are installed here).
 */
const WATERMARK = { width: 84, height: 22 };

/** 600×400, flat grey but for a detailed patch (coloured noise) at x 380–560, y 220–380. */
async function detailedImage(seed: number): Promise<Buffer> {
  const width = 600;
  const height = 400;
  const pixels = Buffer.alloc(width * height * 3, 128);
  const noise = randomBytes(width * height * 3);
  for (let y = 220; y < 380; y++)
    for (let x = 380; x < 560; x++)
      for (let c = 0; c < 3; c++)
        pixels[(y * width + x) * 3 + c] = (noise[(y * width + x) * 3 + c] + seed) & 255;
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

/** Mean absolute difference of two raw RGB images of the same size, outside the watermark. */
function differenceOutsideMark(a: Buffer, b: Buffer, width: number, height: number): number {
  let sum = 0;
  let count = 0;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      if (x >= width - WATERMARK.width && y >= height - WATERMARK.height) continue;
      for (let c = 0; c < 3; c++)
        sum += Math.abs(a[(y * width + x) * 3 + c] - b[(y * width + x) * 3 + c]);
      count += 3;
    }
  return sum / count;
}

const raw = (input: Buffer) => sharp(input).removeAlpha().raw().toBuffer();

describe(`live previews (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  const storageDir = path.join(TMP_ROOT, 'storage', `previews-${randomBytes(4).toString('hex')}`);
  let photo: { id: number; documentId: string };
  let original: Buffer;

  const settings = (json: Record<string, unknown>) =>
    shop.adminApi('/settings', { method: 'PUT', json });
  const ask = async (fileId: string, resolution: string) => {
    const res = await shop.api(`/previews?fileId=${fileId}&resolution=${resolution}`);
    return { status: res.status, body: await res.json() };
  };
  const ready = (fileId: string, resolution: string, ms = 60_000) =>
    until(
      () => ask(fileId, resolution),
      (answer) => answer.body.state !== 'preparing',
      ms,
    );

  beforeAll(async () => {
    shop = await openShop('previews', {
      SMI_STORAGE_DIR: storageDir,
      SMI_RATE_LIMIT_PREVIEWS: '1000000',
    });
    expect((await settings({ upscaler: 'sharp', resolutions: ['2x', '4x'] })).status).toBe(200);
    const uploaded = await uploadFile(shop.app, shop.admin, {
      name: 'detail.png',
      data: await detailedImage(0),
      mime: 'image/png',
    });
    // The original as the media library keeps it (Strapi re-encodes uploads).
    original = Buffer.from(await (await fetch(`${shop.app.url}${uploaded.url}`)).arrayBuffer());
    await publishPhoto(shop.app, 'detail', uploaded.id);
    photo = uploaded;
  });
  afterAll(async () => {
    await shop?.close();
    rmSync(storageDir, { recursive: true, force: true });
  });

  it('prepares, then shows the crop with most detail enlarged by sharp, the same size as a plain enlargement', async () => {
    const startedMs = Date.now();
    const first = await ask(photo.documentId, '2x');
    const firstMs = Date.now() - startedMs;
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      fileId: photo.documentId,
      resolution: '2x',
      state: 'preparing',
      retryAfterSeconds: expect.any(Number),
    });
    const answer = (await ready(photo.documentId, '2x')).body;
    const readyMs = Date.now() - startedMs;
    expect(answer).toMatchObject({
      state: 'ready',
      width: PREVIEW_CROP_SIZE * 2,
      height: PREVIEW_CROP_SIZE * 2,
      madeWith: { name: 'sharp', label: 'Lanczos resize (non-AI)' },
    });
    const { crop } = answer;
    expect(crop.width).toBe(PREVIEW_CROP_SIZE);
    expect(crop.height).toBe(PREVIEW_CROP_SIZE);
    // The crop sits on the detailed patch (x 380–560, y 220–380), not on the flat grey.
    expect(crop.left).toBeGreaterThanOrEqual(380 - PREVIEW_CROP_SIZE / 2);
    expect(crop.top).toBeGreaterThanOrEqual(220 - PREVIEW_CROP_SIZE / 2);

    const after = await fetch(answer.afterUrl);
    expect(after.status).toBe(200);
    expect(after.headers.get('content-type')).toBe('image/webp');
    expect(after.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const before = await fetch(answer.beforeUrl);
    expect(before.status).toBe(200);
    const afterBytes = Buffer.from(await after.arrayBuffer());
    const beforeBytes = Buffer.from(await before.arrayBuffer());
    for (const image of [afterBytes, beforeBytes])
      expect(await sharp(image).metadata()).toMatchObject({ width: 384, height: 384 });

    // Sharp's enlargement of the crop, marked and encoded as the previews are: "after" is
    // that image; "before" (a plain enlargement) is visibly not.
    const cropPng = await sharp(original).extract(crop).png({ palette: false }).toBuffer();
    const expectedFile = path.join(storageDir, 'expected.webp');
    await encodePreview(
      sharp(cropPng).resize(384, 384, { kernel: 'lanczos3', fit: 'fill' }),
      { width: 384, height: 384 },
      expectedFile,
    );
    const expected = await raw(readFileSync(expectedFile));
    const afterDiff = differenceOutsideMark(await raw(afterBytes), expected, 384, 384);
    const beforeDiff = differenceOutsideMark(await raw(beforeBytes), expected, 384, 384);
    console.log(
      `preview 2x (sharp): first answer ${firstMs} ms, ready after ${readyMs} ms; ` +
        `mean difference from sharp's enlargement: after ${afterDiff.toFixed(3)}, before ${beforeDiff.toFixed(3)}`,
    );
    expect(afterDiff).toBe(0);
    expect(beforeDiff).toBeGreaterThan(5);
  });

  it('answers a second ask from the cache at once, without writing the stored images again', async () => {
    const answer = (await ask(photo.documentId, '2x')).body;
    const name = String(answer.afterUrl).split('/').pop() as string;
    const stored = path.join(storageDir, 'previews', name);
    const writtenMs = statSync(stored).mtimeMs;
    const startedMs = Date.now();
    const again = await ask(photo.documentId, '2x');
    console.log(`preview 2x (sharp): cache hit answered in ${Date.now() - startedMs} ms`);
    expect(again.body).toEqual(answer);
    expect(statSync(stored).mtimeMs).toBe(writtenMs);
    // Another resolution is another preview.
    const other = (await ready(photo.documentId, '4x')).body;
    expect(other).toMatchObject({ state: 'ready', width: PREVIEW_CROP_SIZE * 4 });
    expect(other.afterUrl).not.toBe(answer.afterUrl);
  });

  it('makes a new preview when the image is replaced', async () => {
    const before = (await ask(photo.documentId, '2x')).body;
    const form = new FormData();
    const data = await detailedImage(97);
    form.append('files', new Blob([new Uint8Array(data)], { type: 'image/png' }), 'detail.png');
    const replaced = await fetch(`${shop.app.url}/upload?id=${photo.id}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${shop.admin.token}` },
      body: form,
    });
    expect(replaced.status).toBeLessThan(300);
    const first = await ask(photo.documentId, '2x');
    expect(first.body.state).toBe('preparing');
    const after = (await ready(photo.documentId, '2x')).body;
    expect(after.state).toBe('ready');
    expect(after.afterUrl).not.toBe(before.afterUrl);
  });

  it('answers off when the owner switched previews off', async () => {
    expect((await settings({ previews: 'off' })).status).toBe(200);
    expect((await ask(photo.documentId, '2x')).body).toEqual({
      fileId: photo.documentId,
      resolution: '2x',
      state: 'off',
      reason: 'disabled',
    });
    expect((await settings({ previews: 'auto' })).status).toBe(200);
    expect((await ask(photo.documentId, '2x')).body.state).toBe('ready');
  });

  it('answers 404 like /prices for a file not for sale, 400 for a resolution not offered', async () => {
    const prices = await shop.api(`/prices?fileId=${shop.images.pdf.documentId}`);
    const unknown = await ask(shop.images.pdf.documentId, '2x');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(await prices.json());
    expect((await ask('nope123', '2x')).status).toBe(404);
    expect((await ask(photo.documentId, '8x')).status).toBe(400);
    expect((await ask(photo.documentId, 'big')).status).toBe(400);
    const extra = await shop.api(`/previews?fileId=${photo.documentId}&resolution=2x&x=1`);
    expect(extra.status).toBe(400);
  });

  it('serves only well-formed, stored image names', async () => {
    for (const name of [
      `${'0'.repeat(32)}-after.webp`,
      'abc-after.webp',
      '..%2F..%2Fsecret.webp',
      `${'0'.repeat(32)}.json`,
    ])
      expect((await shop.api(`/previews/image/${name}`)).status).toBe(404);
  });

  const localAi = (() => {
    try {
      require.resolve('@upscalerjs/esrgan-slim');
      return true;
    } catch {
      return false;
    }
  })();
  (localAi ? it : it.skip)(
    'makes "after" with local AI, for the local-ai upscaler and instead of Upsampler',
    async () => {
      expect(
        (await settings({ upscaler: 'local-ai', localAiTileSize: 64, resolutions: ['2x'] })).status,
      ).toBe(200);
      const startedMs = Date.now();
      const answer = (await ready(photo.documentId, '2x', 300_000)).body;
      console.log(`preview 2x (local AI): ready after ${Date.now() - startedMs} ms`);
      expect(answer).toMatchObject({
        state: 'ready',
        width: PREVIEW_CROP_SIZE * 2,
        madeWith: { name: 'local-ai', label: expect.stringContaining('ESRGAN') },
      });
      const after = await fetch(answer.afterUrl);
      expect(after.status).toBe(200);
      // With Upsampler and local AI installed, previews are made by local AI, labelled so.
      expect((await settings({ upscaler: 'upsampler' })).status).toBe(200);
      const instead = (await ask(photo.documentId, '2x')).body;
      expect(instead).toMatchObject({ state: 'ready', madeWith: { name: 'local-ai' } });
    },
    // ESRGAN on a shared 2-core machine: 150 s measured for one 192 px crop under load.
    420_000,
  );
});
