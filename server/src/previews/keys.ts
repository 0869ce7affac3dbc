/**
 * Where a preview lives in the private storage (docs/architecture.md "Previews, cart and
 * purchases"): one key per file version, resolution and upscaler, so a replaced image or
 * another upscaler is a new key and an old preview is never served for it.
 */
import { createHash } from 'node:crypto';

/** What a preview depends on: the original's bytes and date, the scale, who enlarges it. */
export interface PreviewIdentity {
  /** The upload file's hash (Strapi's name of its bytes). */
  fileHash: string;
  /** The upload file's `updatedAt` (a replaced image keeps its id, not its date). */
  updatedAt: string;
  resolution: string;
  upscaler: string;
  /** The local AI model, when it makes "after". */
  model?: string;
}

/** The two images, and the crop itself (what Upsampler fetches for a paid preview). */
export type PreviewSide = 'before' | 'after' | 'source';

const KEY = /^[0-9a-f]{32}$/;
const IMAGE_NAME = /^[0-9a-f]{32}-(?:before\.webp|after\.webp|source\.png)$/;

/** 32 hex digits naming one preview (no part of it can be read back). */
export function previewKey(identity: PreviewIdentity): string {
  const parts = [
    'preview-v1',
    identity.fileHash,
    identity.updatedAt,
    identity.resolution,
    identity.upscaler,
    identity.model ?? '',
  ];
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32);
}

/** The public name of one image of a preview: `<key>-before.webp`, `<key>-source.png`. */
export const imageName = (key: string, side: PreviewSide): string =>
  `${key}-${side}.${side === 'source' ? 'png' : 'webp'}`;

/** The storage key of an image name (`previews/<name>`); null for anything else. */
export function imageStorageKey(name: string): string | null {
  return IMAGE_NAME.test(name) ? `previews/${name}` : null;
}

/** The storage key of the description written last (its presence means "ready"). */
export function metaStorageKey(key: string): string {
  if (!KEY.test(key)) throw new Error('Not a preview key');
  return `previews/${key}.json`;
}
