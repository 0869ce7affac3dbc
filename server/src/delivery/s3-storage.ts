/**
 * The S3 adapter of the storage port (docs/architecture.md "Storage", README "Object storage
 * (S3, R2, MinIO)"): AWS S3, Cloudflare R2, MinIO, Backblaze B2 through the AWS SDK v3. The
 * bucket stays private: a download is a presigned GET that lives 60 s, or a stream through
 * Strapi.
 */
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline, Readable, Transform } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { FileStorage } from './file-storage';
import { probeBucket } from './s3-probe';
import type { S3StorageConfig } from './storage-config';

/** How long a presigned download URL is valid: enough to follow the redirect, not to share it. */
export const PRESIGNED_URL_SECONDS = 60;
/** Results above one part are uploaded in parts of this size, 4 at a time. */
export const UPLOAD_PART_BYTES = 8 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  avif: 'image/avif',
  tiff: 'image/tiff',
};

const contentTypeOf = (key: string) =>
  CONTENT_TYPES[path.extname(key).slice(1).toLowerCase()] ?? 'application/octet-stream';

export function s3ClientFor(config: S3StorageConfig): S3Client {
  return new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials: config.credentials,
    // Checksums only where S3 requires them: R2, B2 and older MinIO refuse the SDK's
    // default CRC32 trailers on uploads.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 120_000 },
  });
}

const isNotFound = (error: unknown) =>
  (error as { name?: string }).name === 'NotFound' ||
  (error as { name?: string }).name === 'NoSuchKey' ||
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

export function createS3Storage(
  config: S3StorageConfig,
  options: { client?: S3Client; partBytes?: number } = {},
): FileStorage {
  const client = options.client ?? s3ClientFor(config);
  const Bucket = config.bucket;

  return {
    kind: 's3',
    async store(sourcePath, key) {
      const upload = new Upload({
        client,
        params: {
          Bucket,
          Key: key,
          Body: createReadStream(sourcePath),
          ContentType: contentTypeOf(key),
        },
        partSize: options.partBytes ?? UPLOAD_PART_BYTES,
        queueSize: 4,
        // A failed multipart upload is aborted, so no orphan parts are billed.
        leavePartsOnError: false,
      });
      await upload.done();
      await rm(sourcePath, { force: true });
    },

    async info(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return {
          size: head.ContentLength ?? 0,
          modifiedMs: head.LastModified?.getTime() ?? 0,
        };
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },

    async read(key, { start, end }) {
      const object = await client.send(
        new GetObjectCommand({ Bucket, Key: key, Range: `bytes=${start}-${end}` }),
      );
      if (!(object.Body instanceof Readable)) throw new Error('The bucket answered no body');
      let read = 0;
      const counted = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          read += chunk.length;
          done(null, chunk);
        },
      });
      // A client that goes away destroys `counted`, which aborts the bucket's answer.
      pipeline(object.Body, counted, () => undefined);
      return { body: counted, bytesRead: () => read };
    },

    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },

    async downloadUrl(key, fileName) {
      if (config.download !== 'redirect') return null;
      const command = new GetObjectCommand({
        Bucket,
        Key: key,
        ResponseContentDisposition: `attachment; filename="${fileName}"`,
        ResponseCacheControl: 'private, no-store',
      });
      return getSignedUrl(client, command, { expiresIn: PRESIGNED_URL_SECONDS });
    },

    probe: () => probeBucket(client, config),
  };
}
