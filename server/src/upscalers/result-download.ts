/**
 * Downloads an upscaler's result (or an original image) to disk, safely:
 * - https only, unless `allowHttp` (the caller allows it when the configured Upsampler
 *   base URL is loopback, i.e. local development and tests);
 * - no connection to private, loopback, link-local or otherwise non-public addresses
 *   (loopback is allowed together with `allowHttp`), checked on the address the socket
 *   really connects to (a guarded DNS lookup, so DNS rebinding cannot slip through) and
 *   again on every redirect hop;
 * - a byte cap enforced while streaming, an overall timeout, and the partial file deleted
 *   on any failure.
 * Errors are UpscalerErrors: transient for network errors, timeouts, 5xx and 429;
 * permanent for 4xx, a too large body, a refused URL or address.
 */
import dns from 'node:dns';
import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { classifyHttpError, networkError, UpscalerError } from './errors';

export interface DownloadOptions {
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  /** Limit for the whole download, redirects included. */
  timeoutMs: number;
  /** Allow `http:` URLs and loopback addresses (only for a loopback Upsampler base URL). */
  allowHttp: boolean;
  /**
   * Origins (`scheme://host[:port]`) the site owner configured and therefore trusts, e.g.
   * the site's own public URL when a local upscaler fetches an original. Requests to them
   * skip the scheme and address checks; redirects elsewhere are checked as usual.
   */
  trustedOrigins?: readonly string[];
  /** Redirects followed (each hop checked again). Default 3. */
  maxRedirects?: number;
  /** DNS lookup used to resolve host names; default `dns.lookup`. */
  lookup?: typeof dns.lookup;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  contentType?: string;
  /** The URL the body came from, after redirects. */
  finalUrl: string;
}

const DEFAULT_MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

// ---------------------------------------------------------------------------------------
// Address policy
// ---------------------------------------------------------------------------------------

/** Addresses no download may reach: private, link-local, shared, reserved, multicast, documentation. */
const NON_PUBLIC = new net.BlockList();
for (const [address, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NON_PUBLIC.addSubnet(address, prefix, 'ipv4');
}
for (const [address, prefix] of [
  ['::', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 32],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  NON_PUBLIC.addSubnet(address, prefix, 'ipv6');
}

const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Removes an IPv6 zone (`fe80::1%eth0`). */
function stripZone(address: string): string {
  const index = address.indexOf('%');
  return index === -1 ? address : address.slice(0, index);
}

/** IPv4 embedded in a NAT64 well-known-prefix address (`64:ff9b::a.b.c.d`), if any. */
function nat64Embedded(address: string): string | undefined {
  const match = /^64:ff9b::(?:ffff:)?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address) ?? undefined;
  const dotted = /^64:ff9b::(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)?.[1];
  if (dotted !== undefined) return dotted;
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  const high = parseInt(match[1], 16);
  const low = parseInt(match[2], 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

export function isLoopbackAddress(address: string): boolean {
  const ip = stripZone(stripBrackets(address));
  const family = net.isIP(ip);
  if (family === 0) return false;
  return LOOPBACK.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * True when a download must not connect to `address`: anything that is not a public
 * unicast address. Loopback is forbidden too unless `allowLoopback`. A value that is not
 * an IP address is forbidden.
 */
export function isForbiddenAddress(
  address: string,
  options: { allowLoopback?: boolean } = {},
): boolean {
  const ip = stripZone(stripBrackets(address));
  const family = net.isIP(ip);
  if (family === 0) return true;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (LOOPBACK.check(ip, type)) return options.allowLoopback !== true;
  if (NON_PUBLIC.check(ip, type)) return true;
  const embedded = family === 6 ? nat64Embedded(ip) : undefined;
  if (embedded !== undefined) return isForbiddenAddress(embedded, { allowLoopback: false });
  return false;
}

/** `localhost`, `*.localhost`, 127.0.0.0/8 or ::1. */
export function isLoopbackHostname(hostname: string): boolean {
  const host = stripBrackets(hostname).toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return isLoopbackAddress(host);
}

/** True for an http(s) URL on a loopback host (e.g. a local Upsampler fake). */
export function isLoopbackUrl(url: string | URL): boolean {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return false;
  }
  return (
    (parsed.protocol === 'http:' || parsed.protocol === 'https:') &&
    isLoopbackHostname(parsed.hostname)
  );
}

// ---------------------------------------------------------------------------------------
// Download
// ---------------------------------------------------------------------------------------

class ForbiddenAddressError extends Error {
  readonly code = 'SMI_FORBIDDEN_ADDRESS';
}

class TooLargeError extends Error {}

class TimeoutSignal extends Error {}

function permanent(code: string, message: string, status?: number): UpscalerError {
  return new UpscalerError(message, {
    kind: 'permanent',
    code,
    ...(status !== undefined ? { status } : {}),
  });
}

/** A DNS lookup that refuses host names resolving to a forbidden address (any of them). */
function guardedLookup(allowLoopback: boolean, baseLookup: typeof dns.lookup): net.LookupFunction {
  return (hostname, options, callback) => {
    baseLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, '');
        return;
      }
      const list = addresses.filter((entry) => entry.family === 4 || entry.family === 6);
      const first = list[0];
      if (first === undefined) {
        callback(
          Object.assign(new Error(`${hostname} did not resolve`), { code: 'ENOTFOUND' }),
          '',
        );
        return;
      }
      if (list.some((entry) => isForbiddenAddress(entry.address, { allowLoopback }))) {
        callback(new ForbiddenAddressError(`${hostname} resolves to a non-public address`), '');
        return;
      }
      if (options.all === true) callback(null, list);
      else callback(null, first.address, first.family);
    });
  };
}

function normaliseOrigins(origins: readonly string[] | undefined): Set<string> {
  const set = new Set<string>();
  for (const origin of origins ?? []) {
    try {
      set.add(new URL(origin).origin);
    } catch {
      // An unreadable origin trusts nothing.
    }
  }
  return set;
}

/** Checks scheme and literal addresses before connecting; throws a permanent UpscalerError. */
function checkUrl(url: URL, options: DownloadOptions, trusted: boolean): void {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw permanent('insecure_url', `Refusing to download from a ${url.protocol} URL`);
  }
  if (trusted) return;
  if (url.protocol === 'http:' && !options.allowHttp) {
    throw permanent('insecure_url', `Refusing to download over plain http from ${url.origin}`);
  }
  const host = stripBrackets(url.hostname);
  if (net.isIP(host) !== 0 && isForbiddenAddress(host, { allowLoopback: options.allowHttp })) {
    throw permanent(
      'forbidden_address',
      `Refusing to download from the non-public address ${url.host}`,
    );
  }
}

function openRequest(
  url: URL,
  options: DownloadOptions,
  trusted: boolean,
  signal: AbortSignal,
): Promise<http.IncomingMessage> {
  const transport = url.protocol === 'https:' ? https : http;
  const requestOptions: https.RequestOptions = {
    method: 'GET',
    agent: false,
    signal,
    headers: {
      accept: 'image/*, */*;q=0.5',
      'accept-encoding': 'identity',
      'user-agent': 'strapi-plugin-sell-my-images',
    },
  };
  if (!trusted)
    requestOptions.lookup = guardedLookup(options.allowHttp, options.lookup ?? dns.lookup);
  return new Promise((resolve, reject) => {
    const req = transport.request(url, requestOptions, resolve);
    req.on('error', reject);
    req.end();
  });
}

/** Counts bytes and fails once more than `maxBytes` went through. */
function byteCounter(maxBytes: number, onBytes: (total: number) => void): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      total += chunk.length;
      onBytes(total);
      if (total > maxBytes) {
        callback(new TooLargeError(`Body exceeds ${maxBytes} bytes`));
        return;
      }
      callback(null, chunk);
    },
  });
}

function toDownloadError(error: unknown, origin: string, signal: AbortSignal): UpscalerError {
  if (error instanceof UpscalerError) return error;
  if (signal.aborted && signal.reason instanceof TimeoutSignal) {
    return new UpscalerError(`Download from ${origin} timed out`, {
      kind: 'transient',
      code: 'timeout',
    });
  }
  if (error instanceof ForbiddenAddressError) {
    return permanent('forbidden_address', `Refusing to download from ${origin}: ${error.message}`);
  }
  if (error instanceof TooLargeError) {
    return permanent('too_large', `Download from ${origin} refused: ${error.message}`);
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (
    code === 'ENOSPC' ||
    code === 'EACCES' ||
    code === 'EROFS' ||
    code === 'EMFILE' ||
    code === 'ENFILE'
  ) {
    return new UpscalerError(`Could not write the downloaded file (${code})`, {
      kind: 'transient',
      code: 'storage_error',
    });
  }
  return networkError(error, `Download from ${origin}`);
}

/**
 * Streams `url` into `destPath` (parent folders created). On any failure the file at
 * `destPath` is removed and an UpscalerError thrown. Error messages name the origin only,
 * never the path or query (result URLs may be signed).
 */
export async function downloadResult(
  url: string,
  destPath: string,
  options: DownloadOptions,
): Promise<DownloadResult> {
  if (!(options.maxBytes > 0) || !(options.timeoutMs > 0))
    throw new RangeError('maxBytes and timeoutMs must be positive');
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const trustedOrigins = normaliseOrigins(options.trustedOrigins);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new TimeoutSignal('timeout')), options.timeoutMs);
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    clearTimeout(timer);
    throw permanent('invalid_url', 'Refusing to download from an invalid URL');
  }

  let response: http.IncomingMessage | undefined;
  try {
    await mkdir(path.dirname(destPath), { recursive: true });
    for (let hop = 0; ; hop += 1) {
      const trusted = trustedOrigins.has(current.origin);
      checkUrl(current, options, trusted);
      response = await openRequest(current, options, trusted, controller.signal);
      const status = response.statusCode ?? 0;

      if (REDIRECT_STATUSES.has(status)) {
        const location = response.headers.location;
        response.destroy();
        if (location === undefined)
          throw permanent(
            'bad_response',
            `Redirect without a Location from ${current.origin}`,
            status,
          );
        if (hop >= maxRedirects)
          throw permanent(
            'too_many_redirects',
            `More than ${maxRedirects} redirects from ${current.origin}`,
            status,
          );
        try {
          current = new URL(location, current);
        } catch {
          throw permanent('invalid_url', `Invalid redirect target from ${current.origin}`, status);
        }
        continue;
      }
      if (status !== 200) {
        response.destroy();
        if (status >= 200 && status < 300)
          throw permanent(
            'bad_response',
            `Unexpected HTTP ${status} from ${current.origin}`,
            status,
          );
        throw classifyHttpError(
          status,
          response.headers['retry-after'],
          `Download from ${current.origin} failed: HTTP ${status}`,
        );
      }

      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        response.destroy();
        throw permanent(
          'too_large',
          `Download from ${current.origin} refused: ${declared} bytes exceed ${options.maxBytes}`,
        );
      }

      let bytes = 0;
      await pipeline(
        response,
        byteCounter(options.maxBytes, (total) => {
          bytes = total;
        }),
        createWriteStream(destPath, { flags: 'w', mode: 0o640 }),
        { signal: controller.signal },
      );
      const contentType = response.headers['content-type'];
      return {
        path: destPath,
        bytes,
        finalUrl: current.toString(),
        ...(contentType !== undefined ? { contentType } : {}),
      };
    }
  } catch (error) {
    response?.destroy();
    await unlink(destPath).catch(() => undefined);
    throw toDownloadError(error, current.origin, controller.signal);
  } finally {
    clearTimeout(timer);
  }
}
