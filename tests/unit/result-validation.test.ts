/**
 * Result validation with sharp: format, dimensions within tolerance, and a full decode
 * that catches truncated files, on real images and on the Upsampler fake's faulty results.
 */
import { stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { downloadResult } from '../../server/src/upscalers/result-download';
import {
  ResultInvalidError,
  sniffImageFormat,
  validateResult,
  type ValidateResultOptions,
} from '../../server/src/fulfilment/result-validation';
import { createUpsamplerClient } from '../../server/src/upscalers/upsampler';
import { startUpsamplerFake } from '../fakes/upsampler';
import { useTempDir } from '../support/temp-dir';

jest.setTimeout(60_000);

const dir = useTempDir('validation');

/** A noisy image, so a truncated copy cannot decode by accident. */
function noiseImage(width: number, height: number): Sharp {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i += 1) pixels[i] = Math.floor(Math.random() * 256);
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

async function fileOf(name: string, bytes: Buffer): Promise<string> {
  const file = dir(name);
  await writeFile(file, bytes);
  return file;
}

async function invalid(file: string, options: ValidateResultOptions): Promise<ResultInvalidError> {
  try {
    await validateResult(file, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ResultInvalidError);
    return error as ResultInvalidError;
  }
  throw new Error(`${path.basename(file)} passed validation`);
}

describe('validateResult', () => {
  let png: Buffer;
  let jpeg: Buffer;

  beforeAll(async () => {
    png = await noiseImage(320, 240).png().toBuffer();
    jpeg = await noiseImage(320, 240).jpeg({ quality: 90 }).toBuffer();
  });

  test('a good image passes and reports its format, size and bytes', async () => {
    const file = await fileOf('good.png', png);
    expect(await validateResult(file, { expectedWidth: 320, expectedHeight: 240 })).toEqual({
      format: 'png',
      width: 320,
      height: 240,
      bytes: png.length,
    });
    expect(
      await validateResult(await fileOf('good.jpg', jpeg), {
        expectedWidth: 320,
        expectedHeight: 240,
      }),
    ).toMatchObject({ format: 'jpeg' });
  });

  test('WebP and TIFF pass too', async () => {
    for (const format of ['webp', 'tiff'] as const) {
      const file = await fileOf(
        `good.${format}`,
        await noiseImage(50, 40).toFormat(format).toBuffer(),
      );
      expect(await validateResult(file, { expectedWidth: 50, expectedHeight: 40 })).toMatchObject({
        format,
        width: 50,
        height: 40,
      });
    }
  });

  test('dimensions within the tolerance pass; beyond it fail with wrong_size', async () => {
    const file = await fileOf('size.png', png);
    await expect(
      validateResult(file, { expectedWidth: 321, expectedHeight: 239 }),
    ).resolves.toMatchObject({ width: 320 });
    const error = await invalid(file, { expectedWidth: 322, expectedHeight: 240 });
    expect(error.code).toBe('wrong_size');
    expect(error.details).toMatchObject({
      width: 320,
      height: 240,
      expectedWidth: 322,
      expectedHeight: 240,
    });
    expect(
      (await invalid(file, { expectedWidth: 320, expectedHeight: 241, tolerancePx: 0 })).code,
    ).toBe('wrong_size');
    expect((await invalid(file, { expectedWidth: 320 * 4, expectedHeight: 240 * 4 })).code).toBe(
      'wrong_size',
    );
  });

  test('a truncated PNG fails as corrupt, whether half or only its last bytes are missing', async () => {
    for (const cut of [Math.floor(png.length / 2), 200, 40]) {
      const file = await fileOf(`truncated-${cut}.png`, png.subarray(0, png.length - cut));
      const error = await invalid(file, { expectedWidth: 320, expectedHeight: 240 });
      expect([cut, error.code]).toEqual([cut, 'corrupt']);
    }
  });

  test('a truncated JPEG fails as corrupt, whether half or only its last bytes are missing', async () => {
    for (const cut of [Math.floor(jpeg.length / 2), 200, 20]) {
      const file = await fileOf(`truncated-${cut}.jpg`, jpeg.subarray(0, jpeg.length - cut));
      const error = await invalid(file, { expectedWidth: 320, expectedHeight: 240 });
      expect([cut, error.code]).toEqual([cut, 'corrupt']);
    }
  });

  test('a truncated WebP fails as corrupt', async () => {
    const webp = await noiseImage(200, 100).webp().toBuffer();
    const file = await fileOf('truncated.webp', webp.subarray(0, Math.floor(webp.length * 0.6)));
    expect((await invalid(file, { expectedWidth: 200, expectedHeight: 100 })).code).toBe('corrupt');
  });

  test('what is not an allowed image fails with bad_format', async () => {
    const options = { expectedWidth: 320, expectedHeight: 240 };
    expect(
      (await invalid(await fileOf('text.png', Buffer.from('<html>Access denied</html>')), options))
        .code,
    ).toBe('bad_format');
    expect((await invalid(await fileOf('empty.png', Buffer.alloc(0)), options)).code).toBe(
      'bad_format',
    );
    const gif = await fileOf('image.gif', await noiseImage(320, 240).gif().toBuffer());
    expect((await invalid(gif, options)).code).toBe('bad_format');
    await expect(
      validateResult(gif, { ...options, allowedFormats: ['gif'] }),
    ).resolves.toMatchObject({ format: 'gif' });
    expect(
      (await invalid(await fileOf('only-jpeg.png', png), { ...options, allowedFormats: ['jpeg'] }))
        .code,
    ).toBe('bad_format');
  });

  test('a missing file is not mistaken for an invalid result', async () => {
    await expect(
      validateResult(dir('nope.png'), { expectedWidth: 1, expectedHeight: 1 }),
    ).rejects.toMatchObject({ code: 'ENOENT' });
  });

  test('sniffs formats from magic bytes', () => {
    expect(sniffImageFormat(png.subarray(0, 32))).toBe('png');
    expect(sniffImageFormat(jpeg.subarray(0, 32))).toBe('jpeg');
    expect(sniffImageFormat(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
    expect(sniffImageFormat(Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]))).toBe('tiff');
    expect(sniffImageFormat(Buffer.from('GIF89a'))).toBe('gif');
    expect(sniffImageFormat(Buffer.from('%PDF-1.7'))).toBeUndefined();
  });

  test('decodes a large PNG without holding its pixels in memory', async () => {
    // 6000×6000 RGB = 108 MB of decoded pixels; a decode that buffered them would show.
    const file = dir('large.png');
    await sharp({ create: { width: 6000, height: 6000, channels: 3, background: '#336699' } })
      .composite([{ input: await noiseImage(64, 64).png().toBuffer(), tile: true }])
      .png({ compressionLevel: 1 })
      .toFile(file);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    try {
      const result = await validateResult(file, { expectedWidth: 6000, expectedHeight: 6000 });
      expect(result).toMatchObject({
        format: 'png',
        width: 6000,
        height: 6000,
        bytes: (await stat(file)).size,
      });
    } finally {
      clearInterval(sampler);
    }
    expect(peak - before).toBeLessThan(60 * 1024 * 1024);
  });
});

describe('validateResult on the Upsampler fake results', () => {
  test('a corrupt (truncated) result and a wrongly sized one are caught; a good one passes', async () => {
    const original = await noiseImage(60, 40).png().toBuffer();
    const host = http.createServer((_req, res) => {
      res.writeHead(200, {
        'content-type': 'image/png',
        'content-length': String(original.length),
      });
      res.end(original);
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', () => resolve()));
    const imageUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/photo.png`;
    const fake = await startUpsamplerFake({ processingMs: 10 });
    const client = createUpsamplerClient({ apiKey: fake.apiKey, baseUrl: fake.url });

    const resultOf = async (name: string): Promise<string> => {
      const { externalId } = await client.submit({ jobId: name, imageUrl, scale: 4 });
      await fake.waitForJob(externalId, 'SUCCESS');
      const status = await client.status(externalId);
      if (status.state !== 'succeeded' || status.resultUrl === undefined)
        throw new Error(`job ${name} did not succeed`);
      const file = dir('fake', `${name}.png`);
      await downloadResult(status.resultUrl, file, {
        maxBytes: 20_000_000,
        timeoutMs: 5_000,
        allowHttp: true,
      });
      return file;
    };
    const expected = { expectedWidth: 240, expectedHeight: 160 };
    try {
      await expect(validateResult(await resultOf('good'), expected)).resolves.toMatchObject({
        format: 'png',
        width: 240,
        height: 160,
      });

      fake.setFaults({ corruptResult: true });
      expect((await invalid(await resultOf('corrupt'), expected)).code).toBe('corrupt');

      fake.setFaults({ corruptResult: false, wrongSize: true });
      const wrong = await invalid(await resultOf('wrong'), expected);
      expect(wrong.code).toBe('wrong_size');
      expect(wrong.details).toMatchObject({ width: 230, height: 160 });
    } finally {
      await fake.close();
      await new Promise<void>((resolve) => host.close(() => resolve()));
    }
  });
});
