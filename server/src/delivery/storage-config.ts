/**
 * Where finished files are kept (README "Object storage (S3, R2, MinIO)"): the local private
 * folder (default) or an S3-compatible bucket, chosen once per Strapi instance from the
 * environment. A wrong value stops Strapi at start-up with the variable named.
 */

/** How a download link serves a file kept in a bucket. */
export type S3DownloadMode = 'redirect' | 'stream';

export interface S3StorageConfig {
  kind: 's3';
  bucket: string;
  region: string;
  endpoint?: string;
  /** Both or neither; without them the SDK's default credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  forcePathStyle: boolean;
  download: S3DownloadMode;
}

export type StorageConfig = { kind: 'local' } | S3StorageConfig;

export class StorageConfigError extends Error {
  constructor(message: string) {
    super(`[sell-my-images] ${message}`);
    this.name = 'StorageConfigError';
  }
}

function read(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function oneOf<T extends string>(
  env: NodeJS.ProcessEnv,
  name: string,
  values: readonly T[],
  fallback: T,
): T {
  const value = read(env, name)?.toLowerCase() ?? fallback;
  if (!(values as readonly string[]).includes(value)) {
    throw new StorageConfigError(
      `${name} must be ${values.join(' or ')} (got ${JSON.stringify(value.slice(0, 40))})`,
    );
  }
  return value as T;
}

function endpointOf(env: NodeJS.ProcessEnv): string | undefined {
  const endpoint = read(env, 'SMI_S3_ENDPOINT');
  if (endpoint === undefined) return undefined;
  let url: URL | null = null;
  try {
    url = new URL(endpoint);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new StorageConfigError(
      'SMI_S3_ENDPOINT must be an http(s) URL, e.g. https://<account>.r2.cloudflarestorage.com',
    );
  }
  return endpoint.replace(/\/+$/, '');
}

/** The storage the environment asks for; throws a StorageConfigError naming the variable. */
export function readStorageConfig(env: NodeJS.ProcessEnv = process.env): StorageConfig {
  const kind = oneOf(env, 'SMI_STORAGE', ['local', 's3'] as const, 'local');
  if (kind === 'local') return { kind };
  const bucket = read(env, 'SMI_S3_BUCKET');
  if (!bucket) {
    throw new StorageConfigError(
      'SMI_STORAGE=s3 needs the bucket name in SMI_S3_BUCKET (the bucket must exist and stay private)',
    );
  }
  const endpoint = endpointOf(env);
  // S3-compatible servers (MinIO, R2) accept any region name; AWS needs the bucket's own.
  const region =
    read(env, 'SMI_S3_REGION') ??
    read(env, 'AWS_REGION') ??
    read(env, 'AWS_DEFAULT_REGION') ??
    (endpoint ? 'us-east-1' : undefined);
  if (!region) {
    throw new StorageConfigError(
      "SMI_STORAGE=s3 needs the bucket's region in SMI_S3_REGION (e.g. eu-west-3; auto for R2)",
    );
  }
  const accessKeyId = read(env, 'SMI_S3_ACCESS_KEY_ID');
  const secretAccessKey = read(env, 'SMI_S3_SECRET_ACCESS_KEY');
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    const missing = accessKeyId ? 'SMI_S3_SECRET_ACCESS_KEY' : 'SMI_S3_ACCESS_KEY_ID';
    throw new StorageConfigError(
      `${missing} is missing: set both SMI_S3_ACCESS_KEY_ID and SMI_S3_SECRET_ACCESS_KEY, or neither to use the AWS SDK's default credentials`,
    );
  }
  return {
    kind,
    bucket,
    region,
    endpoint,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    forcePathStyle:
      oneOf(env, 'SMI_S3_FORCE_PATH_STYLE', ['true', 'false'] as const, 'false') === 'true',
    download: oneOf(env, 'SMI_S3_DOWNLOAD', ['redirect', 'stream'] as const, 'redirect'),
  };
}
