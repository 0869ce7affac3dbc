/**
 * Who makes a shop's previews, or why there are none (docs/architecture.md "Previews,
 * cart and purchases"): the shop's own local upscaler; with Upsampler, local AI when it
 * is installed, else Upsampler itself only when the owner pays for previews.
 */
import type { PreviewOffReason } from '../../../shared/contracts/previews';
import type { PreviewMaker } from './enlarge';

export type PreviewChoice = { maker: PreviewMaker } | { off: PreviewOffReason };

export function choosePreviewMaker(
  settings: {
    previews: string;
    paidPreviews: boolean;
    upscaler: string;
    upsamplerApiKey: string | null;
  },
  localAiInstalled: boolean,
): PreviewChoice {
  if (settings.previews === 'off') return { off: 'disabled' };
  if (settings.upscaler === 'sharp') return { maker: 'sharp' };
  if (settings.upscaler === 'local-ai')
    return localAiInstalled ? { maker: 'local-ai' } : { off: 'failed' };
  if (localAiInstalled) return { maker: 'local-ai' };
  return settings.paidPreviews && settings.upsamplerApiKey
    ? { maker: 'upsampler' }
    : { off: 'not_free' };
}

/** Upsampler credits of a preview: its output megapixels at the shop's rate, at least one. */
export function previewCredits(
  crop: { width: number; height: number },
  scale: number,
  creditsPerMegapixel: number,
): number {
  const megapixels = (crop.width * scale * crop.height * scale) / 1_000_000;
  return Math.max(1, Math.ceil(megapixels * creditsPerMegapixel));
}
