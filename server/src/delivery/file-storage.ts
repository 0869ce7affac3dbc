/**
 * The storage port (docs/architecture.md "Storage"): where finished files are kept, behind
 * one interface with two adapters, the private local folder (delivery/storage) and an
 * S3-compatible bucket (delivery/s3-storage). The adapter is chosen once per Strapi
 * instance from the environment (delivery/storage-config).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Core } from '@strapi/strapi';
import type { ObjectStorageFacts } from '../settings/startup-checks';
import { readStorageConfig, type S3StorageConfig } from './storage-config';
import { moveIntoStorage, removeStoredFile, storageDir } from './storage';

export interface StoredFileInfo {
  size: number;
  /** Last modification, in ms since the epoch (part of the download's ETag). */
  modifiedMs: number;
}

/** The bytes `start`–`end` (inclusive) of a stored file, and how many were read so far. */
export interface StoredFileStream {
  body: Readable;
  bytesRead(): number;
}

export interface FileStorage {
  readonly kind: 'local' | 's3';
  /** Stores the finished local file `sourcePath` under `key` (storageKeyFor); the source is gone after. */
  store(sourcePath: string, key: string): Promise<void>;
  /** Size and date of a stored file; null when it is not there. */
  info(key: string): Promise<StoredFileInfo | null>;
  read(key: string, range: { start: number; end: number }): Promise<StoredFileStream>;
  /** Deletes a stored file; a file already gone is no error. */
  remove(key: string): Promise<void>;
  /**
   * A short-lived URL that serves the file itself as an attachment named `fileName` (a bucket
   * in redirect mode), or null when the file is streamed through Strapi.
   */
  downloadUrl(key: string, fileName: string): Promise<string | null>;
  /** For the start-up checks: whether the bucket answers and stays private (null on disk). */
  probe(): Promise<ObjectStorageFacts | null>;
}

/** Today's private folder, `<SMI_STORAGE_DIR>/<key>` (README "Fulfilment and delivery"). */
export function createLocalStorage(rootOf: () => string): FileStorage {
  const pathOf = (key: string) => path.join(rootOf(), key);
  return {
    kind: 'local',
    store: (sourcePath, key) => moveIntoStorage(sourcePath, pathOf(key)),
    async info(key) {
      const found = await stat(pathOf(key)).catch(() => null);
      return found ? { size: found.size, modifiedMs: found.mtimeMs } : null;
    },
    async read(key, { start, end }) {
      const body = createReadStream(pathOf(key), { start, end });
      return { body, bytesRead: () => body.bytesRead };
    },
    async remove(key) {
      await removeStoredFile(pathOf(key));
    },
    downloadUrl: async () => null,
    probe: async () => null,
  };
}

/**
 * The S3 adapter, its module (and the AWS SDK, ~120 ms to load) read on first use, so a
 * site on the local disk never loads it.
 */
function lazyS3Storage(config: S3StorageConfig): FileStorage {
  let adapter: Promise<FileStorage> | undefined;
  const load = () =>
    (adapter ??= import('./s3-storage').then(({ createS3Storage }) => createS3Storage(config)));
  return {
    kind: 's3',
    store: async (sourcePath, key) => (await load()).store(sourcePath, key),
    info: async (key) => (await load()).info(key),
    read: async (key, range) => (await load()).read(key, range),
    remove: async (key) => (await load()).remove(key),
    downloadUrl: async (key, fileName) => (await load()).downloadUrl(key, fileName),
    probe: async () => (await load()).probe(),
  };
}

/** The `storage` service: the adapter SMI_STORAGE chose (a wrong setting throws at start-up). */
export function createFileStorage(strapi: Core.Strapi): FileStorage {
  const config = readStorageConfig();
  if (config.kind === 's3') return lazyS3Storage(config);
  return createLocalStorage(() => storageDir(strapi));
}
