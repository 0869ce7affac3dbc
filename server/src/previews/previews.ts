/**
 * The `previews` service: `GET /previews` answers at once from what the private storage
 * holds — `ready`, `preparing` (the work queued here) or `off` — and
 * `GET /previews/image/:name` serves a stored image (docs/architecture.md "Previews, cart
 * and purchases"). Across instances nothing is locked: two instances asked at once may
 * both make the same preview, writing the same bytes under the same key.
 */
import type { Readable } from 'node:stream';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { LRUCache } from 'lru-cache';
import type { PreviewAnswer } from '../../../shared/contracts/previews';
import { parseResolution } from '../../../shared/resolutions';
import type { Quotes } from '../commerce/quotes';
import type { FileStorage } from '../delivery/file-storage';
import { FILE_UID } from '../media/files';
import { publicUrl } from '../settings/urls';
import { UPSCALER_LABELS } from '../upscalers';
import type { LocalAiService } from '../upscalers/local-ai/service';
import { errors } from '../utils/errors';
import { workDirOf } from '../fulfilment/deliver';
import { createCreditBudget } from './budget';
import { choosePreviewMaker } from './choose';
import { imageName, imageStorageKey, metaStorageKey, previewKey } from './keys';
import { BudgetSpentError, createPreviewMaker, type PreviewMeta } from './make';
import { createWorkQueue } from './work-queue';

/** Previews waiting at most in one instance; beyond, a request is told to ask again later. */
const MAX_QUEUED = 32;
/** A preview that failed is not tried again for this long (the dialog shows none). */
const FAILED_MS = 10 * 60_000;
const META_BYTES = 4_096;

async function readAll(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('Preview description too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function createPreviews(
  strapi: Core.Strapi,
  deps: { quotes: Quotes; storage: FileStorage; localAi?: LocalAiService },
) {
  const { quotes, storage, localAi } = deps;
  const budget = createCreditBudget(strapi);
  const make = createPreviewMaker(strapi, { storage, budget, localAi });
  const ready = new LRUCache<string, PreviewMeta>({ max: 5_000 });
  const failed = new LRUCache<string, 'failed' | 'budget_spent'>({ max: 5_000, ttl: FAILED_MS });
  const queue = createWorkQueue({
    maxQueued: MAX_QUEUED,
    onError: (key, error) => {
      const reason = error instanceof BudgetSpentError ? 'budget_spent' : 'failed';
      failed.set(key, reason, reason === 'budget_spent' ? { ttl: 60_000 } : {});
      strapi.log.warn(
        `[sell-my-images] preview ${key.slice(0, 8)} not made: ${(error as Error).message.split('\n')[0]}`,
      );
    },
  });

  /** The stored description of a preview, when it is there (then it is ready). */
  async function storedMeta(key: string): Promise<PreviewMeta | null> {
    const known = ready.get(key);
    if (known) return known;
    const metaKey = metaStorageKey(key);
    const info = await storage.info(metaKey);
    if (!info || info.size === 0 || info.size > META_BYTES) return null;
    const { body } = await storage.read(metaKey, { start: 0, end: info.size - 1 });
    const meta = JSON.parse((await readAll(body, META_BYTES)).toString('utf8')) as PreviewMeta;
    ready.set(key, meta);
    return meta;
  }

  /** What the key depends on besides the settings: the file's bytes and date. */
  async function fileVersion(id: number): Promise<{ hash: string; updatedAt: string }> {
    const row = (await strapi.db
      .query(FILE_UID)
      .findOne({ where: { id }, select: ['hash', 'updatedAt'] })) as {
      hash?: string | null;
      updatedAt?: string | Date | null;
    } | null;
    const updatedAt = row?.updatedAt ? new Date(row.updatedAt).toISOString() : '';
    return { hash: row?.hash ?? '', updatedAt };
  }

  const imageUrl = (key: string, side: 'before' | 'after') =>
    `${publicUrl(strapi)}/api/sell-my-images/previews/image/${imageName(key, side)}`;

  return {
    /** `GET /previews?fileId=&resolution=`: never waits for the work. */
    async answer(fileId: string, resolution: string): Promise<PreviewAnswer> {
      const { file, settings } = await quotes.sellableFile(fileId);
      const scale = parseResolution(resolution);
      const { options } = await quotes.priced(file, settings);
      if (scale === null || !options.some((o) => o.resolution === resolution && o.available))
        throw new errors.ValidationError('This resolution is not offered for this image');
      const base = { fileId, resolution };
      const choice = choosePreviewMaker(
        settings,
        localAi?.availability(settings.localAiEngine).available ?? false,
      );
      if ('off' in choice) return { ...base, state: 'off', reason: choice.off };
      const { maker } = choice;
      const model = maker === 'local-ai' ? settings.localAiModel : undefined;
      const version = await fileVersion(file.id);
      const key = previewKey({
        fileHash: version.hash,
        updatedAt: version.updatedAt,
        resolution,
        upscaler: maker,
        ...(model ? { model: `${model}:${settings.localAi8xMode}` } : {}),
      });
      const meta = await storedMeta(key);
      if (meta)
        return {
          ...base,
          state: 'ready',
          beforeUrl: imageUrl(key, 'before'),
          afterUrl: imageUrl(key, 'after'),
          ...meta,
        };
      const gaveUp = failed.get(key);
      if (gaveUp) return { ...base, state: 'off', reason: gaveUp };
      if (maker === 'upsampler' && (await budget.spent()) >= settings.paidPreviewDailyCredits)
        return { ...base, state: 'off', reason: 'budget_spent' };
      const madeWith =
        maker === 'local-ai' && localAi
          ? {
              name: maker,
              label: `${localAi.describe(settings).label}, ${localAi.describe(settings).model}`,
            }
          : { name: maker, label: UPSCALER_LABELS[maker] };
      queue.add(key, async () => {
        const made = await make({
          key,
          file,
          settings,
          maker,
          madeWith,
          scale,
          workDir: path.join(workDirOf(strapi), 'previews'),
        });
        ready.set(key, made);
      });
      const retryAfterSeconds = maker === 'sharp' ? 1 : maker === 'local-ai' ? 3 : 5;
      return { ...base, state: 'preparing', retryAfterSeconds };
    },

    /** A stored image by its public name, or null (unknown name or not there). */
    async image(name: string): Promise<{ body: Readable; size: number; type: string } | null> {
      const key = imageStorageKey(name);
      if (!key) return null;
      const info = await storage.info(key);
      if (!info || info.size === 0) return null;
      const { body } = await storage.read(key, { start: 0, end: info.size - 1 });
      return { body, size: info.size, type: name.endsWith('.png') ? 'image/png' : 'image/webp' };
    },

    /** Resolves when no preview is being made here (tests, shutdown). */
    idle: () => queue.idle(),
    stop: () => queue.stop(),
  };
}

export type Previews = ReturnType<typeof createPreviews>;
