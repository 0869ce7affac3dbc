/**
 * The one interface every upscaler provider implements (docs/architecture.md "Domains").
 * The fulfilment worker submits a job, then asks for its status (on a webhook hint or by
 * polling) until it succeeds or fails; a success gives either a URL to download the
 * result from (cloud) or a local file (sharp, local-ai).
 */

import type { SaleRights } from './rights-xmp';

export type UpscalerName = 'upsampler' | 'sharp' | 'local-ai';

/**
 * What a provider can make, declared once next to it: the provider refuses a job beyond
 * these, and the quote (commerce/pricing) offers no option beyond them, so the two cannot
 * drift (an option sold beyond them would only end in a refund).
 */
export interface UpscalerLimits {
  /** Largest original, width × height in pixels; null when the provider states none. */
  maxInputPixels: number | null;
  /** Largest result, width × height in pixels; null when the provider states none. */
  maxOutputPixels: number | null;
  /** Largest scale it makes (each provider checks its own smallest; the shop starts at 2x). */
  maxScale: number;
}

export interface UpscaleRequest {
  /** The plugin's job id (names local files; not sent to cloud providers). */
  jobId: string;
  /** Public URL of the original image. */
  imageUrl: string;
  /** Upscale factor, e.g. 4 or 8. */
  scale: number;
  /** Where the provider should call back when the job finishes (cloud providers only). */
  webhookUrl?: string;
  /** Local file of the original, when available (local providers read it instead of `imageUrl`). */
  inputPath?: string;
  /**
   * The sale's rights, written as XMP by the encode that makes the result (local providers;
   * docs/architecture.md "Rights metadata and licence page").
   */
  rights?: SaleRights;
}

export type UpscaleStatus =
  | { state: 'queued' | 'processing' }
  | { state: 'succeeded'; resultUrl?: string; resultPath?: string; credits?: number }
  | { state: 'failed'; error: string; permanent: boolean };

export interface SubmitResult {
  /** The provider's id of the job, for `status()`. */
  externalId: string;
  /** What the job costs at the provider, when it says. */
  credits?: number;
  status: UpscaleStatus;
  /** How this job is made, for people (e.g. 'ESRGAN slim 4x + bicubic 2x'), when the provider says. */
  detail?: string;
}

export interface Upscaler {
  name: UpscalerName;
  /** Shown to people, e.g. 'Upsampler (cloud AI)', 'Lanczos resize (non-AI)'. */
  label: string;
  isAi: boolean;
  /** Throws an UpscalerError (transient or permanent) when the job cannot be submitted. */
  submit(req: UpscaleRequest): Promise<SubmitResult>;
  /** Throws an UpscalerError when the status cannot be read. */
  status(externalId: string): Promise<UpscaleStatus>;
  /**
   * Local providers: whether the job is queued or running in this process. Such a job is
   * timed by the provider itself (its wait for a free slot does not count), not by the
   * pipeline's processing timeout.
   */
  isRunningHere?(externalId: string): boolean;
  /** Local providers: stops a job that is no longer wanted (timed out, refunded). */
  cancel?(externalId: string): Promise<void>;
}
