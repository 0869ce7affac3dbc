/**
 * The Upsampler fake, driven over HTTP with axios the way the plugin's client talks to
 * the real service: submit, poll, webhook, download, and every switchable fault.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import sharp from 'sharp';
import {
  creditCostFor,
  startUpsamplerFake,
  type StatusBody,
  type UpsamplerFake,
} from './upsampler';
import { withCli } from './support/spawn-cli';

jest.setTimeout(30_000);

// ---------------------------------------------------------------------------------------
// Local helpers: an image host, a webhook receiver, an axios client
// ---------------------------------------------------------------------------------------

interface LocalServer {
  url: string;
  close(): Promise<void>;
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

interface HostedImage {
  bytes: Buffer;
  contentType: string;
}

/** Serves fixed images at `/<name>`; anything else is 404. */
async function startImageHost(images: Record<string, HostedImage>): Promise<LocalServer> {
  const server = http.createServer((req, res) => {
    const image = images[(req.url ?? '/').slice(1)];
    if (!image) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': image.contentType,
      'content-length': String(image.bytes.length),
    });
    res.end(image.bytes);
  });
  const url = await listen(server);
  return { url, close: () => closeServer(server) };
}

interface ReceivedWebhook {
  path: string;
  contentType: string | undefined;
  body: unknown;
}

interface WebhookReceiver extends LocalServer {
  received: ReceivedWebhook[];
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
}

async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
      });
      res.writeHead(200).end('ok');
    });
  });
  const url = await listen(server);
  const waitFor = async (count: number, timeoutMs = 5_000): Promise<ReceivedWebhook[]> => {
    const deadline = Date.now() + timeoutMs;
    while (received.length < count) {
      if (Date.now() > deadline)
        throw new Error(`Expected ${count} webhook calls, got ${received.length}`);
      await sleep(10);
    }
    return received;
  };
  return { url, received, waitFor, close: () => closeServer(server) };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function client(fake: UpsamplerFake, apiKey: string = fake.apiKey): AxiosInstance {
  return axios.create({
    baseURL: fake.url,
    headers: { Authorization: `Bearer ${apiKey}` },
    validateStatus: () => true,
    timeout: 10_000,
  });
}

/** Polls `GET /status/:id` until the job is SUCCESS or FAILED; returns every status seen. */
async function pollUntilDone(
  api: AxiosInstance,
  id: string,
  timeoutMs = 10_000,
): Promise<StatusBody[]> {
  const seen: StatusBody[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api.get<StatusBody>(`/status/${id}`);
    expect(res.status).toBe(200);
    seen.push(res.data);
    if (res.data.status === 'SUCCESS' || res.data.status === 'FAILED') return seen;
    if (Date.now() > deadline)
      throw new Error(`Job ${id} still ${res.data.status} after ${timeoutMs} ms`);
    await sleep(15);
  }
}

async function download(url: string): Promise<AxiosResponse<Buffer>> {
  return axios.get<Buffer>(url, {
    responseType: 'arraybuffer',
    validateStatus: () => true,
    timeout: 10_000,
  });
}

/** A noisy image, so a truncated copy cannot decode by accident. */
function noiseImage(width: number, height: number): ReturnType<typeof sharp> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i += 1) pixels[i] = Math.floor(Math.random() * 256);
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

// ---------------------------------------------------------------------------------------

describe('Upsampler fake', () => {
  let fake: UpsamplerFake;
  let api: AxiosInstance;
  let images: LocalServer;
  let webhooks: WebhookReceiver;

  const PNG = { width: 40, height: 30 };
  const JPEG = { width: 32, height: 24 };
  const WEBP = { width: 20, height: 16 };
  const LARGE = { width: 600, height: 500 };

  beforeAll(async () => {
    images = await startImageHost({
      'photo.png': {
        bytes: await noiseImage(PNG.width, PNG.height).png().toBuffer(),
        contentType: 'image/png',
      },
      'photo.jpg': {
        bytes: await noiseImage(JPEG.width, JPEG.height).jpeg().toBuffer(),
        contentType: 'image/jpeg',
      },
      'photo.webp': {
        bytes: await noiseImage(WEBP.width, WEBP.height).webp().toBuffer(),
        contentType: 'image/webp',
      },
      'large.png': {
        bytes: await sharp({
          create: { width: LARGE.width, height: LARGE.height, channels: 3, background: '#3366cc' },
        })
          .png()
          .toBuffer(),
        contentType: 'image/png',
      },
      'not-an-image.png': { bytes: Buffer.from('definitely not a png'), contentType: 'image/png' },
    });
    // The tests poll far faster than a real client would; the limit itself is tested below.
    fake = await startUpsamplerFake({ rateLimitPerMinute: 100_000 });
    api = client(fake);
  });

  beforeEach(async () => {
    webhooks = await startWebhookReceiver();
  });

  afterEach(async () => {
    fake.resetFaults();
    await fake.whenIdle();
    await webhooks.close();
  });

  afterAll(async () => {
    await fake.close();
    await images.close();
  });

  const submit = (
    imageName: string,
    upscaleFactor: number,
    extra: Record<string, unknown> = {},
  ): Promise<AxiosResponse> =>
    api.post('/precise-upscale', {
      input: { imageUrl: `${images.url}/${imageName}`, inputImageType: 'universal', upscaleFactor },
      ...extra,
    });

  test('accepts a precise upscale with the right key and answers { id, status: IN_QUEUE, creditCost }', async () => {
    const before = fake.submissions;
    const res = await submit('photo.png', 4);

    expect(res.status).toBe(200);
    expect(Object.keys(res.data as object).sort()).toEqual(['creditCost', 'id', 'status']);
    expect(res.data).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'IN_QUEUE',
      creditCost: 1,
    });
    expect(fake.submissions).toBe(before + 1);
    const recorded = fake.requests[fake.requests.length - 1];
    expect(recorded).toMatchObject({
      method: 'POST',
      path: '/precise-upscale',
      authorization: `Bearer ${fake.apiKey}`,
      body: {
        input: {
          imageUrl: `${images.url}/photo.png`,
          inputImageType: 'universal',
          upscaleFactor: 4,
        },
      },
    });
  });

  test.each([
    {
      name: 'photo.png',
      size: PNG,
      factor: 4,
      format: 'png',
      contentType: 'image/png',
      ext: 'png',
    },
    {
      name: 'photo.jpg',
      size: JPEG,
      factor: 3,
      format: 'jpeg',
      contentType: 'image/jpeg',
      ext: 'jpg',
    },
    {
      name: 'photo.webp',
      size: WEBP,
      factor: 16,
      format: 'webp',
      contentType: 'image/webp',
      ext: 'webp',
    },
  ])(
    'upscales $name ×$factor, keeping the format, and serves the result',
    async ({ name, size, factor, format, contentType, ext }) => {
      const submitted = await submit(name, factor);
      expect(submitted.status).toBe(200);
      const id = (submitted.data as { id: string }).id;

      const seen = await pollUntilDone(api, id);
      const final = seen[seen.length - 1];
      expect(final).toEqual({
        id,
        status: 'SUCCESS',
        imageUrl: `${fake.url}/results/${id}.${ext}`,
        compressedImageUrl: `${fake.url}/results/${id}-compressed.jpg`,
        creditCost: 1,
      });

      const result = await download(final!.imageUrl!);
      expect(result.status).toBe(200);
      expect(result.headers['content-type']).toBe(contentType);
      expect(Number(result.headers['content-length'])).toBe(result.data.length);
      await expect(
        sharp(result.data, { failOn: 'truncated' }).raw().toBuffer(),
      ).resolves.toBeInstanceOf(Buffer);
      const meta = await sharp(result.data).metadata();
      expect({ width: meta.width, height: meta.height, format: meta.format }).toEqual({
        width: size.width * factor,
        height: size.height * factor,
        format,
      });

      const compressed = await download(final!.compressedImageUrl!);
      expect(compressed.status).toBe(200);
      expect(compressed.headers['content-type']).toBe('image/jpeg');
      const compressedMeta = await sharp(compressed.data).metadata();
      expect(compressedMeta).toMatchObject({
        format: 'jpeg',
        width: size.width * factor,
        height: size.height * factor,
      });
    },
  );

  test('reports IN_QUEUE while the job waits, then IN_PROGRESS, then SUCCESS', async () => {
    fake.setFaults({ processingMs: 400 });
    const id = ((await submit('photo.png', 2)).data as { id: string }).id;

    const early = await api.get<StatusBody>(`/status/${id}`);
    expect(early.data).toEqual({ id, status: 'IN_QUEUE', creditCost: 1 });
    await expect(fake.waitForJob(id, 'IN_PROGRESS')).resolves.toMatchObject({
      id,
      status: 'IN_PROGRESS',
    });
    const seen = await pollUntilDone(api, id);
    expect(seen[seen.length - 1]!.status).toBe('SUCCESS');
  });

  test('charges max(1, ceil(output megapixels × 0.25)) credits', async () => {
    expect(creditCostFor(2000, 2000, 4)).toBe(16);
    expect(creditCostFor(1000, 1000, 4)).toBe(4);
    expect(creditCostFor(500, 500, 8)).toBe(4);
    expect(creditCostFor(100, 100, 4)).toBe(1);

    // 600×500 at 4x = 2400×2000 = 4.8 MP → 1.2 → 2 credits
    const res = await submit('large.png', 4);
    expect(res.data).toMatchObject({ status: 'IN_QUEUE', creditCost: 2 });
    const job = await fake.waitForJob((res.data as { id: string }).id, 'SUCCESS', 20_000);
    expect(job.output).toEqual({ width: 2400, height: 2000, format: 'png' });
  });

  test('POSTs the status shape to the webhook when the job succeeds', async () => {
    const res = await submit('photo.jpg', 2, {
      webhook: `${webhooks.url}/hooks/upsampler?job=abc`,
    });
    const id = (res.data as { id: string }).id;

    const [delivery] = await webhooks.waitFor(1);
    const status = await api.get<StatusBody>(`/status/${id}`);
    expect(delivery!.path).toBe('/hooks/upsampler?job=abc');
    expect(delivery!.contentType).toBe('application/json');
    expect(delivery!.body).toEqual(status.data);
    expect(delivery!.body).toEqual({
      id,
      status: 'SUCCESS',
      imageUrl: `${fake.url}/results/${id}.jpg`,
      compressedImageUrl: `${fake.url}/results/${id}-compressed.jpg`,
      creditCost: 1,
    });
    await fake.whenIdle();
    expect(fake.webhookDeliveries.filter((d) => d.jobId === id)).toEqual([
      {
        jobId: id,
        url: `${webhooks.url}/hooks/upsampler?job=abc`,
        status: 'SUCCESS',
        responseStatus: 200,
        time: expect.any(Number),
      },
    ]);
  });

  test('answers 401 to a wrong or missing key and creates no job', async () => {
    const before = fake.submissions;
    const body = {
      input: { imageUrl: `${images.url}/photo.png`, inputImageType: 'universal', upscaleFactor: 4 },
    };

    const wrong = await client(fake, 'not-the-key').post('/precise-upscale', body);
    expect(wrong.status).toBe(401);
    expect(wrong.data).toEqual({ error: 'Unauthorized' });

    const missing = await axios.post(`${fake.url}/precise-upscale`, body, {
      validateStatus: () => true,
    });
    expect(missing.status).toBe(401);

    const status = await client(fake, 'not-the-key').get('/status/anything');
    expect(status.status).toBe(401);
    expect(fake.submissions).toBe(before);
  });

  test.each([
    ['no input', {}],
    ['input not an object', { input: 'x' }],
    ['imageUrl missing', { input: { inputImageType: 'universal', upscaleFactor: 4 } }],
    [
      'imageUrl not http(s)',
      {
        input: { imageUrl: 'ftp://127.0.0.1/a.png', inputImageType: 'universal', upscaleFactor: 4 },
      },
    ],
    [
      'wrong inputImageType',
      { input: { imageUrl: 'http://127.0.0.1/a.png', inputImageType: 'photo', upscaleFactor: 4 } },
    ],
    [
      'upscaleFactor above 16',
      {
        input: {
          imageUrl: 'http://127.0.0.1/a.png',
          inputImageType: 'universal',
          upscaleFactor: 17,
        },
      },
    ],
    [
      'upscaleFactor below 1',
      {
        input: {
          imageUrl: 'http://127.0.0.1/a.png',
          inputImageType: 'universal',
          upscaleFactor: 0.5,
        },
      },
    ],
    [
      'upscaleFactor a string',
      {
        input: {
          imageUrl: 'http://127.0.0.1/a.png',
          inputImageType: 'universal',
          upscaleFactor: '4',
        },
      },
    ],
    [
      'webhook not a URL',
      {
        input: {
          imageUrl: 'http://127.0.0.1/a.png',
          inputImageType: 'universal',
          upscaleFactor: 4,
        },
        webhook: 'nope',
      },
    ],
  ])('answers 400 with { error } to a bad body: %s', async (_label, body) => {
    const before = fake.submissions;
    const res = await api.post('/precise-upscale', body);
    expect(res.status).toBe(400);
    expect(res.data).toEqual({ error: expect.any(String) });
    expect(fake.submissions).toBe(before);
  });

  test('answers 400 to a body that is not JSON', async () => {
    const res = await api.post('/precise-upscale', '{"input": ', {
      headers: { 'Content-Type': 'application/json' },
      transformRequest: [(d: unknown) => d],
    });
    expect(res.status).toBe(400);
    expect(res.data).toEqual({ error: 'Request body must be valid JSON' });
  });

  test('answers 404 for an unknown job id', async () => {
    const res = await api.get('/status/00000000-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    expect(res.data).toEqual({ error: expect.any(String) });
  });

  test('failJobs: the job ends FAILED with an error, and the webhook says so', async () => {
    fake.setFaults({ failJobs: true });
    const id = ((await submit('photo.png', 4, { webhook: webhooks.url })).data as { id: string })
      .id;

    const seen = await pollUntilDone(api, id);
    expect(seen[seen.length - 1]).toEqual({
      id,
      status: 'FAILED',
      creditCost: 1,
      error: 'Upscale failed',
    });
    const [delivery] = await webhooks.waitFor(1);
    expect(delivery!.body).toEqual({
      id,
      status: 'FAILED',
      creditCost: 1,
      error: 'Upscale failed',
    });
  });

  test('an input that cannot be fetched or decoded ends FAILED with the reason', async () => {
    const missing = ((await submit('missing.png', 4)).data as { id: string }).id;
    const garbage = ((await submit('not-an-image.png', 4)).data as { id: string }).id;

    const missingFinal = (await pollUntilDone(api, missing)).pop();
    expect(missingFinal).toMatchObject({
      status: 'FAILED',
      error: expect.stringContaining('HTTP 404'),
    });
    expect(missingFinal).not.toHaveProperty('imageUrl');
    const garbageFinal = (await pollUntilDone(api, garbage)).pop();
    expect(garbageFinal).toMatchObject({
      status: 'FAILED',
      error: 'Input is not a readable image',
    });
  });

  test('serverErrors: 2 → two 500s, then the request succeeds', async () => {
    fake.setFaults({ serverErrors: 2 });
    const before = fake.submissions;

    expect((await submit('photo.png', 2)).status).toBe(500);
    expect((await submit('photo.png', 2)).status).toBe(500);
    const third = await submit('photo.png', 2);
    expect(third.status).toBe(200);
    expect(fake.submissions).toBe(before + 1);
  });

  test('rateLimited: the next N requests answer 429 with a numeric Retry-After', async () => {
    fake.setFaults({ rateLimited: { count: 2, retryAfterSeconds: 7 } });

    for (let i = 0; i < 2; i += 1) {
      const limited = await api.get('/status/some-id');
      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toBe('7');
    }
    expect((await api.get('/status/some-id')).status).toBe(404);
  });

  test('latencyMs delays every API answer', async () => {
    fake.setFaults({ latencyMs: 250 });
    const started = Date.now();
    const res = await api.get('/status/some-id');
    expect(res.status).toBe(404);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  test('loseWebhooks: no webhook call, but the job still succeeds', async () => {
    fake.setFaults({ loseWebhooks: true });
    const id = ((await submit('photo.png', 2, { webhook: webhooks.url })).data as { id: string })
      .id;

    await fake.waitForJob(id, 'SUCCESS');
    await fake.whenIdle();
    expect(webhooks.received).toHaveLength(0);
    expect(fake.webhookDeliveries.filter((d) => d.jobId === id)).toHaveLength(0);
    expect((await api.get<StatusBody>(`/status/${id}`)).data.status).toBe('SUCCESS');
  });

  test('corruptResult: the downloaded result is truncated and does not fully decode', async () => {
    fake.setFaults({ corruptResult: true });
    const id = ((await submit('photo.png', 4)).data as { id: string }).id;
    const final = (await pollUntilDone(api, id)).pop()!;
    expect(final.status).toBe('SUCCESS');

    const result = await download(final.imageUrl!);
    expect(result.status).toBe(200);
    expect(Number(result.headers['content-length'])).toBe(result.data.length);
    await expect(sharp(result.data, { failOn: 'truncated' }).raw().toBuffer()).rejects.toThrow();
  });

  test('wrongSize: the result is 10 px narrower than width × factor', async () => {
    fake.setFaults({ wrongSize: true });
    const id = ((await submit('photo.png', 4)).data as { id: string }).id;
    const final = (await pollUntilDone(api, id)).pop()!;

    const meta = await sharp((await download(final.imageUrl!)).data).metadata();
    expect({ width: meta.width, height: meta.height }).toEqual({
      width: PNG.width * 4 - 10,
      height: PNG.height * 4,
    });
  });

  test('faults are captured per job at submission', async () => {
    fake.setFaults({ failJobs: true, processingMs: 200 });
    const id = ((await submit('photo.png', 2)).data as { id: string }).id;
    fake.resetFaults();
    const failed = fake.waitForJob(id, 'SUCCESS');
    await expect(failed).rejects.toThrow(/ended FAILED \(Upscale failed\)/);
  });

  test('waitForJob rejects after its timeout', async () => {
    fake.setFaults({ processingMs: 500 });
    const id = ((await submit('photo.png', 2)).data as { id: string }).id;
    await expect(fake.waitForJob(id, 'SUCCESS', 100)).rejects.toThrow(
      /did not reach SUCCESS within 100 ms/,
    );
  });

  test('the control endpoints set, read and reset faults', async () => {
    const control = axios.create({ baseURL: `${fake.url}/__control`, validateStatus: () => true });

    const set = await control.post('/faults', {
      failJobs: true,
      rateLimited: { count: 0, retryAfterSeconds: 3 },
    });
    expect(set.status).toBe(200);
    expect(set.data).toMatchObject({
      failJobs: true,
      rateLimited: { count: 0, retryAfterSeconds: 3 },
    });
    expect(fake.getFaults().failJobs).toBe(true);
    expect((await control.get('/faults')).data).toMatchObject({ failJobs: true });

    const id = ((await submit('photo.png', 2)).data as { id: string }).id;
    expect((await pollUntilDone(api, id)).pop()).toMatchObject({
      status: 'FAILED',
      error: 'Upscale failed',
    });

    const invalid = await control.post('/faults', { serverErrors: -1 });
    expect(invalid.status).toBe(400);
    expect(invalid.data).toEqual({ error: expect.stringContaining('serverErrors') });
    const unknown = await control.post('/faults', { explode: true });
    expect(unknown.status).toBe(400);

    const reset = await control.post('/reset');
    expect(reset.status).toBe(200);
    expect(reset.data).toMatchObject({ failJobs: false, serverErrors: 0 });
    expect(fake.getFaults().failJobs).toBe(false);

    const state = await control.get<{ submissions: number; jobs: Array<{ id: string }> }>('/state');
    expect(state.data.submissions).toBe(fake.submissions);
    expect(state.data.jobs.map((job) => job.id)).toContain(id);
  });
});

describe('Upsampler fake limits', () => {
  let images: LocalServer;

  beforeAll(async () => {
    images = await startImageHost({
      'photo.png': { bytes: await noiseImage(24, 20).png().toBuffer(), contentType: 'image/png' },
    });
  });

  afterAll(() => images.close());

  test('the request after rateLimitPerMinute in one minute answers 429 with Retry-After', async () => {
    const fake = await startUpsamplerFake({ rateLimitPerMinute: 5 });
    try {
      const api = client(fake);
      for (let i = 0; i < 5; i += 1) expect((await api.get('/status/x')).status).toBe(404);
      const limited = await api.get('/status/x');
      expect(limited.status).toBe(429);
      const retryAfter = Number(limited.headers['retry-after']);
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
    } finally {
      await fake.close();
    }
  });

  test('result URLs expire after resultTtlMs', async () => {
    const fake = await startUpsamplerFake({ resultTtlMs: 500, processingMs: 0 });
    try {
      const api = client(fake);
      const res = await api.post('/precise-upscale', {
        input: {
          imageUrl: `${images.url}/photo.png`,
          inputImageType: 'universal',
          upscaleFactor: 2,
        },
      });
      const job = await fake.waitForJob((res.data as { id: string }).id, 'SUCCESS');
      expect((await download(job.imageUrl!)).status).toBe(200);

      await sleep(600);
      expect((await download(job.imageUrl!)).status).toBe(404);
      expect((await download(job.compressedImageUrl!)).status).toBe(404);
      expect((await api.get<StatusBody>(`/status/${job.id}`)).data.status).toBe('SUCCESS');
    } finally {
      await fake.close();
    }
  });

  test('preparedResults serves the result made for the first job of a size to every later one', async () => {
    // Two different inputs of one size: resized each, their results differ; prepared, the
    // second job gets the first one's bytes (made once, no work per job).
    const other = await startImageHost({
      'a.png': { bytes: await noiseImage(24, 20).png().toBuffer(), contentType: 'image/png' },
      'b.png': { bytes: await noiseImage(24, 20).png().toBuffer(), contentType: 'image/png' },
    });
    const resultsOf = async (fake: UpsamplerFake): Promise<Buffer[]> => {
      const api = client(fake);
      const bytes: Buffer[] = [];
      for (const name of ['a.png', 'b.png']) {
        const res = await api.post('/precise-upscale', {
          input: {
            imageUrl: `${other.url}/${name}`,
            inputImageType: 'universal',
            upscaleFactor: 2,
          },
        });
        const job = await fake.waitForJob((res.data as { id: string }).id, 'SUCCESS');
        expect(job.output).toEqual({ width: 48, height: 40, format: 'png' });
        bytes.push(Buffer.from((await download(job.imageUrl!)).data));
      }
      return bytes;
    };
    const perJob = await startUpsamplerFake({ processingMs: 0 });
    const prepared = await startUpsamplerFake({ processingMs: 0, preparedResults: true });
    try {
      const [a, b] = await resultsOf(perJob);
      expect(a!.equals(b!)).toBe(false);
      const [first, second] = await resultsOf(prepared);
      expect(first!.equals(second!)).toBe(true);
      expect((await sharp(second!).metadata()).width).toBe(48);
    } finally {
      await perJob.close();
      await prepared.close();
      await other.close();
    }
  });

  test('the CLI starts the fake from the environment and stops on SIGTERM', async () => {
    const code = await withCli<{ url: string; apiKey: string }>(
      'upsampler/cli.ts',
      { UPSAMPLER_FAKE_PORT: '0', UPSAMPLER_FAKE_API_KEY: 'cli-key' },
      async (info) => {
        expect(info).toMatchObject({
          url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
          apiKey: 'cli-key',
        });

        const ok = await axios.get(`${info.url}/status/x`, {
          headers: { Authorization: 'Bearer cli-key' },
          validateStatus: () => true,
        });
        expect(ok.status).toBe(404);
        const denied = await axios.get(`${info.url}/status/x`, {
          headers: { Authorization: 'Bearer test-upsampler-key' },
          validateStatus: () => true,
        });
        expect(denied.status).toBe(401);
        const faults = await axios.post(`${info.url}/__control/faults`, { serverErrors: 1 });
        expect(faults.data).toMatchObject({ serverErrors: 1 });
        const failed = await axios.get(`${info.url}/status/x`, {
          headers: { Authorization: 'Bearer cli-key' },
          validateStatus: () => true,
        });
        expect(failed.status).toBe(500);
      },
    );
    expect(code).toBe(0);
  });
});
