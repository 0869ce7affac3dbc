import type { Core } from '@strapi/strapi';

/** The fields of a media-library file the plugin needs. */
export interface MediaFile {
  id: number;
  documentId: string;
  name: string;
  url: string;
  mime: string;
  width: number | null;
  height: number | null;
  provider: string;
}

const FILE_FIELDS = ['id', 'documentId', 'name', 'url', 'mime', 'width', 'height', 'provider'];

/** Finds an upload file by numeric id or by documentId (the public API accepts both). */
export async function findMediaFile(
  strapi: Core.Strapi,
  fileId: string,
): Promise<MediaFile | null> {
  const where =
    /^\d+$/.test(fileId) && fileId.length < 16 ? { id: Number(fileId) } : { documentId: fileId };
  const file = await strapi.db.query('plugin::upload.file').findOne({ where, select: FILE_FIELDS });
  return (file as MediaFile | null) ?? null;
}

/** Absolute URL of a file: provider URLs (S3, CDN) are already absolute, local ones get the public URL. */
export function absoluteFileUrl(file: Pick<MediaFile, 'url'>, publicUrl: string): string {
  return /^https?:\/\//i.test(file.url) ? file.url : new URL(file.url, publicUrl).toString();
}

/** Responsive formats Strapi's upload plugin stores on an image (each with its own url). */
export type FileFormats = Record<string, { url?: string } | undefined> | null;

/** The smallest preview Strapi made of an image (the thumbnail format), or the file itself. */
export function thumbnailUrlOf(file: { url: string; formats?: FileFormats | string }): string {
  // Some databases hand JSON columns back as text.
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
