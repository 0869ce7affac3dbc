/**
 * The media library's files (`plugin::upload.file`) as the plugin reads them: one row
 * type and the few queries every domain shares (public lookups, thumbnails of a page of
 * jobs or images, the local path of an original).
 */
import path from 'node:path';
import type { Core } from '@strapi/strapi';

export const FILE_UID = 'plugin::upload.file';

/** Responsive formats Strapi's upload plugin stores on an image (each with its own url). */
export type FileFormats = Record<string, { url?: string } | undefined>;

/** An upload file row; `formats` is JSON, which some databases hand back as text. */
export interface UploadFile {
  id: number;
  documentId: string;
  name: string;
  url: string;
  mime: string;
  width: number | null;
  height: number | null;
  provider: string;
  formats: FileFormats | string | null;
}

/** What the public routes need of a file (no formats). */
export type MediaFile = Omit<UploadFile, 'formats'>;

const MEDIA_FIELDS = ['id', 'documentId', 'name', 'url', 'mime', 'width', 'height', 'provider'];
export const FILE_FIELDS = [...MEDIA_FIELDS, 'formats'];

/** Whether a file reference is a numeric id (`42`) rather than a documentId. */
export const isNumericFileId = (fileId: string): boolean =>
  /^\d+$/.test(fileId) && fileId.length < 16;

/** Finds an upload file by numeric id or by documentId. */
export async function findMediaFile(
  strapi: Core.Strapi,
  fileId: string,
): Promise<MediaFile | null> {
  const where = isNumericFileId(fileId) ? { id: Number(fileId) } : { documentId: fileId };
  const file = await strapi.db.query(FILE_UID).findOne({ where, select: MEDIA_FIELDS });
  return (file as MediaFile | null) ?? null;
}

/** The files with these ids or documentIds, in one query. */
export async function findFiles(
  strapi: Core.Strapi,
  { ids = [], documentIds = [] }: { ids?: readonly number[]; documentIds?: readonly string[] },
): Promise<UploadFile[]> {
  const or: Record<string, unknown>[] = [];
  if (ids.length) or.push({ id: { $in: [...new Set(ids)] } });
  if (documentIds.length) or.push({ documentId: { $in: [...new Set(documentIds)] } });
  if (!or.length) return [];
  return (await strapi.db.query(FILE_UID).findMany({
    where: { $or: or },
    select: FILE_FIELDS,
  })) as UploadFile[];
}

/** Absolute URL of a file: provider URLs (S3, CDN) are already absolute, local ones get the public URL. */
export function absoluteFileUrl(file: Pick<MediaFile, 'url'>, publicUrl: string): string {
  return /^https?:\/\//i.test(file.url) ? file.url : new URL(file.url, publicUrl).toString();
}

/** The original on this server's disk (local upload provider), read instead of its URL. */
export function localPathOf(
  strapi: Core.Strapi,
  file: Pick<MediaFile, 'url' | 'provider'>,
): string | undefined {
  if (file.provider !== 'local' || !file.url.startsWith('/')) return undefined;
  return path.join(strapi.dirs.static.public, file.url);
}

/** The smallest preview Strapi made of an image (the thumbnail format, 156 px), or the file itself. */
export function thumbnailUrlOf(
  file: Pick<UploadFile, 'url'> & { formats?: UploadFile['formats'] },
): string {
  let formats = file.formats;
  if (typeof formats === 'string') {
    try {
      formats = JSON.parse(formats) as FileFormats;
    } catch {
      formats = null;
    }
  }
  const thumbnail = formats && typeof formats === 'object' ? formats.thumbnail?.url : undefined;
  return typeof thumbnail === 'string' && thumbnail !== '' ? thumbnail : file.url;
}
