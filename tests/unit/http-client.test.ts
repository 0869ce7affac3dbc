/**
 * The plugin's one outbound HTTP client (server/src/upscalers/http-client.ts) against
 * local servers: redirects and error statuses are answers, a direct client never uses an
 * environment proxy, opens a new connection per request and resolves names with its own
 * lookup, and what it reports of a failure.
 */
import type dns from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { ForbiddenAddressError, guardedLookup } from '../../server/src/upscalers/address-policy';
import {
  createHttpClient,
  headerOf,
  httpStatusError,
  underlyingError,
  USER_AGENT,
} from '../../server/src/upscalers/http-client';

interface Recorder {
  url: string;
  port: number;
  hits: { url: string; host: string | undefined; userAgent: string | undefined }[];
  connections: number;
  close(): Promise<void>;
}

async function startRecorder(handler: http.RequestListener): Promise<Recorder> {
  const server = http.createServer();
  const recorder: Recorder = {
    url: '',
    port: 0,
    hits: [],
    connections: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  server.on('connection', () => {
    recorder.connections += 1;
  });
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const { url = '', headers } = req;
    recorder.hits.push({ url, host: headers.host, userAgent: headers['user-agent'] });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  recorder.port = (server.address() as AddressInfo).port;
  recorder.url = `http://127.0.0.1:${recorder.port}`;
  return recorder;
}

let target: Recorder;

beforeAll(async () => {
  target = await startRecorder((req, res) => {
    if (req.url === '/redirect') res.writeHead(302, { location: '/elsewhere' }).end();
    else if (req.url === '/busy') res.writeHead(429, { 'retry-after': '7' }).end();
    else if (req.url === '/gone') res.writeHead(404).end();
    else
      res
        .writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] })
        .end('{"ok":true}');
  });
});

afterAll(async () => {
  await target.close();
});

test('redirects are answers, not followed; every status is an answer', async () => {
  const client = createHttpClient({ responseType: 'json', baseUrl: target.url });
  const hitsBefore = target.hits.length;
  const redirect = await client.get('/redirect');
  expect(redirect.status).toBe(302);
  expect(headerOf(redirect, 'Location')).toBe('/elsewhere');
  expect((await client.get('/gone')).status).toBe(404);
  expect(target.hits.slice(hitsBefore).map((hit) => hit.url)).toEqual(['/redirect', '/gone']);
});

test('statuses are classified as the queue expects, with Retry-After', async () => {
  const client = createHttpClient({ responseType: 'json', baseUrl: target.url });
  expect(httpStatusError(await client.get('/busy'), 'busy')).toMatchObject({
    kind: 'transient',
    code: 'rate_limited',
    status: 429,
    retryAfterMs: 7_000,
  });
  expect(httpStatusError(await client.get('/gone'), 'gone')).toMatchObject({
    kind: 'permanent',
    code: 'not_found',
    status: 404,
  });
});

test('headers: the plugin user agent is sent; a repeated answer header reads as its first value', async () => {
  const client = createHttpClient({ responseType: 'json', baseUrl: target.url });
  const response = await client.get('/ok');
  expect(response.data).toEqual({ ok: true });
  expect(headerOf(response, 'set-cookie')).toBe('a=1');
  expect(headerOf(response, 'x-absent')).toBeUndefined();
  expect(target.hits.at(-1)?.userAgent).toBe(USER_AGENT);
});

describe('a direct client', () => {
  const saved = { HTTP_PROXY: process.env.HTTP_PROXY, http_proxy: process.env.http_proxy };
  let proxy: Recorder;

  beforeAll(async () => {
    proxy = await startRecorder((_req, res) => res.writeHead(502).end());
  });

  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await proxy.close();
  });

  test('ignores an environment proxy, which would hide the address really connected to', async () => {
    process.env.HTTP_PROXY = proxy.url;
    process.env.http_proxy = proxy.url;
    const response = await createHttpClient({ responseType: 'json', direct: {} }).get(
      `${target.url}/ok`,
    );
    expect(response.status).toBe(200);
    expect(proxy.hits).toEqual([]);
  });

  test('opens a new connection for every request', async () => {
    const client = createHttpClient({ responseType: 'stream', direct: {} });
    const before = target.connections;
    for (let i = 0; i < 3; i += 1) {
      const response = await client.get<Readable>(`${target.url}/ok`);
      response.data.resume();
      await new Promise((resolve) => response.data.on('end', resolve));
    }
    expect(target.connections - before).toBe(3);
  });

  test('resolves host names with its lookup, and a refusal comes back as the lookup error', async () => {
    const asked: string[] = [];
    const toLoopback = ((
      hostname: string,
      _options: unknown,
      callback: (e: null, a: { address: string; family: number }[]) => void,
    ) => {
      asked.push(hostname);
      callback(null, [{ address: '127.0.0.1', family: 4 }]);
    }) as unknown as typeof dns.lookup;
    const url = `http://images.example.test:${target.port}/ok`;

    const allowed = createHttpClient({
      responseType: 'json',
      direct: { lookup: guardedLookup(true, toLoopback) },
    });
    expect((await allowed.get(url)).status).toBe(200);
    expect(asked).toEqual(['images.example.test']);
    expect(target.hits.at(-1)?.host).toBe(`images.example.test:${target.port}`);

    const refused = createHttpClient({
      responseType: 'json',
      direct: { lookup: guardedLookup(false, toLoopback) },
    });
    const error: unknown = await refused.get(url).catch((caught: unknown) => caught);
    expect(underlyingError(error)).toBeInstanceOf(ForbiddenAddressError);
  });
});
