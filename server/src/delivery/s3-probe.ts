/**
 * The start-up check of a bucket (README "Start-up checks"): it must answer with our
 * credentials (HeadBucket, then a small object written and deleted again) and refuse the
 * same reads without them, or anyone could download paid images without paying.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ObjectStorageFacts } from '../settings/startup-checks';
import type { S3StorageConfig } from './storage-config';

/** Written at each check and deleted at once; never a customer's file. */
export const PROBE_KEY = '.sell-my-images-probe';
const STEP_MS = 10_000;

/**
 * A short name for what went wrong: the S3 error code and status, or the network error
 * (the SDK wraps those as "AWS SDK error wrapper for Error: connect ECONNREFUSED …").
 */
export function describeS3Error(error: unknown): string {
  const { name, code, message, $metadata } = error as {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const status = $metadata?.httpStatusCode;
  if (status) return `${code ?? name ?? 'error'}, HTTP ${status}`;
  if (code) return code;
  const text = (message ?? '').replace(/^AWS SDK error wrapper for (Error: )?/, '').slice(0, 120);
  return text || name || 'error';
}

/** A signed URL without its signature: what anyone could ask without our credentials. */
function anonymous(signed: string): URL {
  const url = new URL(signed);
  for (const name of [...url.searchParams.keys()]) {
    if (/^x-amz-/i.test(name)) url.searchParams.delete(name);
  }
  return url;
}

/** True when an unsigned GET of `url` is answered with content (2xx). */
async function answersAnonymously(url: URL): Promise<boolean> {
  try {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(STEP_MS) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

export async function probeBucket(
  client: S3Client,
  config: S3StorageConfig,
): Promise<ObjectStorageFacts> {
  const Bucket = config.bucket;
  const facts: ObjectStorageFacts = { bucket: Bucket, unreachable: null, publicAccess: null };
  const step = () => ({ abortSignal: AbortSignal.timeout(STEP_MS) });
  try {
    await client.send(new HeadBucketCommand({ Bucket }), step());
  } catch (error) {
    facts.unreachable = describeS3Error(error);
    return facts;
  }
  try {
    await client.send(
      new PutObjectCommand({ Bucket, Key: PROBE_KEY, Body: 'private', ContentType: 'text/plain' }),
      step(),
    );
  } catch (error) {
    facts.unreachable = `cannot write: ${describeS3Error(error)}`;
    return facts;
  }
  try {
    const sign = { expiresIn: 60 };
    const object = anonymous(
      await getSignedUrl(client, new GetObjectCommand({ Bucket, Key: PROBE_KEY }), sign),
    );
    const listing = anonymous(
      await getSignedUrl(client, new ListObjectsV2Command({ Bucket }), sign),
    );
    const open = [
      (await answersAnonymously(object)) ? 'its files' : null,
      (await answersAnonymously(listing)) ? 'its list of files' : null,
    ].filter((found): found is string => found !== null);
    facts.publicAccess = open.length > 0 ? open.join(' and ') : null;
  } finally {
    await client.send(new DeleteObjectCommand({ Bucket, Key: PROBE_KEY }), step()).catch(() => {
      // a probe object left behind is harmless: the next check overwrites it
    });
  }
  return facts;
}
