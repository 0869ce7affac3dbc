/**
 * The S3 adapter of the storage port (docs/architecture.md "Storage") against a local
 * S3-compatible server driven by the AWS SDK: uploads (multipart above one part), ranges,
 * presigned downloads that serve exactly the file, deletion, and the bucket check of the
 * start-up checks (reachable, not public).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PROBE_KEY } from '../../server/src/delivery/s3-probe';
import { createS3Storage, PRESIGNED_URL_SECONDS } from '../../server/src/delivery/s3-storage';
import type { S3StorageConfig } from '../../server/src/delivery/storage-config';
import { useTempDir } from '../support/temp-dir';
import { S3_FAKE_CREDENTIALS, startS3Fake, type S3Fake } from './s3';

jest.setTimeout(60_000);

const temp = useTempDir('s3-storage');
let s3: S3Fake;
let client: S3Client;

beforeAll(async () => {
  s3 = await startS3Fake();
  client = s3.client();
});
afterAll(async () => {
  client?.destroy();
  await s3?.close();
});

const configOf = (overrides: Partial<S3StorageConfig> = {}): S3StorageConfig => ({
  kind: 's3',
  bucket: s3.bucket,
  region: s3.region,
  endpoint: s3.url,
  credentials: S3_FAKE_CREDENTIALS,
  forcePathStyle: true,
  download: 'redirect',
  ...overrides,
});

async function localFile(name: string, data: Buffer): Promise<string> {
  const file = path.join(temp(), name);
  await writeFile(file, data);
  return file;
}

async function bucketBytes(key: string): Promise<Buffer> {
  const object = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

describe('S3 storage adapter', () => {
  const storage = () => createS3Storage(configOf(), { partBytes: 5 * 1024 * 1024 });

  test('stores a file under its key with its content type, and removes the local copy', async () => {
    const data = randomBytes(70_000);
    const source = await localFile('small.png', data);
    await storage().store(source, '2026/12/job-small_4x.png');
    expect(existsSync(source)).toBe(false);
    expect(await bucketBytes('2026/12/job-small_4x.png')).toEqual(data);
    const head = await client.send(
      new HeadObjectCommand({ Bucket: s3.bucket, Key: '2026/12/job-small_4x.png' }),
    );
    expect(head.ContentType).toBe('image/png');
    expect(await storage().info('2026/12/job-small_4x.png')).toEqual({
      size: data.length,
      modifiedMs: head.LastModified!.getTime(),
    });
  });

  test('uploads a large result in parts (multipart)', async () => {
    const data = randomBytes(11 * 1024 * 1024 + 123);
    const source = await localFile('large.jpg', data);
    const before = s3.requests.length;
    await storage().store(source, '2026/12/job-large_8x.jpg');
    const calls = s3.requests.slice(before);
    expect(calls.filter((r) => 'uploads' in r.query)).toHaveLength(1);
    expect(
      calls
        .filter((r) => r.query.partNumber)
        .map((r) => r.query.partNumber)
        .sort(),
    ).toEqual(['1', '2', '3']);
    expect(calls.filter((r) => r.query.uploadId && r.method === 'POST')).toHaveLength(1);
    expect((await bucketBytes('2026/12/job-large_8x.jpg')).equals(data)).toBe(true);
  });

  test('reads a byte range and counts what it read; info is null for a missing key', async () => {
    const data = randomBytes(50_000);
    await storage().store(await localFile('r.png', data), '2026/12/job-range_4x.png');
    const { body, bytesRead } = await storage().read('2026/12/job-range_4x.png', {
      start: 100,
      end: 4_099,
    });
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks)).toEqual(data.subarray(100, 4_100));
    expect(bytesRead()).toBe(4_000);
    expect(await storage().info('2026/12/missing_4x.png')).toBeNull();
  });

  test('a presigned download URL serves exactly the file, as an attachment, ranges too; it cannot be altered', async () => {
    const data = randomBytes(30_000);
    await storage().store(await localFile('p.png', data), '2026/12/job-url_4x.png');
    const signed = await storage().downloadUrl('2026/12/job-url_4x.png', 'sunset-4x.png');
    const url = new URL(signed!);
    expect(url.searchParams.get('X-Amz-Expires')).toBe(String(PRESIGNED_URL_SECONDS));

    const full = await fetch(url);
    expect(full.status).toBe(200);
    expect(full.headers.get('content-disposition')).toBe('attachment; filename="sunset-4x.png"');
    expect(full.headers.get('cache-control')).toBe('private, no-store');
    expect(Buffer.from(await full.arrayBuffer())).toEqual(data);

    const part = await fetch(url, { headers: { range: 'bytes=1000-1999' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${data.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(data.subarray(1000, 2000));

    // another key under the same signature, or no signature at all: refused
    const other = new URL(url);
    other.pathname = other.pathname.replace('job-url', 'job-small');
    expect((await fetch(other)).status).toBe(403);
    const unsigned = new URL(`${s3.url}/${s3.bucket}/2026/12/job-url_4x.png`);
    expect((await fetch(unsigned)).status).toBe(403);
  });

  test('in stream mode there is no URL: Strapi streams the file', async () => {
    const streaming = createS3Storage(configOf({ download: 'stream' }));
    expect(await streaming.downloadUrl('2026/12/job-url_4x.png', 'x.png')).toBeNull();
  });

  test('removes a file; removing one already gone is no error', async () => {
    await storage().store(await localFile('d.png', randomBytes(1000)), '2026/12/job-del_4x.png');
    await storage().remove('2026/12/job-del_4x.png');
    expect(await storage().info('2026/12/job-del_4x.png')).toBeNull();
    await expect(storage().remove('2026/12/job-del_4x.png')).resolves.toBeUndefined();
  });
});

describe('bucket check (start-up checks)', () => {
  test('a private bucket that answers: no finding, and the probe object is gone', async () => {
    expect(await createS3Storage(configOf()).probe()).toEqual({
      bucket: s3.bucket,
      unreachable: null,
      publicAccess: null,
    });
    const gone = await client
      .send(new HeadObjectCommand({ Bucket: s3.bucket, Key: PROBE_KEY }))
      .then(() => false)
      .catch((error: { name: string }) => error.name === 'NotFound');
    expect(gone).toBe(true);
  });

  test('a bucket anyone can read is found out', async () => {
    s3.setPublic(true);
    try {
      const found = await createS3Storage(configOf()).probe();
      expect(found?.publicAccess).toBe('its files and its list of files');
      expect(found?.unreachable).toBeNull();
    } finally {
      s3.setPublic(false);
    }
  });

  test('a missing bucket, refused credentials or no server: unreachable, with the reason', async () => {
    const missing = await createS3Storage(configOf({ bucket: 'no-such-bucket' })).probe();
    expect(missing).toEqual({
      bucket: 'no-such-bucket',
      unreachable: 'NotFound, HTTP 404',
      publicAccess: null,
    });
    const wrongKey = await createS3Storage(
      configOf({ credentials: { accessKeyId: 'OTHER', secretAccessKey: 'nope' } }),
    ).probe();
    expect(wrongKey?.unreachable).toMatch(/HTTP 403/);
    const closed = await createS3Storage(configOf({ endpoint: 'http://127.0.0.1:9' })).probe();
    expect(closed?.unreachable).toMatch(/ECONNREFUSED/);
    // the messages name the failure, never a secret
    expect(JSON.stringify([missing, wrongKey, closed])).not.toContain('nope');
  });
});
