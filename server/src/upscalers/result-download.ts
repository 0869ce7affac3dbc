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
import type dns from 'node:dns';
import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AxiosResponse } from 'axios';
import {
  FORBIDDEN_ADDRESS_CODE,
  ForbiddenAddressError,
  guardedLookup,
  ipLiteralOf,
  isForbiddenAddress,
} from './address-policy';
import { errorCodeOf, networkError, UpscalerError } from './errors';
import { createHttpClient, headerOf, httpStatusError, underlyingError } from './http-client';

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

interface DownloadResult {
  path: string;
  bytes: number;
  contentType?: string;
  /** The URL the body came from, after redirects. */
  finalUrl: string;
}

const DEFAULT_MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

class TooLargeError extends Error {}

class TimeoutSignal extends Error {}

function permanent(code: string, message: string, status?: number): UpscalerError {
  return new UpscalerError(message, {
    kind: 'permanent',
    code,
    ...(status !== undefined ? { status } : {}),
  });
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
  const literal = ipLiteralOf(url);
  if (literal !== undefined && isForbiddenAddress(literal, { allowLoopback: options.allowHttp })) {
    throw permanent(
      'forbidden_address',
      `Refusing to download from the non-public address ${url.host}`,
    );
  }
}

/**
 * One GET through the shared client, on a direct connection; the host name of an untrusted
 * URL is resolved by the guarded lookup.
 */
function openRequest(
  url: URL,
  options: DownloadOptions,
  trusted: boolean,
  signal: AbortSignal,
): Promise<AxiosResponse<Readable>> {
  const lookup = trusted ? undefined : guardedLookup(options.allowHttp, options.lookup);
  const client = createHttpClient({
    responseType: 'stream',
    headers: { Accept: 'image/*, */*;q=0.5', 'Accept-Encoding': 'identity' },
    direct: lookup !== undefined ? { lookup } : {},
  });
  return client.get<Readable>(url.toString(), { signal });
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
  const cause = underlyingError(error);
  if (cause instanceof ForbiddenAddressError || errorCodeOf(cause) === FORBIDDEN_ADDRESS_CODE) {
    const reason = cause instanceof Error ? cause.message : 'non-public address';
    return permanent('forbidden_address', `Refusing to download from ${origin}: ${reason}`);
  }
  if (cause instanceof TooLargeError) {
    return permanent('too_large', `Download from ${origin} refused: ${cause.message}`);
  }
  const code = errorCodeOf(cause);
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
  return networkError(cause, `Download from ${origin}`);
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

  let body: Readable | undefined;
  try {
    await mkdir(path.dirname(destPath), { recursive: true });
    for (let hop = 0; ; hop += 1) {
      const trusted = trustedOrigins.has(current.origin);
      checkUrl(current, options, trusted);
      const response = await openRequest(current, options, trusted, controller.signal);
      body = response.data;
      const status = response.status;

      if (REDIRECT_STATUSES.has(status)) {
        const location = headerOf(response, 'location');
        body.destroy();
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
        body.destroy();
        if (status >= 200 && status < 300)
          throw permanent(
            'bad_response',
            `Unexpected HTTP ${status} from ${current.origin}`,
            status,
          );
        throw httpStatusError(response, `Download from ${current.origin} failed: HTTP ${status}`);
      }

      const declared = Number(headerOf(response, 'content-length'));
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        body.destroy();
        throw permanent(
          'too_large',
          `Download from ${current.origin} refused: ${declared} bytes exceed ${options.maxBytes}`,
        );
      }

      let bytes = 0;
      await pipeline(
        body,
        byteCounter(options.maxBytes, (total) => {
          bytes = total;
        }),
        createWriteStream(destPath, { flags: 'w', mode: 0o640 }),
        { signal: controller.signal },
      );
      const contentType = headerOf(response, 'content-type');
      return {
        path: destPath,
        bytes,
        finalUrl: current.toString(),
        ...(contentType !== undefined ? { contentType } : {}),
      };
    }
  } catch (error) {
    body?.destroy();
    await unlink(destPath).catch(() => undefined);
    throw toDownloadError(error, current.origin, controller.signal);
  } finally {
    clearTimeout(timer);
  }
}
