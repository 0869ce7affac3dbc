/**
 * The plugin's one HTTP client for outbound calls: the Upsampler API and the downloads of
 * results and originals (Stripe keeps its official SDK). It is axios, set up the same way
 * for every caller:
 * - redirects are never followed by the client (`maxRedirects: 0`): the Upsampler API
 *   must not redirect, and a download checks every hop itself before following it;
 * - every HTTP status is an answer (`validateStatus`), turned into an UpscalerError by
 *   `httpStatusError` (transient for 5xx, 429 with its Retry-After, 408; else permanent);
 * - a `direct` client (downloads) never goes through an environment proxy (the proxy's
 *   address would be checked instead of the target's), opens a fresh socket per request
 *   (no keep-alive pool shared with other requests) and resolves host names with the
 *   given lookup, so the address policy sees the address the socket really connects to.
 */
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import axios, { type AxiosInstance, type AxiosResponse, type CreateAxiosDefaults } from 'axios';
import { classifyHttpError, type UpscalerError } from './errors';

export const USER_AGENT = 'strapi-plugin-sell-my-images';

interface HttpClientOptions {
  /** Base URL of relative request paths. */
  baseUrl?: string;
  /** Limit of each request, body included; streamed downloads use an AbortSignal instead. */
  timeoutMs?: number;
  /** `json`: the body parsed (capped by `maxBytes`); `stream`: the raw, undecoded body. */
  responseType: 'json' | 'stream';
  /** Largest request and buffered response body, in bytes. Default: no limit. */
  maxBytes?: number;
  headers?: Record<string, string>;
  /** Direct connections only, host names resolved by `lookup` (e.g. a guarded lookup). */
  direct?: { lookup?: net.LookupFunction };
}

export function createHttpClient(options: HttpClientOptions): AxiosInstance {
  const config: CreateAxiosDefaults = {
    maxRedirects: 0,
    validateStatus: () => true,
    responseType: options.responseType,
    // A stream is handed over as it arrives on the wire (the caller counts its bytes).
    decompress: options.responseType !== 'stream',
    maxContentLength: options.maxBytes ?? -1,
    maxBodyLength: options.maxBytes ?? -1,
    headers: { 'User-Agent': USER_AGENT, ...options.headers },
  };
  if (options.baseUrl !== undefined) config.baseURL = options.baseUrl;
  if (options.timeoutMs !== undefined) config.timeout = options.timeoutMs;
  if (options.direct !== undefined) {
    const lookup = options.direct.lookup;
    const agentOptions = { keepAlive: false, ...(lookup !== undefined ? { lookup } : {}) };
    config.proxy = false;
    config.httpAgent = new http.Agent(agentOptions);
    config.httpsAgent = new https.Agent(agentOptions);
  }
  return axios.create(config);
}

/** A response header as one string (the first of several), or undefined. */
export function headerOf(response: AxiosResponse, name: string): string | undefined {
  const value: unknown = response.headers[name.toLowerCase()];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

/** A non-success answer as a classified UpscalerError, with its Retry-After. */
export function httpStatusError(response: AxiosResponse, message: string): UpscalerError {
  return classifyHttpError(response.status, headerOf(response, 'retry-after'), message);
}

/**
 * The error that made a request fail: axios wraps socket and lookup errors in its own
 * error (whose config must not be kept: it holds the request headers), with the
 * original as `cause`.
 */
export function underlyingError(error: unknown): unknown {
  if (!axios.isAxiosError(error)) return error;
  return error.cause ?? error;
}
