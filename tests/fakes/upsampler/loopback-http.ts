import http from 'node:http';
import https from 'node:https';

/** The fake only ever talks to this machine. */
export function isLoopbackUrl(url: URL): boolean {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export interface LoopbackRequest {
  method: 'GET' | 'POST';
  url: string;
  body?: Buffer;
  headers?: Record<string, string>;
  timeoutMs: number;
  maxBytes: number;
}

export interface LoopbackResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One HTTP(S) request to a loopback URL: no redirects followed, no connection reuse,
 * bounded by a timeout and a response size cap.
 */
export function requestLoopback(request: LoopbackRequest): Promise<LoopbackResponse> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return Promise.reject(new Error(`Invalid URL: ${request.url}`));
  }
  if (!isLoopbackUrl(url)) {
    return Promise.reject(
      new Error(`The fake only reaches loopback http(s) URLs, not ${url.origin}`),
    );
  }
  const transport = url.protocol === 'https:' ? https : http;
  const headers: Record<string, string> = { connection: 'close', ...request.headers };
  if (request.body) headers['content-length'] = String(request.body.length);

  return new Promise<LoopbackResponse>((resolve, reject) => {
    const req = transport.request(
      url,
      { method: request.method, headers, agent: false, timeout: request.timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > request.maxBytes) {
            req.destroy(new Error(`Response from ${url.origin} exceeds ${request.maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`Request to ${url.origin} timed out after ${request.timeoutMs} ms`)),
    );
    req.on('error', reject);
    req.end(request.body);
  });
}
