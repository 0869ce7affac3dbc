/**
 * Makes one preview off the request path (docs/architecture.md "Previews, cart and
 * purchases"): the original (the local file, else downloaded), its crop, "after" from the
 * shop's upscaler, "before" by a plain enlargement, both stored in the private storage,
 * then the description that says the preview is ready (written last, so a reader never
 * sees half a preview).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type { UpscalerName } from '../../../shared/contracts/settings';
import type { FileStorage } from '../delivery/file-storage';
import { absoluteFileUrl, localPathOf, type MediaFile } from '../media/files';
import { readEnvironment } from '../settings/environment';
import type { EffectiveSettings } from '../settings/settings';
import { publicUrl } from '../settings/urls';
import { UPSCALER_LIMITS } from '../upscalers';
import type { LocalAiService } from '../upscalers/local-ai/service';
import { originalDownload, readInput } from '../upscalers/local-input';
import type { CreditBudget } from './budget';
import { previewCredits } from './choose';
import { findCrop, writeCrop, type CropBox } from './crop';
import { enlarge, type PreviewMaker } from './enlarge';
import { writePreviewImages } from './images';
import { imageName, imageStorageKey, metaStorageKey } from './keys';

/** What is stored next to the images: the rest of a `ready` answer. */
export interface PreviewMeta {
  width: number;
  height: number;
  crop: CropBox;
  madeWith: { name: UpscalerName; label: string };
}

export interface MakeRequest {
  key: string;
  file: MediaFile;
  settings: EffectiveSettings;
  maker: PreviewMaker;
  madeWith: PreviewMeta['madeWith'];
  scale: number;
  workDir: string;
}

export class BudgetSpentError extends Error {}

export function createPreviewMaker(
  strapi: Core.Strapi,
  deps: { storage: FileStorage; budget: CreditBudget; localAi?: LocalAiService },
) {
  const { storage } = deps;

  async function store(localPath: string, name: string): Promise<void> {
    const key = imageStorageKey(name);
    if (!key) throw new Error('Bad preview image name');
    await storage.store(localPath, key);
  }

  return async function make(req: MakeRequest): Promise<PreviewMeta> {
    const { key, settings, workDir, scale } = req;
    const jobId = `preview-${key}`;
    const temp = (suffix: string) =>
      path.join(workDir, `${jobId}.${randomBytes(4).toString('hex')}.${suffix}`);
    await mkdir(workDir, { recursive: true });
    const origin = new URL(publicUrl(strapi)).origin;
    const input = await readInput(
      {
        jobId,
        imageUrl: absoluteFileUrl(req.file, publicUrl(strapi)),
        scale,
        inputPath: localPathOf(strapi, req.file),
      },
      workDir,
      originalDownload({ trustedOrigins: [origin] }),
    );
    const maxInputPixels = UPSCALER_LIMITS.sharp.maxInputPixels ?? 100_000_000;
    const cropPath = temp('crop.png');
    const made: string[] = [cropPath];
    try {
      const crop = await findCrop(input.file, maxInputPixels);
      await writeCrop(input.file, crop, cropPath, maxInputPixels);
      let cropUrl: string | undefined;
      if (req.maker === 'upsampler') {
        const credits = previewCredits(crop, scale, settings.creditsPerMegapixel);
        if (!(await deps.budget.reserve(credits, settings.paidPreviewDailyCredits)))
          throw new BudgetSpentError('The daily preview budget is spent');
        // Upsampler fetches its input by URL: the crop (a part of a public image) is served.
        const sourcePath = temp('source.png');
        await writeCrop(input.file, crop, sourcePath, maxInputPixels);
        await store(sourcePath, imageName(key, 'source'));
        cropUrl = `${publicUrl(strapi)}/api/sell-my-images/previews/image/${imageName(key, 'source')}`;
      }
      const afterSource = await enlarge({
        maker: req.maker,
        settings,
        jobId,
        cropPath,
        cropUrl,
        scale,
        workDir,
        timeoutMs: settings.processingTimeoutMinutes * 60_000,
        localAi: deps.localAi,
        upsamplerApiUrl: readEnvironment().upsamplerApiUrl,
      });
      made.push(afterSource);
      const meta: PreviewMeta = {
        width: crop.width * scale,
        height: crop.height * scale,
        crop,
        madeWith: req.madeWith,
      };
      const beforePath = temp('before.webp');
      const afterPath = temp('after.webp');
      const metaPath = temp('json');
      made.push(beforePath, afterPath, metaPath);
      await writePreviewImages({ cropPath, afterSource, ...meta, beforePath, afterPath });
      await store(beforePath, imageName(key, 'before'));
      await store(afterPath, imageName(key, 'after'));
      await writeFile(metaPath, JSON.stringify(meta));
      await storage.store(metaPath, metaStorageKey(key));
      return meta;
    } finally {
      if (input.temporary) made.push(input.file);
      await Promise.all(made.map((file) => unlink(file).catch(() => undefined)));
    }
  };
}
