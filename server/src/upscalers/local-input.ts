/**
 * The original image of a local upscale (sharp, local AI): the file on this server's disk
 * when the upload provider is local, otherwise downloaded through the SSRF guard into the
 * work folder; then its header read and its size checked against the provider's limits.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { permanentError } from './errors';
import { downloadResult, type DownloadOptions } from './result-download';
import type { UpscaleRequest } from './types';

/** A job id that can name local files. */
const LOCAL_JOB_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** Refuses a job id that could step out of the work folder (it names local files). */
export function assertLocalJobId(jobId: string): void {
  if (!LOCAL_JOB_ID.test(jobId)) {
    throw permanentError('bad_request', 'Job id must be 1–128 letters, digits, - or _');
  }
}

/** How an original is fetched by default: 100 MB at most, within a minute, https only. */
export function originalDownload(overrides?: Partial<DownloadOptions>): DownloadOptions {
  return { maxBytes: 100 * 1024 * 1024, timeoutMs: 60_000, allowHttp: false, ...overrides };
}

/**
 * The original as a file; `temporary` when it was downloaded into the work folder (the
 * caller deletes it), named after the job, whose id is checked first.
 */
export async function readInput(
  req: UpscaleRequest,
  workDir: string,
  download: DownloadOptions,
): Promise<{ file: string; temporary: boolean }> {
  assertLocalJobId(req.jobId);
  await mkdir(workDir, { recursive: true });
  if (req.inputPath !== undefined && req.inputPath !== '') {
    return { file: req.inputPath, temporary: false };
  }
  const file = path.join(workDir, `${req.jobId}.${randomBytes(6).toString('hex')}.input`);
  await downloadResult(req.imageUrl, file, download);
  return { file, temporary: true };
}

export interface InputLimits {
  maxInputPixels: number;
  maxOutputPixels: number;
  /** Added to the too-large message, e.g. ' for the local AI upscaler'. */
  provider?: string;
}

/**
 * The original's header (no pixels decoded) and its output size; a permanent error for a
 * missing or unreadable file and for an input or output above the limits.
 */
export async function inspectInput(
  input: string,
  scale: number,
  limits: InputLimits,
): Promise<{ metadata: Metadata; width: number; height: number }> {
  let metadata: Metadata;
  try {
    // Header only; the pixel limit is checked below, so it can be told apart from a bad file.
    metadata = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ENOENT')
      throw permanentError('input_missing', 'The original image file is missing');
    throw permanentError('unsupported_input', 'The original is not a readable image');
  }
  const { width, height } = metadata;
  if (!width || !height) {
    throw permanentError('unsupported_input', 'The original image has no dimensions');
  }
  if (width * height > limits.maxInputPixels) {
    const pixels = `${limits.maxInputPixels} pixels${limits.provider ?? ''}`;
    throw permanentError('too_large', `The original (${width}×${height}) exceeds ${pixels}`);
  }
  const outWidth = Math.round(width * scale);
  const outHeight = Math.round(height * scale);
  if (outWidth * outHeight > limits.maxOutputPixels) {
    throw permanentError(
      'too_large',
      `The result (${outWidth}×${outHeight}) would exceed ${limits.maxOutputPixels} pixels`,
    );
  }
  return { metadata, width: outWidth, height: outHeight };
}
