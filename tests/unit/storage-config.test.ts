/**
 * The choice of storage from the environment (README "Object storage (S3, R2, MinIO)"):
 * local by default, S3 with every variable read, and a clear error naming the variable
 * for each wrong value.
 */
import { readStorageConfig, StorageConfigError } from '../../server/src/delivery/storage-config';

const s3 = (env: NodeJS.ProcessEnv) => readStorageConfig({ SMI_STORAGE: 's3', ...env });
const errorOf = (read: () => unknown): string => {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(StorageConfigError);
    return (error as Error).message;
  }
  throw new Error('no error');
};

describe('readStorageConfig', () => {
  test('local disk unless SMI_STORAGE says s3', () => {
    expect(readStorageConfig({})).toEqual({ kind: 'local' });
    expect(readStorageConfig({ SMI_STORAGE: ' LOCAL ' })).toEqual({ kind: 'local' });
    expect(errorOf(() => readStorageConfig({ SMI_STORAGE: 'gcs' }))).toMatch(
      /SMI_STORAGE must be local or s3 \(got "gcs"\)/,
    );
  });

  test('reads every S3 variable', () => {
    expect(
      s3({
        SMI_S3_BUCKET: 'shop-files',
        SMI_S3_REGION: 'auto',
        SMI_S3_ENDPOINT: 'https://acc.r2.cloudflarestorage.com/',
        SMI_S3_ACCESS_KEY_ID: 'AKIA',
        SMI_S3_SECRET_ACCESS_KEY: 'secret',
        SMI_S3_FORCE_PATH_STYLE: 'true',
        SMI_S3_DOWNLOAD: 'stream',
      }),
    ).toEqual({
      kind: 's3',
      bucket: 'shop-files',
      region: 'auto',
      endpoint: 'https://acc.r2.cloudflarestorage.com',
      credentials: { accessKeyId: 'AKIA', secretAccessKey: 'secret' },
      forcePathStyle: true,
      download: 'stream',
    });
  });

  test('defaults: redirect downloads, virtual-hosted addresses, the SDK credential chain', () => {
    expect(s3({ SMI_S3_BUCKET: 'b-1', AWS_REGION: 'eu-west-3' })).toEqual({
      kind: 's3',
      bucket: 'b-1',
      region: 'eu-west-3',
      endpoint: undefined,
      credentials: undefined,
      forcePathStyle: false,
      download: 'redirect',
    });
    // an S3-compatible server takes any region name
    expect(s3({ SMI_S3_BUCKET: 'b-1', SMI_S3_ENDPOINT: 'http://127.0.0.1:9000' })).toMatchObject({
      region: 'us-east-1',
    });
  });

  test('each wrong value stops start-up naming its variable', () => {
    expect(errorOf(() => s3({}))).toMatch(/SMI_S3_BUCKET/);
    expect(errorOf(() => s3({ SMI_S3_BUCKET: 'b-1' }))).toMatch(/SMI_S3_REGION/);
    const base = { SMI_S3_BUCKET: 'b-1', SMI_S3_REGION: 'eu-west-3' };
    expect(errorOf(() => s3({ ...base, SMI_S3_ENDPOINT: 'minio:9000' }))).toMatch(
      /SMI_S3_ENDPOINT must be an http\(s\) URL/,
    );
    expect(errorOf(() => s3({ ...base, SMI_S3_ACCESS_KEY_ID: 'AKIA' }))).toMatch(
      /^\[sell-my-images\] SMI_S3_SECRET_ACCESS_KEY is missing/,
    );
    const onlySecret = errorOf(() => s3({ ...base, SMI_S3_SECRET_ACCESS_KEY: 'very-secret' }));
    expect(onlySecret).toMatch(/^\[sell-my-images\] SMI_S3_ACCESS_KEY_ID is missing/);
    expect(onlySecret).not.toContain('very-secret');
    expect(errorOf(() => s3({ ...base, SMI_S3_FORCE_PATH_STYLE: 'yes' }))).toMatch(
      /SMI_S3_FORCE_PATH_STYLE must be true or false/,
    );
    expect(errorOf(() => s3({ ...base, SMI_S3_DOWNLOAD: 'proxy' }))).toMatch(
      /SMI_S3_DOWNLOAD must be redirect or stream/,
    );
  });
});
