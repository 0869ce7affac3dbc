import { existsSync } from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { S3_FAKE_CREDENTIALS, startS3Fake, type S3Fake } from '../fakes/s3';
import { buySettled, expireDownload, jobRow, openShop, type Shop } from './helpers/shop';
import { until } from './helpers/wait';

/**
 * Finished files in an S3-compatible bucket (README "Object storage (S3, R2, MinIO)",
 * docs/architecture.md "Storage"): a purchase is stored in the bucket, its link answers a
 * 302 to a presigned URL (or streams through Strapi), ranges work both ways, the counting
 * rules of "Downloads" hold, housekeeping deletes the file after expiry, and the start-up
 * check names a bucket that cannot be used.
 */
describe(`S3 storage (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let s3: S3Fake;
  let bucket: S3Client;
  let shop: Shop;

  beforeAll(async () => {
    s3 = await startS3Fake();
    bucket = s3.client();
    shop = await openShop('s3-storage', {
      SMI_UPSCALER: 'sharp',
      SMI_STORAGE: 's3',
      SMI_S3_BUCKET: s3.bucket,
      SMI_S3_REGION: s3.region,
      SMI_S3_ENDPOINT: s3.url,
      SMI_S3_ACCESS_KEY_ID: S3_FAKE_CREDENTIALS.accessKeyId,
      SMI_S3_SECRET_ACCESS_KEY: S3_FAKE_CREDENTIALS.secretAccessKey,
      SMI_S3_FORCE_PATH_STYLE: 'true',
    });
  });
  afterAll(async () => {
    await shop?.close();
    bucket?.destroy();
    await s3?.close();
  });

  const job = (jobId: string) => jobRow(shop, jobId);
  const counters = async (jobId: string) => {
    const row = await job(jobId);
    return {
      count: Number(row.download_count),
      partial: Number(row.download_partial_bytes),
    };
  };
  const objectBytes = async (key: string) => {
    const object = await bucket.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
    return Buffer.from(await object.Body!.transformToByteArray());
  };

  async function restartWith(env: Record<string, string | undefined>): Promise<void> {
    await shop.app.stop();
    shop.app.options.env = { ...shop.app.options.env, ...env };
    await shop.app.boot();
  }

  /** A purchase of the small image at 4x, completed: its job, link and stored key. */
  async function purchase(email: string) {
    const { jobId, sessionId, row } = await buySettled(shop, {
      fileId: shop.images.small.documentId,
      resolution: '4x',
      email,
    });
    expect(row.status).toBe('completed');
    const status = await (await shop.api(`/jobs/${jobId}?session=${sessionId}`)).json();
    return { jobId, link: status.downloadUrl as string, key: row.stored_file_key as string };
  }

  let delivered: { jobId: string; link: string; key: string };

  it('stores a delivered purchase in the bucket, not on the disk, and the start-up check is quiet', async () => {
    delivered = await purchase('s3-buyer@example.test');
    expect(delivered.key).toMatch(new RegExp(`^\\d{4}/\\d{2}/${delivered.jobId}_4x\\.png$`));
    const head = await bucket.send(
      new HeadObjectCommand({ Bucket: s3.bucket, Key: delivered.key }),
    );
    expect(head.ContentType).toBe('image/png');
    expect(head.ContentLength).toBe(Number((await job(delivered.jobId)).stored_file_bytes));
    const storageDir = shop.app.environment().SMI_STORAGE_DIR as string;
    expect(existsSync(path.join(storageDir, delivered.key))).toBe(false);
    // a multipart-capable upload went through the SDK, signed
    expect(s3.requests.some((r) => r.method === 'PUT' && r.auth === 'header')).toBe(true);
    expect(shop.app.logs).not.toMatch(/the bucket \S+ (cannot be used|lets anyone)/);
  });

  it('answers a 302 to a presigned URL that serves exactly the file, and its ranges; counted once', async () => {
    const { jobId, link, key } = delivered;
    const stored = await objectBytes(key);

    const head = await fetch(link, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBe(stored.length);
    expect(head.headers.get('content-disposition')).toBe('attachment; filename="small-4x.png"');

    const redirect = await fetch(link, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('cache-control')).toBe('private, no-store');
    expect(redirect.headers.get('etag')).toBeNull();
    const location = new URL(redirect.headers.get('location') as string);
    expect(`${location.origin}${location.pathname}`).toBe(`${s3.url}/${s3.bucket}/${key}`);
    expect(location.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(location.searchParams.get('response-content-disposition')).toBe(
      'attachment; filename="small-4x.png"',
    );

    const file = await fetch(location);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="small-4x.png"');
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.equals(stored)).toBe(true);
    const meta = await sharp(bytes).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([2000, 2000, 'png']);
    // the URL is the bucket's own, signed: unsigned, the bucket refuses it
    expect((await fetch(`${location.origin}${location.pathname}`)).status).toBe(403);
    expect(await counters(jobId)).toEqual({ count: 1, partial: 0 });

    // a Range is forwarded with the redirect and charged as a range (README "Downloads")
    const ranged = await fetch(link, { headers: { range: 'bytes=10-99' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 10-99/${stored.length}`);
    expect(Buffer.from(await ranged.arrayBuffer())).toEqual(stored.subarray(10, 100));
    expect(await counters(jobId)).toEqual({ count: 1, partial: 90 });

    // conditional GET and unsatisfiable ranges are answered by Strapi, uncounted
    const etag = head.headers.get('etag') as string;
    expect((await fetch(link, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const bad = await fetch(link, { headers: { range: `bytes=${stored.length + 5}-` } });
    expect(bad.status).toBe(416);
    expect(await counters(jobId)).toEqual({ count: 1, partial: 90 });
  });

  it('streams through Strapi with SMI_S3_DOWNLOAD=stream, ranges included', async () => {
    await restartWith({ SMI_S3_DOWNLOAD: 'stream' });
    const { jobId, link, key } = delivered;
    const stored = await objectBytes(key);
    const before = await counters(jobId);

    const full = await fetch(link, { redirect: 'manual' });
    expect(full.status).toBe(200);
    expect(full.headers.get('content-disposition')).toBe('attachment; filename="small-4x.png"');
    expect(Buffer.from(await full.arrayBuffer()).equals(stored)).toBe(true);
    await until(
      () => counters(jobId),
      (now) => now.count === before.count + 1,
    );

    const part = await fetch(link, { redirect: 'manual', headers: { range: 'bytes=100-1099' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-1099/${stored.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(stored.subarray(100, 1100));
    await until(
      () => counters(jobId),
      (now) => now.partial === before.partial + 1000,
    );
    // no presigned URL was handed out in this mode: the bucket saw only signed SDK calls
    const since = s3.requests.filter((r) => r.auth === 'presigned').length;
    await fetch(link, { method: 'HEAD' });
    expect(s3.requests.filter((r) => r.auth === 'presigned')).toHaveLength(since);
  });

  it('deletes the file from the bucket once the link and the re-download window expired (housekeeping)', async () => {
    const { jobId, link, key } = delivered;
    await expireDownload(shop, jobId, { paidDaysAgo: 400 });
    const run = await shop.app.testSupport('POST', '/tasks/delete-expired-files');
    expect(run.body.handled).toBeGreaterThanOrEqual(1);
    const gone = await bucket
      .send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }))
      .then(() => false)
      .catch((error: { name: string }) => error.name === 'NotFound');
    expect(gone).toBe(true);
    expect((await job(jobId)).file_expired_at).not.toBeNull();
    expect((await fetch(link)).status).toBe(410);
  });

  it('logs one clear line at start-up when the bucket does not exist', async () => {
    await restartWith({ SMI_S3_BUCKET: 'no-such-bucket' });
    const lines = shop.app.logs
      .split('\n')
      .filter((line) => line.includes('the bucket no-such-bucket'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/cannot be used \(NotFound, HTTP 404\)/);
    expect(lines[0]).toContain('SMI_S3_BUCKET');
  });

  it('refuses to start with SMI_STORAGE=s3 and no SMI_S3_BUCKET, naming the variable', async () => {
    await expect(restartWith({ SMI_S3_BUCKET: undefined })).rejects.toThrow(
      /SMI_STORAGE=s3 needs the bucket name in SMI_S3_BUCKET/,
    );
  });
});
