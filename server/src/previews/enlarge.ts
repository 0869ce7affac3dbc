/**
 * "After": the crop enlarged by the shop's upscaler through its own provider code, so the
 * preview is exactly what the buyer's file has in that place (docs/architecture.md
 * "Previews, cart and purchases"). Sharp answers at once; local AI runs in the shared
 * runner (behind paid work already queued there); Upsampler fetches the crop by URL.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import {
  createLocalAiUpscaler,
  createSharpUpscaler,
  createUpsamplerClient,
  type Upscaler,
  type UpscaleStatus,
} from '../upscalers';
import { isLoopbackUrl } from '../upscalers/address-policy';
import { downloadResult } from '../upscalers/result-download';
import { originalDownload } from '../upscalers/local-input';
import type { EffectiveSettings } from '../settings/settings';
import type { LocalAiService } from '../upscalers/local-ai/service';

export type PreviewMaker = 'sharp' | 'local-ai' | 'upsampler';

export interface EnlargeRequest {
  maker: PreviewMaker;
  settings: EffectiveSettings;
  /** Names the provider's files (`preview-<key>`). */
  jobId: string;
  cropPath: string;
  /** Upsampler: the public URL of the crop. */
  cropUrl?: string;
  scale: number;
  workDir: string;
  /** Longest wait for the result. */
  timeoutMs: number;
  localAi?: LocalAiService;
  upsamplerApiUrl: string;
}

function upscalerFor(req: EnlargeRequest): Upscaler {
  const { settings, workDir } = req;
  if (req.maker === 'sharp') return createSharpUpscaler({ workDir });
  if (req.maker === 'local-ai') {
    if (!req.localAi) throw new Error('Local AI is not available');
    return createLocalAiUpscaler(req.localAi.upscalerOptions(settings, workDir));
  }
  if (!settings.upsamplerApiKey) throw new Error('Upsampler has no API key');
  return createUpsamplerClient({ apiKey: settings.upsamplerApiKey, baseUrl: req.upsamplerApiUrl });
}

/** The result file of the enlargement (the caller removes it). */
export async function enlarge(req: EnlargeRequest): Promise<string> {
  const upscaler = upscalerFor(req);
  const submitted = await upscaler.submit({
    jobId: req.jobId,
    imageUrl: req.cropUrl ?? '',
    scale: req.scale,
    inputPath: req.maker === 'upsampler' ? undefined : req.cropPath,
  });
  const deadline = Date.now() + req.timeoutMs;
  let status: UpscaleStatus = submitted.status;
  for (let wait = 250; status.state === 'queued' || status.state === 'processing';) {
    if (Date.now() > deadline) {
      await upscaler.cancel?.(submitted.externalId);
      throw new Error('The preview took too long');
    }
    await sleep(wait);
    wait = Math.min(wait * 2, 5_000);
    status = await upscaler.status(submitted.externalId);
  }
  if (status.state === 'failed') throw new Error(status.error);
  if (status.state !== 'succeeded') throw new Error('The upscaler stopped answering');
  if (status.resultPath) return status.resultPath;
  if (!status.resultUrl) throw new Error('The upscaler gave no result');
  const target = path.join(req.workDir, `${req.jobId}.result`);
  await downloadResult(
    status.resultUrl,
    target,
    originalDownload({ maxBytes: 50 * 1024 * 1024, allowHttp: isLoopbackUrl(req.upsamplerApiUrl) }),
  );
  return target;
}
