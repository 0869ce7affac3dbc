/**
 * A local S3-compatible server for the storage tests: s3rver (a pure-JS S3 REST server:
 * buckets, objects, ranges, multipart uploads, response-* overrides) on 127.0.0.1, made
 * to behave like a private bucket in front of it:
 * - a request without a signature (no Authorization header, no X-Amz-Signature) is refused
 *   with S3's 403 AccessDenied, unless the bucket is switched public (`setPublic(true)`);
 * - a presigned URL's SigV4 signature is verified (s3rver checks only its expiry), so a
 *   URL the plugin signs wrong, or one altered, is refused with 403 SignatureDoesNotMatch.
 * Header-signed calls of the SDK are accepted when their access key is the fake's, as
 * s3rver does.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Context, Next } from 'koa';
import S3rver from 's3rver';

/** s3rver's one account. */
export const S3_FAKE_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface S3FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  auth: 'header' | 'presigned' | 'anonymous';
  status: number;
}

export interface S3Fake {
  /** The endpoint (path-style: `<url>/<bucket>/<key>`). */
  url: string;
  region: string;
  bucket: string;
  requests: S3FakeRequest[];
  /** Lets unsigned requests read the bucket (a public bucket) or refuses them again. */
  setPublic(open: boolean): void;
  /** An SDK client of the fake, for the tests' own look at the bucket. */
  client(): S3Client;
  close(): Promise<void>;
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

const bytes = (data: SourceData) =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

/** SHA-256 (or its HMAC) in the shape @smithy/signature-v4 asks for. */
class NodeSha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  private fresh() {
    return this.secret ? createHmac('sha256', bytes(this.secret)) : createHash('sha256');
  }
  update(data: SourceData) {
    this.hash.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
  reset() {
    this.hash = this.fresh();
  }
}

const AUTH_PARAMS = new Set([
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
  'X-Amz-Content-Sha256',
]);

/** `20261203T143733Z` → Date. */
const amzDate = (text: string) =>
  new Date(text.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));

/** Whether a presigned request carries the signature our credentials give (SigV4, query). */
async function presignedSignatureMatches(ctx: Context): Promise<boolean> {
  const url = new URL(ctx.originalUrl, `http://${ctx.get('host')}`);
  const params = url.searchParams;
  const [accessKeyId, , region, service] = (params.get('X-Amz-Credential') ?? '').split('/');
  if (accessKeyId !== S3_FAKE_CREDENTIALS.accessKeyId || !region || !service) return false;
  const query: Record<string, string> = {};
  for (const [name, value] of params) if (!AUTH_PARAMS.has(name)) query[name] = value;
  const headers: Record<string, string> = { host: ctx.get('host') };
  // Hoisted back into the query under this very name, as the SDK's presigner does.
  const payload = params.get('X-Amz-Content-Sha256');
  if (payload) headers['X-Amz-Content-Sha256'] = payload;
  const signer = new SignatureV4({
    credentials: S3_FAKE_CREDENTIALS,
    region,
    service,
    sha256: NodeSha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  const expected = await signer.presign(
    {
      method: ctx.method,
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query,
      headers,
    },
    {
      signingDate: amzDate(params.get('X-Amz-Date') ?? ''),
      expiresIn: Number(params.get('X-Amz-Expires')),
    },
  );
  return expected.query?.['X-Amz-Signature'] === params.get('X-Amz-Signature');
}

function refuse(ctx: Context, code: string, message: string): void {
  ctx.status = 403;
  ctx.type = 'application/xml';
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

export async function startS3Fake(
  options: { bucket?: string; public?: boolean } = {},
): Promise<S3Fake> {
  const bucket = options.bucket ?? 'smi-private-files';
  const directory = await mkdtemp(path.join(tmpdir(), 'smi-s3-fake-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    vhostBuckets: false,
  });
  let open = options.public ?? false;
  const requests: S3FakeRequest[] = [];
  // First of s3rver's middleware: the private bucket's refusals and the request log.
  server.middleware.unshift(async (ctx: Context, next: Next) => {
    const presigned = ctx.query['X-Amz-Signature'] !== undefined;
    const auth = ctx.get('authorization') ? 'header' : presigned ? 'presigned' : 'anonymous';
    const entry: S3FakeRequest = {
      method: ctx.method,
      path: ctx.path,
      query: Object.fromEntries(Object.entries(ctx.query).map(([k, v]) => [k, String(v)])),
      auth,
      status: 0,
    };
    requests.push(entry);
    try {
      if (auth === 'anonymous' && !open) {
        refuse(ctx, 'AccessDenied', 'Access Denied');
      } else if (auth === 'presigned' && !(await presignedSignatureMatches(ctx))) {
        refuse(ctx, 'SignatureDoesNotMatch', 'The request signature does not match');
      } else {
        await next();
      }
    } finally {
      entry.status = ctx.status;
    }
  });
  const { port } = await server.run();
  const url = `http://127.0.0.1:${port}`;
  const region = 'us-east-1';
  const client = () =>
    new S3Client({
      region,
      endpoint: url,
      forcePathStyle: true,
      credentials: S3_FAKE_CREDENTIALS,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  const admin = client();
  await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  admin.destroy();
  return {
    url,
    region,
    bucket,
    requests,
    setPublic: (value) => {
      open = value;
    },
    client,
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
