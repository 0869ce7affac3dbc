/**
 * The `upsampler` provider: Upsampler's precise-upscale API (README "Fulfilment and delivery").
 *   POST {base}/precise-upscale   Authorization: Bearer <key>
 *     { input: { imageUrl, inputImageType: 'universal', upscaleFactor }, webhook? }
 *     → 200 { id, status, creditCost, error? }
 *   GET  {base}/status/{id}       → { id, status: IN_QUEUE|IN_PROGRESS|SUCCESS|FAILED,
 *                                     imageUrl, compressedImageUrl?, creditCost, error? }
 * Calls go through the plugin's HTTP client (http-client.ts): redirects are never
 * followed; HTTP failures become UpscalerErrors (transient for network, timeouts, 5xx and
 * 429 with its Retry-After, permanent for other 4xx). The API key appears in no message
 * and no error keeps axios' error (whose config holds it).
 */
import type { AxiosResponse } from 'axios';
import { z } from 'zod';
import { redactSecrets } from '../utils/redact';
import { isLoopbackUrl } from './address-policy';
import { networkError, UpscalerError } from './errors';
import { createHttpClient, httpStatusError } from './http-client';
import type { SubmitResult, Upscaler, UpscaleRequest, UpscaleStatus } from './types';
import type { UpscalerLimits } from './types';

export const UPSAMPLER_LABEL = 'Upsampler (cloud AI)';
export { DEFAULT_UPSAMPLER_API_URL } from '../settings/environment';
const DEFAULT_UPSAMPLER_TIMEOUT_MS = 30_000;
/**
 * What precise upscale takes (read by the quote): up to 16x. Upsampler publishes no pixel
 * limit for it, so none is assumed; it needs an API key (upscalers/index `upscalerCapability`).
 */
export const UPSAMPLER_LIMITS = Object.freeze({
  maxInputPixels: null,
  maxOutputPixels: null,
  maxScale: 16,
}) satisfies UpscalerLimits;

/** Largest JSON answer read from the API. */
const MAX_RESPONSE_BYTES = 1024 * 1024;
const MAX_SERVER_MESSAGE = 300;

export interface UpsamplerClientOptions {
  apiKey: string;
  /** API base URL, e.g. `https://upsampler.com/api/v1`; plain http only for loopback hosts. */
  baseUrl: string;
  timeoutMs?: number;
}

const UPSAMPLER_STATUSES = ['IN_QUEUE', 'IN_PROGRESS', 'SUCCESS', 'FAILED'] as const;

const submitResponseSchema = z.object({
  id: z.string().min(1),
  status: z.string(),
  creditCost: z.number().nonnegative().optional(),
  error: z.string().nullish(),
});

const statusResponseSchema = z.object({
  id: z.string().min(1),
  status: z.enum(UPSAMPLER_STATUSES),
  imageUrl: z.string().nullish(),
  compressedImageUrl: z.string().nullish(),
  creditCost: z.number().nonnegative().optional(),
  error: z.string().nullish(),
});

/** The status shape (answer of `GET /status/{id}` and body of Upsampler's webhook call). */
export type UpsamplerStatusBody = z.infer<typeof statusResponseSchema>;

/** Reads an Upsampler status body (e.g. a webhook payload); undefined when it is not one. */
export function parseUpsamplerStatusBody(value: unknown): UpsamplerStatusBody | undefined {
  const parsed = statusResponseSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function badResponse(message: string): UpscalerError {
  return new UpscalerError(message, { kind: 'transient', code: 'bad_response' });
}

/**
 * IN_QUEUE → queued, IN_PROGRESS → processing, SUCCESS → succeeded (resultUrl = imageUrl),
 * FAILED → failed (permanent). A SUCCESS without an image URL is a bad (transient) answer.
 */
export function mapUpsamplerStatus(body: UpsamplerStatusBody): UpscaleStatus {
  switch (body.status) {
    case 'IN_QUEUE':
      return { state: 'queued' };
    case 'IN_PROGRESS':
      return { state: 'processing' };
    case 'SUCCESS': {
      const resultUrl = body.imageUrl ?? undefined;
      if (resultUrl === undefined || resultUrl === '')
        throw badResponse('Upsampler reported SUCCESS without an image URL');
      return {
        state: 'succeeded',
        resultUrl,
        ...(body.creditCost !== undefined ? { credits: body.creditCost } : {}),
      };
    }
    case 'FAILED':
      return {
        state: 'failed',
        error: body.error ? body.error.slice(0, MAX_SERVER_MESSAGE) : 'Upscale failed',
        permanent: true,
      };
  }
}

/** Validates and normalises the base URL (no trailing slash); https unless loopback. */
function normaliseUpsamplerBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UpscalerError('The Upsampler API URL is not a valid URL', {
      kind: 'permanent',
      code: 'bad_config',
    });
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url));
  if (!secure)
    throw new UpscalerError('The Upsampler API URL must use https (http only for localhost)', {
      kind: 'permanent',
      code: 'bad_config',
    });
  if (url.username !== '' || url.password !== '') {
    throw new UpscalerError('The Upsampler API URL must not contain credentials', {
      kind: 'permanent',
      code: 'bad_config',
    });
  }
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

export function createUpsamplerClient(
  options: UpsamplerClientOptions,
): Upscaler & { readonly baseUrl: string } {
  const apiKey = options.apiKey.trim();
  if (apiKey === '')
    throw new UpscalerError('The Upsampler API key is not set', {
      kind: 'permanent',
      code: 'bad_config',
    });
  const baseUrl = normaliseUpsamplerBaseUrl(options.baseUrl);
  const timeoutMs = options.timeoutMs ?? DEFAULT_UPSAMPLER_TIMEOUT_MS;

  const api = createHttpClient({
    baseUrl,
    timeoutMs,
    responseType: 'json',
    maxBytes: MAX_RESPONSE_BYTES,
    headers: { Accept: 'application/json' },
  });

  /** Removes the key from any text that came back from the server. */
  // Upsampler's messages may quote the key or the callback URL (its signature): neither is
  // stored or logged.
  const redact = (text: string): string =>
    redactSecrets(text.split(apiKey).join('[redacted]')).slice(0, MAX_SERVER_MESSAGE);

  function serverMessage(data: unknown): string {
    if (typeof data === 'object' && data !== null) {
      const error =
        (data as { error?: unknown; message?: unknown }).error ??
        (data as { message?: unknown }).message;
      if (typeof error === 'string' && error !== '') return ` (${redact(error)})`;
    }
    return '';
  }

  async function call(what: string, send: () => Promise<AxiosResponse<unknown>>): Promise<unknown> {
    let response: AxiosResponse<unknown>;
    try {
      response = await send();
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (code === 'ERR_BAD_RESPONSE' || code === 'ERR_FR_MAX_CONTENT_LENGTH_EXCEEDED') {
        throw badResponse(`Upsampler ${what}: unreadable answer`);
      }
      // Only the code survives: axios' error carries the request config and its Authorization header.
      throw networkError(error, `Upsampler ${what}`);
    }
    if (response.status !== 200) {
      throw httpStatusError(
        response,
        `Upsampler ${what} failed: HTTP ${response.status}${serverMessage(response.data)}`,
      );
    }
    if (typeof response.data !== 'object' || response.data === null)
      throw badResponse(`Upsampler ${what}: answer is not JSON`);
    return response.data;
  }

  const authorization = { Authorization: `Bearer ${apiKey}` };

  return {
    name: 'upsampler',
    label: UPSAMPLER_LABEL,
    isAi: true,
    baseUrl,

    async submit(req: UpscaleRequest): Promise<SubmitResult> {
      const { maxScale } = UPSAMPLER_LIMITS;
      if (!Number.isFinite(req.scale) || req.scale < 1 || req.scale > maxScale) {
        throw new UpscalerError(`Upsampler upscales by 1 to ${maxScale}`, {
          kind: 'permanent',
          code: 'bad_request',
        });
      }
      const body = {
        input: { imageUrl: req.imageUrl, inputImageType: 'universal', upscaleFactor: req.scale },
        ...(req.webhookUrl !== undefined && req.webhookUrl !== ''
          ? { webhook: req.webhookUrl }
          : {}),
      };
      const data = await call('submit', () =>
        api.post('/precise-upscale', body, {
          headers: { ...authorization, 'Content-Type': 'application/json' },
        }),
      );
      const parsed = submitResponseSchema.safeParse(data);
      if (!parsed.success) {
        const message = serverMessage(data);
        if (message !== '')
          throw new UpscalerError(`Upsampler refused the job${message}`, {
            kind: 'permanent',
            code: 'rejected',
          });
        throw badResponse('Upsampler submit: unexpected answer');
      }
      const { id, status, creditCost, error } = parsed.data;
      const known = (UPSAMPLER_STATUSES as readonly string[]).includes(status);
      const mapped: UpscaleStatus =
        status === 'FAILED' || (!known && error)
          ? { state: 'failed', error: error ? redact(error) : 'Upscale failed', permanent: true }
          : status === 'IN_PROGRESS'
            ? { state: 'processing' }
            : status === 'SUCCESS'
              ? { state: 'processing' } // confirmed (with its image URL) by the next status call
              : { state: 'queued' };
      return {
        externalId: id,
        ...(creditCost !== undefined ? { credits: creditCost } : {}),
        status: mapped,
      };
    },

    async status(externalId: string): Promise<UpscaleStatus> {
      if (externalId === '' || externalId.length > 200) {
        throw new UpscalerError('Invalid Upsampler job id', {
          kind: 'permanent',
          code: 'bad_request',
        });
      }
      const data = await call('status', () =>
        api.get(`/status/${encodeURIComponent(externalId)}`, { headers: authorization }),
      );
      const parsed = statusResponseSchema.safeParse(data);
      if (!parsed.success) throw badResponse('Upsampler status: unexpected answer');
      if (parsed.data.id !== externalId)
        throw badResponse('Upsampler status: answer is about another job');
      return mapUpsamplerStatus(parsed.data);
    },
  };
}
