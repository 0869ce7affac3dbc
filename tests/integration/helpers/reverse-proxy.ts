import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The header a test sends to say which visitor's address the proxy stands for. */
export const TEST_CLIENT_HEADER = 'x-test-client';

export interface ReverseProxy {
  /** Where visitors (and Stripe's webhook) reach the site: `http://127.0.0.1:<port>`. */
  url: string;
  /** The instance the proxy forwards to; set once it is booted (README "Behind nginx"). */
  target: string | null;
  close(): Promise<void>;
}

/**
 * A loopback reverse proxy in front of one Strapi instance, as README "Behind nginx" sets
 * one up: it pipes each request on unchanged (Host included, so the body Stripe signs stays
 * byte for byte) and appends the visitor's address to X-Forwarded-For, as nginx's
 * `$proxy_add_x_forwarded_for` does. The visitor's address is the socket's, unless the
 * test names one in `x-test-client` (all tests come from 127.0.0.1).
 */
export async function startReverseProxy(): Promise<ReverseProxy> {
  const proxy: ReverseProxy = { url: '', target: null, close: async () => undefined };
  const server = createServer((req, res) => {
    if (!proxy.target) {
      res.writeHead(502).end('no upstream yet');
      return;
    }
    const headers: IncomingHttpHeaders = { ...req.headers };
    const named = headers[TEST_CLIENT_HEADER];
    delete headers[TEST_CLIENT_HEADER];
    const visitor = (typeof named === 'string' && named) || req.socket.remoteAddress || '';
    const forwarded = headers['x-forwarded-for'];
    headers['x-forwarded-for'] = forwarded ? `${forwarded}, ${visitor}` : visitor;
    const upstream = new URL(proxy.target);
    const out = request(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
