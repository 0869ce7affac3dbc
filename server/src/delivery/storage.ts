/**
 * Private storage of finished files: `<SMI_STORAGE_DIR>/<yyyy>/<mm>/<jobId>_<res>.<ext>`
 * (UTC year and month), never inside Strapi's public folder, so a file is only reachable
 * through its token-protected download link.
 */
import { realpathSync } from 'node:fs';
import { copyFile, mkdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type { PluginConfig } from '../config';
import { PLUGIN_ID } from '../plugin-id';
import { readEnvironment } from '../settings/environment';

const SAFE_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const SAFE_EXT = /^[A-Za-z0-9]{1,8}$/;

export class StorageLocationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StorageLocationError';
  }
}

function assertSegment(value: string, what: string): void {
  if (!SAFE_SEGMENT.test(value))
    throw new StorageLocationError(
      `${what} must be 1–128 letters, digits, - or _ (got ${JSON.stringify(value.slice(0, 40))})`,
    );
}

/**
 * `<yyyy>/<mm>/<jobId>_<resolution>.<ext>` with the UTC year and month of `date`: the key of
 * a finished file, `/`-separated, the same in the local folder and in a bucket. Throws a
 * StorageLocationError for a job id, resolution or extension that could step out of the
 * folder (separators, dots, empty).
 */
export function storageKeyFor(
  jobId: string | number,
  resolution: string,
  ext: string,
  date: Date = new Date(),
): string {
  const id = String(jobId);
  assertSegment(id, 'Job id');
  assertSegment(resolution, 'Resolution');
  const extension = ext.startsWith('.') ? ext.slice(1) : ext;
  if (!SAFE_EXT.test(extension))
    throw new StorageLocationError(
      `Extension must be 1–8 letters or digits (got ${JSON.stringify(ext.slice(0, 20))})`,
    );
  if (Number.isNaN(date.getTime())) throw new StorageLocationError('Invalid date');
  const yyyy = String(date.getUTCFullYear()).padStart(4, '0');
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  return `${yyyy}/${mm}/${id}_${resolution}.${extension.toLowerCase()}`;
}

/** `<storageDir>/<yyyy>/<mm>/<jobId>_<resolution>.<ext>` (see storageKeyFor). */
export function storagePathFor(
  storageDir: string,
  jobId: string | number,
  resolution: string,
  ext: string,
  date: Date = new Date(),
): string {
  const key = storageKeyFor(jobId, resolution, ext, date);
  return path.join(path.resolve(storageDir), ...key.split('/'));
}

/** The real path of `target`, resolving symlinks of its longest existing ancestor. */
function realPathOf(target: string): string {
  let existing = path.resolve(target);
  const rest: string[] = [];
  for (let depth = 0; depth < 4096; depth += 1) {
    try {
      return path.join(realpathSync.native(existing), ...rest.reverse());
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) break;
      rest.push(path.basename(existing));
      existing = parent;
    }
  }
  return path.resolve(target);
}

/** True when `child` is `parent` or inside it (case-insensitively on macOS and Windows). */
export function isInsideOrEqual(child: string, parent: string): boolean {
  const fold =
    process.platform === 'win32' || process.platform === 'darwin'
      ? (p: string) => p.toLowerCase()
      : (p: string) => p;
  const relative = path.relative(fold(parent), fold(child));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Throws a StorageLocationError when `storageDir` is Strapi's public folder or inside it
 * (symlinks resolved), where every file would be served to anyone.
 */
export function assertOutsidePublic(storageDir: string, publicDir: string): void {
  const storage = realPathOf(storageDir);
  const publicReal = realPathOf(publicDir);
  if (
    isInsideOrEqual(storage, publicReal) ||
    isInsideOrEqual(path.resolve(storageDir), path.resolve(publicDir))
  ) {
    throw new StorageLocationError(
      `The storage folder ${storage} is inside the public folder ${publicReal}; choose a private folder (SMI_STORAGE_DIR)`,
    );
  }
}

/**
 * Moves a finished temporary file to its final place (parent folders created). A rename
 * when both are on one file system; across devices a copy to a sibling temporary name,
 * a rename into place and the removal of the source, so a half-copied file is never seen
 * at `finalPath`.
 */
export async function moveIntoStorage(tmpPath: string, finalPath: string): Promise<void> {
  // The rename is tried first: the folder is usually there already, and
  // a mkdir per delivery costs (docs/architecture.md "Fulfilment pipeline cost").
  let crossDevice = false;
  try {
    await rename(tmpPath, finalPath);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EXDEV') crossDevice = true;
    else if (code !== 'ENOENT') throw error;
  }
  await mkdir(path.dirname(finalPath), { recursive: true });
  if (!crossDevice) {
    try {
      await rename(tmpPath, finalPath);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    }
  }
  const partPath = `${finalPath}.${process.pid}.${Date.now()}.part`;
  try {
    await copyFile(tmpPath, partPath);
    await rename(partPath, finalPath);
  } catch (error) {
    await unlink(partPath).catch(() => undefined);
    throw error;
  }
  await unlink(tmpPath).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/** Deletes a stored file; true when it existed, false when it was already gone. */
export async function removeStoredFile(filePath: string): Promise<boolean> {
  try {
    await unlink(filePath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Private folder of finished files (never under public/): env, then config, then <app>/private/sell-my-images. */
export function storageDir(strapi: Core.Strapi): string {
  const config = (strapi.config.get(`plugin::${PLUGIN_ID}`) ?? {}) as PluginConfig;
  return path.resolve(
    readEnvironment().storageDir ??
      config.storageDir ??
      path.join(strapi.dirs.app.root, 'private', 'sell-my-images'),
  );
}
