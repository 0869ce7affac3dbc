import type { UpscaleRequest } from './types';

export const MAX_UPSCALE_FACTOR = 16;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Validates a `POST /precise-upscale` body the way the real API documents it. */
export function parseUpscaleRequest(body: unknown): Parsed<UpscaleRequest> {
  if (!isRecord(body)) return { ok: false, error: 'Request body must be a JSON object' };
  const input = body.input;
  if (!isRecord(input)) return { ok: false, error: 'input is required and must be an object' };
  const { imageUrl, inputImageType, upscaleFactor } = input;
  if (typeof imageUrl !== 'string' || !isHttpUrl(imageUrl)) {
    return { ok: false, error: 'input.imageUrl must be an http(s) URL' };
  }
  if (inputImageType !== 'universal') {
    return { ok: false, error: "input.inputImageType must be 'universal'" };
  }
  if (
    typeof upscaleFactor !== 'number' ||
    !Number.isFinite(upscaleFactor) ||
    upscaleFactor < 1 ||
    upscaleFactor > MAX_UPSCALE_FACTOR
  ) {
    return {
      ok: false,
      error: `input.upscaleFactor must be a number from 1 to ${MAX_UPSCALE_FACTOR}`,
    };
  }
  const request: UpscaleRequest = { input: { imageUrl, inputImageType, upscaleFactor } };
  if (body.webhook !== undefined) {
    if (typeof body.webhook !== 'string' || !isHttpUrl(body.webhook)) {
      return { ok: false, error: 'webhook must be an http(s) URL' };
    }
    request.webhook = body.webhook;
  }
  return { ok: true, value: request };
}
