/**
 * Upscaler providers and the result downloader: the Upsampler client against the local
 * Upsampler fake (the real protocol over HTTP), the sharp provider on real images, the
 * factory, error classification, and the safe downloader against local servers.
 */
import type dns from 'node:dns';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { inspect } from 'node:util';
import sharp, { type Sharp } from 'sharp';
import { isLoopbackUrl } from '../../server/src/upscalers/address-policy';
import { downloadResult, type DownloadOptions } from '../../server/src/upscalers/result-download';
import { validateResult } from '../../server/src/fulfilment/result-validation';
import {
  classifyHttpError,
  MAX_RETRY_AFTER_MS,
  networkError,
  parseRetryAfter,
  UpscalerError,
} from '../../server/src/upscalers/errors';
import { createUpscaler, UPSCALER_LABELS } from '../../server/src/upscalers';
import { createSharpUpscaler } from '../../server/src/upscalers/sharp';
import { createUpsamplerClient, mapUpsamplerStatus } from '../../server/src/upscalers/upsampler';
import { creditCostFor, startUpsamplerFake, type UpsamplerFake } from '../fakes/upsampler';
import { cameraPhoto, expectSaleMetadata } from '../support/exif';
import { useTempDir } from '../support/temp-dir';

jest.setTimeout(30_000);

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

interface LocalServer {
  url: string;
  port: number;
  hits: string[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 answering with `routes[path]` (404 otherwise), recording every path asked for. */
async function startServer(routes: Record<string, Handler>): Promise<LocalServer> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    hits.push(url);
    const handler = routes[url.split('?')[0] ?? url];
    if (handler) handler(req, res);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const serve =
  (bytes: Buffer, contentType: string): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': contentType, 'content-length': String(bytes.length) });
    res.end(bytes);
  };

const redirectTo =
  (location: string, status = 302): Handler =>
  (_req, res) => {
    res.writeHead(status, { location }).end();
  };

/** A noisy image, so a Lanczos resize has real work to do and a truncated copy cannot decode by accident. */
function noiseImage(width: number, height: number): Sharp {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i += 1) pixels[i] = Math.floor(Math.random() * 256);
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = await startServer({});
  await server.close();
  return server.port;
}

async function rejection(promise: Promise<unknown>): Promise<UpscalerError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UpscalerError);
    return error as UpscalerError;
  }
  throw new Error('Expected the promise to reject');
}

const tmpRoot = useTempDir('upscalers');

// ---------------------------------------------------------------------------------------
// Error classification
// ---------------------------------------------------------------------------------------

describe('classifyHttpError and Retry-After', () => {
  test('5xx, 429, 408 and no answer at all are transient; other 4xx are permanent', () => {
    expect(classifyHttpError(500)).toMatchObject({
      kind: 'transient',
      code: 'server_error',
      status: 500,
    });
    expect(classifyHttpError(503)).toMatchObject({ kind: 'transient', code: 'server_error' });
    expect(classifyHttpError(429)).toMatchObject({ kind: 'transient', code: 'rate_limited' });
    expect(classifyHttpError(408)).toMatchObject({ kind: 'transient', code: 'timeout' });
    expect(classifyHttpError(undefined)).toMatchObject({
      kind: 'transient',
      code: 'network_error',
    });
    expect(classifyHttpError(400)).toMatchObject({ kind: 'permanent', code: 'client_error' });
    expect(classifyHttpError(401)).toMatchObject({ kind: 'permanent', code: 'unauthorized' });
    expect(classifyHttpError(403)).toMatchObject({ kind: 'permanent', code: 'unauthorized' });
    expect(classifyHttpError(404)).toMatchObject({ kind: 'permanent', code: 'not_found' });
    expect(classifyHttpError(413)).toMatchObject({ kind: 'permanent', code: 'too_large' });
    expect(classifyHttpError(422)).toMatchObject({ kind: 'permanent', code: 'client_error' });
    expect(classifyHttpError(302)).toMatchObject({
      kind: 'permanent',
      code: 'unexpected_redirect',
    });
  });

  test('429 carries Retry-After in seconds or as an HTTP date', () => {
    expect(classifyHttpError(429, '7').retryAfterMs).toBe(7_000);
    expect(classifyHttpError(429, ['2']).retryAfterMs).toBe(2_000);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('99999999')).toBe(MAX_RETRY_AFTER_MS);
    expect(classifyHttpError(400, '5').retryAfterMs).toBeUndefined();
  });

  test('network errors keep only their code', () => {
    const cause = Object.assign(
      new Error('connect ECONNREFUSED 127.0.0.1:1 Authorization: Bearer secret'),
      { code: 'ECONNREFUSED' },
    );
    const error = networkError(cause, 'Upsampler submit');
    expect(error).toMatchObject({ kind: 'transient', code: 'network_error' });
    expect(error.message).toBe('Upsampler submit failed: network error (ECONNREFUSED)');
    expect(
      networkError(Object.assign(new Error('x'), { code: 'ECONNABORTED' }), 'Upsampler status'),
    ).toMatchObject({
      kind: 'transient',
      code: 'timeout',
    });
  });
});

// ---------------------------------------------------------------------------------------
// Upsampler client against the fake
// ---------------------------------------------------------------------------------------

describe('Upsampler client against the Upsampler fake', () => {
  let fake: UpsamplerFake;
  let images: LocalServer;
  const PNG = { width: 40, height: 30 };

  beforeAll(async () => {
    const png = await noiseImage(PNG.width, PNG.height).png().toBuffer();
    images = await startServer({ '/photo.png': serve(png, 'image/png') });
    fake = await startUpsamplerFake({ processingMs: 150 });
  });

  afterEach(async () => {
    fake.resetFaults();
    await fake.whenIdle();
  });

  afterAll(async () => {
    await fake.close();
    await images.close();
  });

  const client = (apiKey: string = fake.apiKey, timeoutMs?: number) =>
    createUpsamplerClient({
      apiKey,
      baseUrl: fake.url,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    });

  const request = (extra: { webhookUrl?: string } = {}) => ({
    jobId: 'job-1',
    imageUrl: `${images.url}/photo.png`,
    scale: 4,
    ...extra,
  });

  test('submits exactly the documented request, then reports queued → succeeded with the result URL and credits', async () => {
    const upsampler = client();
    expect(upsampler).toMatchObject({
      name: 'upsampler',
      label: 'Upsampler (cloud AI)',
      isAi: true,
    });
    const before = fake.submissions;

    const submitted = await upsampler.submit(
      request({ webhookUrl: 'http://127.0.0.1:9/hook?sig=abc' }),
    );

    expect(fake.submissions).toBe(before + 1);
    const credits = creditCostFor(PNG.width, PNG.height, 4);
    expect(submitted).toEqual({
      externalId: expect.any(String),
      credits,
      status: { state: 'queued' },
    });
    const recorded = fake.requests.filter((r) => r.path === '/precise-upscale').at(-1);
    expect(recorded).toMatchObject({ method: 'POST', authorization: `Bearer ${fake.apiKey}` });
    expect(recorded?.body).toEqual({
      input: { imageUrl: `${images.url}/photo.png`, inputImageType: 'universal', upscaleFactor: 4 },
      webhook: 'http://127.0.0.1:9/hook?sig=abc',
    });

    expect(await upsampler.status(submitted.externalId)).toEqual({ state: 'queued' });
    const job = await fake.waitForJob(submitted.externalId, 'SUCCESS');
    const done = await upsampler.status(submitted.externalId);
    expect(done).toEqual({ state: 'succeeded', resultUrl: job.imageUrl, credits });
    expect(fake.requests.filter((r) => r.path === `/status/${submitted.externalId}`)).toHaveLength(
      2,
    );

    // The result URL it gives downloads and validates as exactly original × 4.
    if (done.state !== 'succeeded' || done.resultUrl === undefined)
      throw new Error('expected a result URL');
    const dest = tmpRoot('upsampler-result.png');
    const downloaded = await downloadResult(done.resultUrl, dest, {
      maxBytes: 10_000_000,
      timeoutMs: 5_000,
      allowHttp: isLoopbackUrl(fake.url),
    });
    expect(
      await validateResult(downloaded.path, { expectedWidth: 160, expectedHeight: 120 }),
    ).toMatchObject({ format: 'png', width: 160, height: 120 });
  });

  test('sends no webhook field when there is no callback URL', async () => {
    await client().submit(request());
    const recorded = fake.requests.filter((r) => r.path === '/precise-upscale').at(-1);
    expect(Object.keys(recorded?.body as object)).toEqual(['input']);
  });

  test('a wrong API key is a permanent error whose message, inspection and JSON never show the key', async () => {
    const secret = 'sk-wrong-very-secret-key-123';
    const error = await rejection(client(secret).submit(request()));
    expect(error).toMatchObject({ kind: 'permanent', code: 'unauthorized', status: 401 });
    expect(error.message).toContain('HTTP 401');
    for (const text of [
      error.message,
      error.stack ?? '',
      inspect(error, { depth: 10, showHidden: true }),
      JSON.stringify(error),
    ]) {
      expect(text).not.toContain(secret);
    }
    expect((error as { cause?: unknown }).cause).toBeUndefined();

    const statusError = await rejection(client(secret).status('anything'));
    expect(statusError).toMatchObject({ kind: 'permanent', code: 'unauthorized' });
    expect(inspect(statusError, { depth: 10, showHidden: true })).not.toContain(secret);
  });

  test('server errors are transient, and the next attempt goes through', async () => {
    const upsampler = client();
    const before = fake.submissions;
    fake.setFaults({ serverErrors: 2 });

    expect(await rejection(upsampler.submit(request()))).toMatchObject({
      kind: 'transient',
      code: 'server_error',
      status: 500,
    });
    expect(await rejection(upsampler.status('whatever'))).toMatchObject({
      kind: 'transient',
      code: 'server_error',
    });
    expect(fake.submissions).toBe(before);

    const submitted = await upsampler.submit(request());
    expect(submitted.status).toEqual({ state: 'queued' });
    expect(fake.submissions).toBe(before + 1);
  });

  test('429 is transient with retryAfterMs taken from Retry-After', async () => {
    fake.setFaults({ rateLimited: { count: 1, retryAfterSeconds: 7 } });
    const error = await rejection(client().submit(request()));
    expect(error).toMatchObject({
      kind: 'transient',
      code: 'rate_limited',
      status: 429,
      retryAfterMs: 7_000,
    });
  });

  test('a job the service fails ends failed and permanent, with its error', async () => {
    fake.setFaults({ failJobs: true });
    const upsampler = client();
    const submitted = await upsampler.submit(request());
    await fake.waitForJob(submitted.externalId, 'FAILED');
    expect(await upsampler.status(submitted.externalId)).toEqual({
      state: 'failed',
      error: 'Upscale failed',
      permanent: true,
    });
  });

  test('an unknown job id is a permanent error', async () => {
    expect(await rejection(client().status('no-such-job'))).toMatchObject({
      kind: 'permanent',
      code: 'not_found',
      status: 404,
    });
  });

  test('a slow answer times out as a transient error', async () => {
    fake.setFaults({ latencyMs: 1_000 });
    const error = await rejection(client(fake.apiKey, 150).status('slow'));
    expect(error).toMatchObject({ kind: 'transient', code: 'timeout' });
  });

  test('no server at all is a transient network error', async () => {
    const upsampler = createUpsamplerClient({
      apiKey: 'k',
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
    });
    expect(await rejection(upsampler.submit(request()))).toMatchObject({
      kind: 'transient',
      code: 'network_error',
    });
  });

  test('redirects from the API are not followed', async () => {
    const target = await startServer({
      '/precise-upscale': serve(Buffer.from('{}'), 'application/json'),
    });
    const redirecting = await startServer({
      '/api/precise-upscale': redirectTo(`${target.url}/precise-upscale`, 307),
    });
    try {
      const upsampler = createUpsamplerClient({ apiKey: 'k', baseUrl: `${redirecting.url}/api/` });
      expect(await rejection(upsampler.submit(request()))).toMatchObject({
        kind: 'permanent',
        code: 'unexpected_redirect',
        status: 307,
      });
      expect(redirecting.hits).toEqual(['/api/precise-upscale']);
      expect(target.hits).toEqual([]);
    } finally {
      await redirecting.close();
      await target.close();
    }
  });

  test('refuses a plain-http base URL that is not loopback, and an empty key', () => {
    expect(() =>
      createUpsamplerClient({ apiKey: 'k', baseUrl: 'http://upsampler.example.com/api/v1' }),
    ).toThrow(/https/);
    expect(() =>
      createUpsamplerClient({ apiKey: '  ', baseUrl: 'https://upsampler.com/api/v1' }),
    ).toThrow(/key/);
    expect(
      createUpsamplerClient({ apiKey: 'k', baseUrl: 'https://upsampler.com/api/v1/' }).baseUrl,
    ).toBe('https://upsampler.com/api/v1');
  });

  test('maps every Upsampler status', () => {
    expect(mapUpsamplerStatus({ id: 'a', status: 'IN_QUEUE' })).toEqual({ state: 'queued' });
    expect(mapUpsamplerStatus({ id: 'a', status: 'IN_PROGRESS' })).toEqual({ state: 'processing' });
    expect(
      mapUpsamplerStatus({
        id: 'a',
        status: 'SUCCESS',
        imageUrl: 'https://cdn/x.png',
        creditCost: 3,
      }),
    ).toEqual({
      state: 'succeeded',
      resultUrl: 'https://cdn/x.png',
      credits: 3,
    });
    expect(mapUpsamplerStatus({ id: 'a', status: 'FAILED', error: 'Bad input' })).toEqual({
      state: 'failed',
      error: 'Bad input',
      permanent: true,
    });
    expect(() => mapUpsamplerStatus({ id: 'a', status: 'SUCCESS' })).toThrow(UpscalerError);
  });
});

// ---------------------------------------------------------------------------------------
// sharp provider
// ---------------------------------------------------------------------------------------

describe('sharp upscaler (local Lanczos, non-AI)', () => {
  let workDir: string;
  let inputs: string;
  let host: LocalServer;
  let jpegBytes: Buffer;

  beforeAll(async () => {
    workDir = tmpRoot('sharp-work');
    inputs = await mkdtemp(tmpRoot('inputs-'));
    jpegBytes = await noiseImage(31, 17).jpeg({ quality: 90 }).toBuffer();
    host = await startServer({ '/photo.jpg': serve(jpegBytes, 'image/jpeg') });
  });

  afterAll(async () => {
    await host.close();
  });

  test('is labelled non-AI', () => {
    const upscaler = createSharpUpscaler({ workDir });
    expect(upscaler).toMatchObject({
      name: 'sharp',
      label: 'Lanczos resize (non-AI)',
      isAi: false,
    });
    expect(UPSCALER_LABELS.sharp).toMatch(/non-AI/);
  });

  test('resizes a PNG from its local file to exactly w×s by h×s with lanczos3, keeping PNG', async () => {
    const source = noiseImage(37, 23).png();
    const inputPath = path.join(inputs, 'original.png');
    await source.clone().toFile(inputPath);
    const upscaler = createSharpUpscaler({ workDir });

    const result = await upscaler.submit({
      jobId: 'png-job',
      imageUrl: 'https://unused.example/x.png',
      scale: 4,
      inputPath,
    });

    const resultPath = path.join(workDir, 'png-job.png');
    expect(result).toEqual({
      externalId: 'png-job.png',
      status: { state: 'succeeded', resultPath },
    });
    const meta = await sharp(resultPath).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 148, 92]);
    // Same pixels as sharp's own lanczos3 resize of the original.
    const expected = await sharp(inputPath)
      .resize(148, 92, { kernel: 'lanczos3', fit: 'fill' })
      .raw()
      .toBuffer();
    const actual = await sharp(resultPath).raw().toBuffer();
    expect(actual.equals(expected)).toBe(true);
    expect(await upscaler.status('png-job.png')).toEqual({ state: 'succeeded', resultPath });
  });

  test.each(['jpeg', 'png', 'webp'] as const)(
    'keeps the owner, the orientation and the colour profile of a %s, not its location or camera',
    async (format) => {
      const inputPath = path.join(inputs, `camera.${format}`);
      await writeFile(inputPath, await cameraPhoto(40, 30, format));
      const result = await createSharpUpscaler({ workDir }).submit({
        jobId: `exif-${format}`,
        imageUrl: 'https://unused.example/x',
        scale: 2,
        inputPath,
      });
      if (result.status.state !== 'succeeded' || !result.status.resultPath)
        throw new Error('expected a result file');
      await expectSaleMetadata(result.status.resultPath, 'p3');
    },
  );

  test('downloads a JPEG from its URL when there is no local file, writes a JPEG and removes the download', async () => {
    const jobDir = tmpRoot('sharp-url-work');
    const upscaler = createSharpUpscaler({ workDir: jobDir, download: { allowHttp: true } });
    const result = await upscaler.submit({
      jobId: 'jpeg-job',
      imageUrl: `${host.url}/photo.jpg`,
      scale: 8,
    });

    expect(result.status).toEqual({
      state: 'succeeded',
      resultPath: path.join(jobDir, 'jpeg-job.jpg'),
    });
    const meta = await sharp(path.join(jobDir, 'jpeg-job.jpg')).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 248, 136]);
    expect(await readdir(jobDir)).toEqual(['jpeg-job.jpg']);
    expect(host.hits).toContain('/photo.jpg');
  });

  test('keeps WebP and TIFF', async () => {
    const upscaler = createSharpUpscaler({ workDir });
    for (const [format, ext] of [
      ['webp', 'webp'],
      ['tiff', 'tiff'],
    ] as const) {
      const inputPath = path.join(inputs, `original.${ext}`);
      await noiseImage(10, 7).toFormat(format).toFile(inputPath);
      const result = await upscaler.submit({
        jobId: `${format}-job`,
        imageUrl: 'https://unused.example/',
        scale: 2,
        inputPath,
      });
      if (result.status.state !== 'succeeded' || result.status.resultPath === undefined)
        throw new Error('expected a result file');
      expect(path.basename(result.status.resultPath)).toBe(`${format}-job.${ext}`);
      const meta = await sharp(result.status.resultPath).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual([format, 20, 14]);
    }
  });

  test('refuses inputs that are not images, too large, or a bad job id, as permanent errors', async () => {
    const upscaler = createSharpUpscaler({
      workDir,
      maxInputPixels: 1_000,
      maxOutputPixels: 1_000_000,
    });
    const textPath = path.join(inputs, 'notes.txt');
    await writeFile(textPath, 'not an image at all');
    const bigPath = path.join(inputs, 'big.png');
    await noiseImage(40, 30).png().toFile(bigPath);
    const smallPath = path.join(inputs, 'small.png');
    await noiseImage(30, 30).png().toFile(smallPath);

    /** What `submit` rejects with, for a job of `inputPath` at `scale`. */
    const refusal = (by: typeof upscaler, jobId: string, scale: number, inputPath: string) =>
      rejection(by.submit({ jobId, imageUrl: 'x', scale, inputPath }));
    const permanent = (code: string) => ({ kind: 'permanent', code });

    expect(await refusal(upscaler, 'txt', 4, textPath)).toMatchObject(
      permanent('unsupported_input'),
    );
    expect(await refusal(upscaler, 'big', 4, bigPath)).toMatchObject(permanent('too_large'));
    // 900 px in is under the input cap, but 8x gives 240×240 = 57 600 px, above an output cap of 50 000.
    const outputCapped = createSharpUpscaler({ workDir, maxOutputPixels: 50_000 });
    expect(await refusal(outputCapped, 'out', 8, smallPath)).toMatchObject(permanent('too_large'));
    expect(await refusal(upscaler, '../escape', 4, smallPath)).toMatchObject(
      permanent('bad_request'),
    );
    expect(existsSync(path.join(workDir, 'txt.png'))).toBe(false);
    expect(existsSync(path.join(workDir, 'out.png'))).toBe(false);
  });

  test('a result file that disappeared reports a retryable failure', async () => {
    const upscaler = createSharpUpscaler({ workDir });
    expect(await upscaler.status('gone-job.png')).toEqual({
      state: 'failed',
      error: expect.any(String),
      permanent: false,
    });
    await expect(upscaler.status('../../etc/passwd')).rejects.toMatchObject({ kind: 'permanent' });
  });
});

// ---------------------------------------------------------------------------------------
// Factory
// ---------------------------------------------------------------------------------------

describe('createUpscaler', () => {
  test('builds each available provider by name', () => {
    const sharpUpscaler = createUpscaler('sharp', { sharp: { workDir: tmpRoot() } });
    expect([sharpUpscaler.name, sharpUpscaler.isAi]).toEqual(['sharp', false]);
    const upsampler = createUpscaler('upsampler', {
      upsampler: { apiKey: 'k', baseUrl: 'https://upsampler.com/api/v1' },
    });
    expect([upsampler.name, upsampler.isAi, upsampler.label]).toEqual([
      'upsampler',
      true,
      'Upsampler (cloud AI)',
    ]);
  });

  test('throws for an unknown name, an unavailable provider or missing options', () => {
    expect(() => createUpscaler('magic', { sharp: { workDir: tmpRoot() } })).toThrow(
      /Unknown upscaler "magic"/,
    );
    expect(() => createUpscaler('local-ai', {})).toThrow(/not available/);
    expect(() => createUpscaler('sharp', {})).toThrow(UpscalerError);
    expect(() => createUpscaler('upsampler', { sharp: { workDir: tmpRoot() } })).toThrow(
      UpscalerError,
    );
  });
});

// ---------------------------------------------------------------------------------------
// Result download
// ---------------------------------------------------------------------------------------

describe('downloadResult', () => {
  let server: LocalServer;
  const body = Buffer.alloc(64 * 1024, 7);
  const base = { maxBytes: 1_000_000, timeoutMs: 5_000 };

  beforeAll(async () => {
    server = await startServer({
      '/file.bin': serve(body, 'application/octet-stream'),
      '/hop1': redirectTo('/hop2'),
      '/hop2': redirectTo('/file.bin', 301),
      '/loop': redirectTo('/loop'),
      '/missing': (_req, res) => res.writeHead(404).end(),
      '/broken': (_req, res) => res.writeHead(502).end(),
      '/busy': (_req, res) => res.writeHead(429, { 'retry-after': '3' }).end(),
      // Streams 3 × 40 kB without a Content-Length, a little at a time.
      '/chunked': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        let sent = 0;
        const timer = setInterval(() => {
          if (sent >= 3 || res.destroyed) {
            clearInterval(timer);
            res.end();
            return;
          }
          sent += 1;
          res.write(Buffer.alloc(40 * 1024, 1));
        }, 30);
        res.on('close', () => clearInterval(timer));
      },
      // Sends the headers and a first chunk, then stalls.
      '/stall': (_req, res) => {
        res.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': '100000',
        });
        res.write(Buffer.alloc(1000));
      },
    });
  });

  afterAll(async () => {
    await server.close();
  });

  const dest = (name: string) => tmpRoot('downloads', name);

  test('streams a file to disk (creating its folder) when http and loopback are allowed', async () => {
    const result = await downloadResult(`${server.url}/file.bin`, dest('ok.bin'), {
      ...base,
      allowHttp: true,
    });
    expect(result).toEqual({
      path: dest('ok.bin'),
      bytes: body.length,
      contentType: 'application/octet-stream',
      finalUrl: `${server.url}/file.bin`,
    });
    expect((await readFile(dest('ok.bin'))).equals(body)).toBe(true);
  });

  test('follows a few redirects between allowed addresses, not endlessly', async () => {
    const result = await downloadResult(`${server.url}/hop1`, dest('hops.bin'), {
      ...base,
      allowHttp: true,
    });
    expect(result.finalUrl).toBe(`${server.url}/file.bin`);
    expect(result.bytes).toBe(body.length);
    const error = await rejection(
      downloadResult(`${server.url}/loop`, dest('loop.bin'), {
        ...base,
        allowHttp: true,
        maxRedirects: 2,
      }),
    );
    expect(error).toMatchObject({ kind: 'permanent', code: 'too_many_redirects' });
    expect(existsSync(dest('loop.bin'))).toBe(false);
  });

  test('a declared size above the cap is refused and leaves no file', async () => {
    const error = await rejection(
      downloadResult(`${server.url}/file.bin`, dest('big.bin'), {
        ...base,
        maxBytes: 1_000,
        allowHttp: true,
      }),
    );
    expect(error).toMatchObject({ kind: 'permanent', code: 'too_large' });
    expect(existsSync(dest('big.bin'))).toBe(false);
  });

  test('a streamed body that outgrows the cap is aborted and its partial file deleted', async () => {
    const hitsBefore = server.hits.length;
    const error = await rejection(
      downloadResult(`${server.url}/chunked`, dest('chunked.bin'), {
        ...base,
        maxBytes: 50 * 1024,
        allowHttp: true,
      }),
    );
    expect(error).toMatchObject({ kind: 'permanent', code: 'too_large' });
    expect(server.hits.slice(hitsBefore)).toEqual(['/chunked']);
    expect(existsSync(dest('chunked.bin'))).toBe(false);
    // Under the cap the same stream arrives whole.
    const ok = await downloadResult(`${server.url}/chunked`, dest('chunked-ok.bin'), {
      ...base,
      maxBytes: 200 * 1024,
      allowHttp: true,
    });
    expect(ok.bytes).toBe(3 * 40 * 1024);
  });

  test('plain http is refused unless allowed, before any connection', async () => {
    const hitsBefore = server.hits.length;
    const error = await rejection(
      downloadResult(`${server.url}/file.bin`, dest('http.bin'), { ...base, allowHttp: false }),
    );
    expect(error).toMatchObject({ kind: 'permanent', code: 'insecure_url' });
    expect(server.hits.length).toBe(hitsBefore);
    expect(existsSync(dest('http.bin'))).toBe(false);
  });

  test('loopback and private addresses are refused unless allowed: literal IPs and names that resolve to them', async () => {
    const noHttp = { ...base, allowHttp: false };
    expect(
      await rejection(
        downloadResult(`https://127.0.0.1:${server.port}/file.bin`, dest('a.bin'), noHttp),
      ),
    ).toMatchObject({
      kind: 'permanent',
      code: 'forbidden_address',
    });
    expect(
      await rejection(
        downloadResult(`https://localhost:${server.port}/file.bin`, dest('b.bin'), noHttp),
      ),
    ).toMatchObject({
      code: 'forbidden_address',
    });
    // A name whose DNS answer is private (resolver replaced, nothing is contacted).
    const lookup = ((
      _host: string,
      _options: unknown,
      callback: (e: null, a: { address: string; family: number }[]) => void,
    ) => callback(null, [{ address: '10.1.2.3', family: 4 }])) as unknown as typeof dns.lookup;
    expect(
      await rejection(
        downloadResult('https://cdn.example.test/result.png', dest('c.bin'), { ...noHttp, lookup }),
      ),
    ).toMatchObject({
      code: 'forbidden_address',
    });
    // Even with http allowed, link-local (cloud metadata) stays refused.
    expect(
      await rejection(
        downloadResult('http://169.254.169.254/latest/meta-data', dest('d.bin'), {
          ...base,
          allowHttp: true,
        }),
      ),
    ).toMatchObject({
      code: 'forbidden_address',
    });
  });

  test('a redirect to 127.0.0.1 is refused when http is not allowed, and the target is never contacted', async () => {
    // The first hop is the site's own configured origin (trusted); the redirect is not.
    const trusted = {
      ...base,
      allowHttp: false,
      trustedOrigins: [`http://localhost:${server.port}`],
    };
    const viaTrusted = await downloadResult(
      `http://localhost:${server.port}/file.bin`,
      dest('trusted.bin'),
      trusted,
    );
    expect(viaTrusted.bytes).toBe(body.length);

    const redirecting = await startServer({
      '/to-https-loopback': redirectTo(`https://127.0.0.1:${server.port}/file.bin`),
      '/to-http-loopback': redirectTo(`http://127.0.0.1:${server.port}/file.bin`),
      '/to-localhost': redirectTo(`https://localhost:${server.port}/file.bin`),
      '/to-metadata': redirectTo('http://169.254.169.254/latest/meta-data'),
    });
    try {
      const options = { ...base, allowHttp: false, trustedOrigins: [redirecting.url] };
      const hitsBefore = server.hits.length;
      expect(
        await rejection(
          downloadResult(`${redirecting.url}/to-https-loopback`, dest('r1.bin'), options),
        ),
      ).toMatchObject({
        kind: 'permanent',
        code: 'forbidden_address',
      });
      expect(
        await rejection(downloadResult(`${redirecting.url}/to-localhost`, dest('r2.bin'), options)),
      ).toMatchObject({
        code: 'forbidden_address',
      });
      expect(
        await rejection(
          downloadResult(`${redirecting.url}/to-http-loopback`, dest('r3.bin'), options),
        ),
      ).toMatchObject({
        code: 'insecure_url',
      });
      expect(
        await rejection(
          downloadResult(`${redirecting.url}/to-metadata`, dest('r4.bin'), {
            ...options,
            allowHttp: true,
            trustedOrigins: [],
          }),
        ),
      ).toMatchObject({ code: 'forbidden_address' });
      expect(server.hits.length).toBe(hitsBefore);
      expect(redirecting.hits).toEqual([
        '/to-https-loopback',
        '/to-localhost',
        '/to-http-loopback',
        '/to-metadata',
      ]);
      for (const name of ['r1.bin', 'r2.bin', 'r3.bin', 'r4.bin'])
        expect(existsSync(dest(name))).toBe(false);
    } finally {
      await redirecting.close();
    }
  });

  test('IPv4-compatible, IPv4-translated and NAT64 addresses are refused as URL literals, DNS answers and redirect targets; numeric IPv4 spellings too', async () => {
    const hitsBefore = server.hits.length;
    const refused = async (url: string, name: string, options: Partial<DownloadOptions> = {}) =>
      (await rejection(downloadResult(url, dest(name), { ...base, allowHttp: false, ...options })))
        .code;
    // Literal hosts, checked before connecting (loopback allowed or not).
    for (const [url, allowHttp] of [
      [`https://[::127.0.0.1]:${server.port}/file.bin`, false],
      [`http://[::127.0.0.1]:${server.port}/file.bin`, true],
      [`https://[::ffff:0:7f00:1]:${server.port}/file.bin`, true],
      ['https://[64:ff9b::a9fe:a9fe]/latest/meta-data', true],
      [`https://2130706433:${server.port}/file.bin`, false],
      [`https://0177.0.0.1:${server.port}/file.bin`, false],
      [`https://0x7f.1:${server.port}/file.bin`, false],
    ] as const) {
      expect([url, await refused(url, 'lit.bin', { allowHttp })]).toEqual([
        url,
        'forbidden_address',
      ]);
    }
    // Host names whose DNS answer embeds a non-public IPv4 address.
    for (const address of ['::127.0.0.1', '::ffff:0:a00:1', '64:ff9b::a00:1']) {
      const lookup = ((
        _host: string,
        _options: unknown,
        callback: (e: null, a: { address: string; family: number }[]) => void,
      ) => callback(null, [{ address, family: 6 }])) as unknown as typeof dns.lookup;
      expect([
        address,
        await refused('https://cdn.example.test/result.png', 'dns.bin', {
          lookup,
          allowHttp: true,
        }),
      ]).toEqual([address, 'forbidden_address']);
    }
    // A redirect from a trusted origin to such an address.
    const redirecting = await startServer({
      '/to-compatible': redirectTo(`http://[::127.0.0.1]:${server.port}/file.bin`),
      '/to-nat64': redirectTo('https://[64:ff9b::a00:1]/file.bin'),
    });
    try {
      const options = { allowHttp: true, trustedOrigins: [redirecting.url] };
      expect(await refused(`${redirecting.url}/to-compatible`, 'r5.bin', options)).toBe(
        'forbidden_address',
      );
      expect(await refused(`${redirecting.url}/to-nat64`, 'r6.bin', options)).toBe(
        'forbidden_address',
      );
      expect(redirecting.hits).toEqual(['/to-compatible', '/to-nat64']);
    } finally {
      await redirecting.close();
    }
    expect(server.hits.length).toBe(hitsBefore);
    for (const name of ['lit.bin', 'dns.bin', 'r5.bin', 'r6.bin'])
      expect(existsSync(dest(name))).toBe(false);
  });

  test('HTTP failures are classified: 404 permanent, 5xx transient, 429 transient with Retry-After', async () => {
    const options = { ...base, allowHttp: true };
    expect(
      await rejection(downloadResult(`${server.url}/missing`, dest('404.bin'), options)),
    ).toMatchObject({
      kind: 'permanent',
      code: 'not_found',
      status: 404,
    });
    expect(
      await rejection(downloadResult(`${server.url}/broken`, dest('502.bin'), options)),
    ).toMatchObject({
      kind: 'transient',
      code: 'server_error',
    });
    expect(
      await rejection(downloadResult(`${server.url}/busy`, dest('429.bin'), options)),
    ).toMatchObject({
      kind: 'transient',
      code: 'rate_limited',
      retryAfterMs: 3_000,
    });
    for (const name of ['404.bin', '502.bin', '429.bin'])
      expect(existsSync(dest(name))).toBe(false);
  });

  test('a stalled download times out (transient) and leaves no file; a dead server is a transient network error', async () => {
    const started = Date.now();
    const error = await rejection(
      downloadResult(`${server.url}/stall`, dest('stall.bin'), {
        maxBytes: 1_000_000,
        timeoutMs: 300,
        allowHttp: true,
      }),
    );
    expect(error).toMatchObject({ kind: 'transient', code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(existsSync(dest('stall.bin'))).toBe(false);

    const refused = await rejection(
      downloadResult(`http://127.0.0.1:${await closedPort()}/x`, dest('refused.bin'), {
        ...base,
        allowHttp: true,
      }),
    );
    expect(refused).toMatchObject({ kind: 'transient', code: 'network_error' });
  });

  test('error messages name the origin only, never the (possibly signed) path and query', async () => {
    const error = await rejection(
      downloadResult(`${server.url}/missing?X-Amz-Signature=topsecret`, dest('sig.bin'), {
        ...base,
        allowHttp: true,
      }),
    );
    expect(error.message).toContain(server.url);
    expect(error.message).not.toContain('topsecret');
  });
});
