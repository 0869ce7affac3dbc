/**
 * Errors of the upscaler providers and of result downloads, classified so the queue
 * knows what to do: `transient` → retry with backoff (network, timeouts, 5xx, 429),
 * `permanent` → fail the job at once (other 4xx, unsupported or too large input, …).
 *
 * Messages never carry credentials, and no error keeps the underlying HTTP client's
 * error (whose request config holds the Authorization header) as its `cause`.
 */

type UpscalerErrorKind = 'transient' | 'permanent';

interface UpscalerErrorOptions {
  kind: UpscalerErrorKind;
  code: string;
  /** How long the service asked us to wait (429 `Retry-After`), in milliseconds. */
  retryAfterMs?: number;
  /** HTTP status of the answer that caused the error, when there was one. */
  status?: number;
}

export class UpscalerError extends Error {
  readonly kind: UpscalerErrorKind;
  readonly code: string;
  readonly retryAfterMs?: number;
  readonly status?: number;

  constructor(message: string, options: UpscalerErrorOptions) {
    super(message);
    this.name = 'UpscalerError';
    this.kind = options.kind;
    this.code = options.code;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.status !== undefined) this.status = options.status;
  }

  get transient(): boolean {
    return this.kind === 'transient';
  }

  get permanent(): boolean {
    return this.kind === 'permanent';
  }
}

/** An error that no retry can fix (bad input, too large, misconfigured). */
export function permanentError(code: string, message: string): UpscalerError {
  return new UpscalerError(message, { kind: 'permanent', code });
}

export function isUpscalerError(error: unknown): error is UpscalerError {
  return error instanceof UpscalerError;
}

/** Longest wait a `Retry-After` header may impose (a bogus header must not park a job for days). */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/**
 * `Retry-After` as milliseconds from `now`: delay-seconds (`"120"`) or an HTTP date
 * (`"Wed, 21 Oct 2015 07:28:00 GMT"`). Clamped to [0, MAX_RETRY_AFTER_MS]; undefined when
 * absent or unreadable.
 */
export function parseRetryAfter(
  header: string | number | readonly string[] | undefined,
  now: number = Date.now(),
): number | undefined {
  if (header === undefined) return undefined;
  const raw =
    typeof header === 'number' ? String(header) : typeof header === 'string' ? header : header[0];
  if (raw === undefined) return undefined;
  const value = raw.trim();
  if (value === '') return undefined;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(value)) {
    ms = Math.round(Number(value) * 1000);
  } else {
    const date = Date.parse(value);
    if (Number.isNaN(date)) return undefined;
    ms = date - now;
  }
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

function codeForStatus(status: number): string {
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 413) return 'too_large';
  if (status >= 300 && status < 400) return 'unexpected_redirect';
  return 'client_error';
}

/**
 * Classifies an HTTP answer that is not a success. `status` undefined means no answer at
 * all (network error, timeout) → transient. 5xx, 429 (with `Retry-After`) and 408 →
 * transient; every other status (other 4xx, unexpected 3xx/1xx) → permanent.
 */
export function classifyHttpError(
  status: number | undefined,
  retryAfterHeader?: string | number | readonly string[],
  message?: string,
): UpscalerError {
  if (status === undefined) {
    return new UpscalerError(message ?? 'No answer from the server', {
      kind: 'transient',
      code: 'network_error',
    });
  }
  const code = codeForStatus(status);
  const transient = status >= 500 || status === 429 || status === 408;
  const retryAfterMs =
    status === 429 || status === 503 ? parseRetryAfter(retryAfterHeader) : undefined;
  return new UpscalerError(message ?? `HTTP ${status}`, {
    kind: transient ? 'transient' : 'permanent',
    code,
    status,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'ECONNABORTED',
  'ESOCKETTIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/** Code of a Node/axios network error (`ECONNREFUSED`, …), if the value has one. */
export function errorCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * A failure without an HTTP answer (socket error, DNS, timeout) → transient UpscalerError.
 * Only the error code is kept, never the original error object.
 */
export function networkError(error: unknown, what: string): UpscalerError {
  const code = errorCodeOf(error);
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return new UpscalerError(`${what} timed out`, { kind: 'transient', code: 'timeout' });
  }
  const detail =
    code !== undefined && (NETWORK_CODES.has(code) || /^E[A-Z_]+$/.test(code)) ? ` (${code})` : '';
  return new UpscalerError(`${what} failed: network error${detail}`, {
    kind: 'transient',
    code: 'network_error',
  });
}
