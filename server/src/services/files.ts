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
export async function findMediaFile(strapi: Core.Strapi, fileId: string): Promise<MediaFile | null> {
  const where = /^\d+$/.test(fileId) && fileId.length < 16 ? { id: Number(fileId) } : { documentId: fileId };
  const file = await strapi.db.query('plugin::upload.file').findOne({ where, select: FILE_FIELDS });
  return (file as MediaFile | null) ?? null;
}

/** Absolute URL of a file: provider URLs (S3, CDN) are already absolute, local ones get the public URL. */
export function absoluteFileUrl(file: Pick<MediaFile, 'url'>, publicUrl: string): string {
  return /^https?:\/\//i.test(file.url) ? file.url : new URL(file.url, publicUrl).toString();
}
