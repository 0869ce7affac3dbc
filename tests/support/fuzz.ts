/**
 * A fuzzer for the plugin's public routes: fast-check arbitraries of whole HTTP requests
 * (method, path with its query, headers, body) aimed at each route, from near-valid to
 * hostile (huge, unicode, nested and prototype-polluting keys, malformed JSON, odd
 * headers), sent over a raw socket so that no client library tidies them up first.
 * Used by tests/integration/fuzz-public-routes.test.ts (a bounded slice in `npm test`)
 * and bench/fuzz-public-routes.ts (a long run).
 */
import net from 'node:net';
import fc from 'fast-check';

export interface FuzzRequest {
  method: string;
  /** The request target, sent as it is (already encoded or not). */
  path: string;
  headers: Array<[string, string]>;
  body: Buffer;
}

export interface FuzzTargets {
  /** `/api/sell-my-images` (the routes' prefix). */
  prefix: string;
  /** Ids and documentIds of files that exist, so some requests get past the lookup. */
  fileIds: string[];
  /** A job that exists, so the status route reaches its checks. */
  jobId: string;
}

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'];

/** Text from plain to hostile: unicode, control characters, very long, path-like. */
const text = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS) },
    { weight: 1, arbitrary: fc.constantFrom('4x', '8x', '16x', '0x', '99x', '-1', '1e309') },
    { weight: 1, arbitrary: fc.constantFrom('../../etc/passwd', '%00', '\u0000', '%2e%2e%2f') },
    { weight: 1, arbitrary: fc.string({ minLength: 2_000, maxLength: 20_000 }) },
  );

/** A JSON value, possibly deep, with keys that try prototype pollution. */
const jsonish = (): fc.Arbitrary<unknown> =>
  fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double(),
      text(),
      fc.array(tie('value'), { maxLength: 5 }),
      fc.dictionary(fc.oneof(text(), fc.constantFrom(...PROTO_KEYS)), tie('value'), {
        maxKeys: 5,
      }),
    ),
  })).value;

/** A body for a JSON route: near-valid objects, any JSON, broken JSON, or not JSON at all. */
function jsonBody(targets: FuzzTargets, route: 'checkout' | 'clicks'): fc.Arbitrary<string> {
  const fileId = fc.oneof(text(), fc.integer(), fc.constantFrom(...targets.fileIds));
  const page = fc.oneof(text(), fc.webUrl());
  const nearValid: fc.Arbitrary<Record<string, unknown>> =
    route === 'checkout'
      ? fc.record(
          {
            fileId,
            resolution: text(),
            email: fc.oneof(text(), fc.emailAddress()),
            sourcePage: page,
            returnUrl: page,
          },
          { requiredKeys: [] },
        )
      : fc.record({ fileId, sourcePage: page }, { requiredKeys: [] });
  // `{"__proto__": …}` in JSON text: JSON.stringify of an object literal cannot write it.
  const polluting = fc
    .tuple(fc.constantFrom(...PROTO_KEYS), jsonish())
    .map(([key, value]) => `{"${key}": ${JSON.stringify(value) ?? 'null'}, "fileId": "1"}`);
  return fc.oneof(
    { weight: 4, arbitrary: nearValid.map((value) => JSON.stringify(value)) },
    { weight: 2, arbitrary: jsonish().map((value) => JSON.stringify(value) ?? 'null') },
    { weight: 1, arbitrary: polluting },
    { weight: 1, arbitrary: text() },
    { weight: 1, arbitrary: fc.constantFrom('{"fileId": ', '[[[[[[[[[[', '{"a":1}{"b":2}', '') },
  );
}

/** A query string: known keys with hostile values, unknown and repeated keys, qs-style nesting. */
function query(known: string[]): fc.Arbitrary<string> {
  const key = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...known) },
    { weight: 1, arbitrary: text() },
    { weight: 1, arbitrary: fc.constantFrom(...known.map((k) => `${k}[]`), `${known[0]}[a][b]`) },
    { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS.map((k) => `${k}[polluted]`)) },
  );
  const pair = fc
    .tuple(key, text(), fc.boolean())
    .map(([k, v, encode]) =>
      encode ? `${encodeURIComponent(k)}=${encodeURIComponent(v)}` : `${k}=${v}`,
    );
  return fc
    .array(pair, { maxLength: 6 })
    .map((pairs) => (pairs.length ? `?${pairs.join('&')}` : ''));
}

/** Headers: content types right and wrong, ranges, conditionals, signatures, proxies. */
function headers(): fc.Arbitrary<Array<[string, string]>> {
  const header = fc.oneof(
    fc.constantFrom<[string, string]>(
      ['content-type', 'application/json'],
      ['content-type', 'application/json; charset=utf-16'],
      ['content-type', 'text/plain'],
      ['content-type', 'application/x-www-form-urlencoded'],
      ['content-type', 'multipart/form-data; boundary=x'],
      ['content-encoding', 'gzip'],
      ['range', 'bytes=0-'],
      ['range', 'bytes=-0'],
      ['range', 'bytes=5-1,0-99999999999999999999'],
      ['if-range', '"x"'],
      ['if-none-match', '*'],
      ['transfer-encoding', 'chunked'],
      ['stripe-signature', 't=1,v1=00'],
      ['x-forwarded-for', '127.0.0.1, 10.0.0.1'],
    ),
    fc
      .tuple(
        fc.constantFrom(
          'range',
          'if-none-match',
          'stripe-signature',
          'user-agent',
          'x-forwarded-for',
          'accept',
        ),
        text(),
      )
      .map(([name, value]): [string, string] => [name, value.replace(/[\r\n]/g, ' ')]),
  );
  return fc.array(header, { maxLength: 4 });
}

/** A request aimed at one of the public routes (or a wrong method on one). */
export function publicRequest(targets: FuzzTargets): fc.Arbitrary<FuzzRequest> {
  const p = targets.prefix;
  const none = Buffer.alloc(0);
  const get = (path: fc.Arbitrary<string>) =>
    fc.record({
      method: fc.constantFrom('GET', 'HEAD'),
      path,
      headers: headers(),
      body: fc.constant(none),
    });
  const post = (path: fc.Arbitrary<string>, body: fc.Arbitrary<string>) =>
    fc.record({
      method: fc.constant('POST'),
      path,
      headers: headers(),
      body: body.map((b) => Buffer.from(b)),
    });
  const segment = fc.oneof(
    fc.constant(targets.jobId),
    fc.uuid(),
    text().map((t) => encodeURIComponent(t)),
    fc.string({ minLength: 43, maxLength: 43 }).map((t) => encodeURIComponent(t)),
  );
  return fc.oneof(
    get(query(['fileId']).map((q) => `${p}/prices${q}`)),
    post(
      query(['fileId']).map((q) => `${p}/checkout${q}`),
      jsonBody(targets, 'checkout'),
    ),
    post(fc.constant(`${p}/clicks`), jsonBody(targets, 'clicks')),
    get(fc.tuple(segment, query(['session'])).map(([id, q]) => `${p}/jobs/${id}${q}`)),
    get(segment.map((token) => `${p}/downloads/${token}`)),
    post(
      fc.constant(`${p}/webhooks/stripe`),
      fc.oneof(
        jsonish().map((v) => JSON.stringify(v) ?? ''),
        text(),
      ),
    ),
    post(
      query(['job', 'sig']).map((q) => `${p}/webhooks/upsampler${q}`),
      jsonBody(targets, 'clicks'),
    ),
    get(fc.constantFrom(`${p}/client.js`, `${p}/health`)),
    fc.record({
      // (TRACE and other methods Koa's router does not implement are Strapi's 501 on any route)
      method: fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS'),
      path: fc.constantFrom(`${p}/checkout`, `${p}/prices`, `${p}/clicks`, `${p}/downloads/x`),
      headers: headers(),
      body: fc.constant(none),
    }),
  );
}

/** The answer's status code, or null when the server closed the connection without one. */
export function send(
  port: number,
  request: FuzzRequest,
  timeoutMs = 15_000,
): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(
          `no answer within ${timeoutMs} ms to ${request.method} ${request.path.slice(0, 120)}`,
        ),
      );
    }, timeoutMs);
    const lines = [
      `${request.method} ${request.path} HTTP/1.1`,
      `host: 127.0.0.1:${port}`,
      'connection: close',
      `content-length: ${request.body.length}`,
      ...request.headers
        .filter(
          ([name]) => !['host', 'connection', 'content-length', 'transfer-encoding'].includes(name),
        )
        .map(([name, value]) => `${name}: ${value}`),
    ];
    socket.on('connect', () => {
      socket.write(
        Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), request.body]),
      );
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined); // a reset after the answer is the server's right
    socket.on('close', () => {
      clearTimeout(timer);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(Buffer.concat(chunks).toString('latin1', 0, 64));
      resolve(status ? Number(status[1]) : null);
    });
  });
}
