/**
 * The live before/after preview of the purchase dialog (docs/architecture.md "Previews,
 * cart and purchases"): a square crop of the original where it has most detail, enlarged
 * by the chosen resolution twice — by the shop's upscaler ("after") and by a plain resize
 * ("before") — both the same size, lightly watermarked, cached in the private storage.
 */
import type { UpscalerName } from './settings';

/** Side of the crop of the original, in pixels (smaller images are previewed whole). */
export const PREVIEW_CROP_SIZE = 192;

/** `ready`: both images can be shown; `preparing`: ask again later; `off`: no preview. */
export type PreviewState = 'ready' | 'preparing' | 'off';

/** Why there is no preview (state `off`). */
export type PreviewOffReason =
  /** The owner switched previews off. */
  | 'disabled'
  /** Upsampler with no local AI installed and paid previews off. */
  | 'not_free'
  /** Paid previews: today's credit budget is spent. */
  | 'budget_spent'
  /** The preview could not be made (the buyer can still buy). */
  | 'failed';

/** `GET /previews?fileId=&resolution=` → 200 (404 like `/prices` for a file not for sale). */
export interface PreviewAnswer {
  fileId: string;
  resolution: string;
  state: PreviewState;
  reason?: PreviewOffReason;
  /** `preparing`: seconds to wait before asking again. */
  retryAfterSeconds?: number;
  /** `ready`: the plain enlargement (absolute URL of `GET /previews/image/...`). */
  beforeUrl?: string;
  /** `ready`: the upscaled crop, exactly what the buyer's file has in that place. */
  afterUrl?: string;
  /** `ready`: size of each image, pixels (the crop × the scale). */
  width?: number;
  height?: number;
  /** `ready`: where the crop is in the original, pixels. */
  crop?: { left: number; top: number; width: number; height: number };
  /** `ready`: who made "after" (with `upsampler` and no paid previews: local AI, labelled so). */
  madeWith?: { name: UpscalerName; label: string };
}
