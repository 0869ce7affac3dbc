/**
 * Private storage: the `<yyyy>/<mm>/<jobId>_<res>.<ext>` layout (UTC), the refusal of
 * folders inside `public/`, moves (also across devices) and idempotent removal.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  assertOutsidePublic,
  isInsideOrEqual,
  moveIntoStorage,
  removeStoredFile,
  StorageLocationError,
  storageKeyFor,
  storagePathFor,
} from '../../server/src/delivery/storage';
import { createLocalStorage } from '../../server/src/delivery/file-storage';
import { useTempDir } from '../support/temp-dir';

const root = useTempDir('storage');

describe('storagePathFor', () => {
  test('builds <storageDir>/<yyyy>/<mm>/<jobId>_<res>.<ext>', () => {
    const date = new Date('2025-03-07T12:00:00Z');
    expect(storagePathFor('/srv/smi', 'abc123', '4x', 'png', date)).toBe(
      path.join('/srv/smi', '2025', '03', 'abc123_4x.png'),
    );
    expect(storagePathFor('/srv/smi', 42, '8x', '.JPG', date)).toBe(
      path.join('/srv/smi', '2025', '03', '42_8x.jpg'),
    );
  });

  test('uses the UTC year and month', () => {
    // 00:30 on 1 January in Paris is still December 2024 in UTC.
    expect(
      storagePathFor('/srv/smi', 'j1', '4x', 'png', new Date('2025-01-01T00:30:00+01:00')),
    ).toBe(path.join('/srv/smi', '2024', '12', 'j1_4x.png'));
    expect(
      storagePathFor('/srv/smi', 'j1', '4x', 'png', new Date('2024-02-29T23:59:59-05:00')),
    ).toBe(path.join('/srv/smi', '2024', '03', 'j1_4x.png'));
  });

  test('resolves a relative storage folder and defaults to now', () => {
    const now = new Date();
    const result = storagePathFor('relative/store', 'j2', '4x', 'webp');
    expect(path.isAbsolute(result)).toBe(true);
    expect(result).toBe(
      path.join(
        path.resolve('relative/store'),
        String(now.getUTCFullYear()),
        String(now.getUTCMonth() + 1).padStart(2, '0'),
        'j2_4x.webp',
      ),
    );
  });

  test.each([
    ['../etc', '4x', 'png'],
    ['a/b', '4x', 'png'],
    ['', '4x', 'png'],
    ['job', '4x/..', 'png'],
    ['job', '..', 'png'],
    ['job', '4x', 'png/../../x'],
    ['job', '4x', ''],
    ['job\0', '4x', 'png'],
  ])(
    'refuses names that could leave the folder: job %p, resolution %p, extension %p',
    (jobId, res, ext) => {
      expect(() => storagePathFor('/srv/smi', jobId, res, ext)).toThrow(StorageLocationError);
    },
  );

  test('refuses an invalid date', () => {
    expect(() => storagePathFor('/srv/smi', 'j', '4x', 'png', new Date('nope'))).toThrow(
      StorageLocationError,
    );
  });
});

describe('assertOutsidePublic', () => {
  test('accepts a folder beside the public one, even with a similar name', () => {
    expect(() => assertOutsidePublic('/app/private-files', '/app/public')).not.toThrow();
    expect(() => assertOutsidePublic('/app/public2', '/app/public')).not.toThrow();
    expect(() => assertOutsidePublic('/app', '/app/public')).not.toThrow();
  });

  test('refuses the public folder itself and anything inside it', () => {
    expect(() => assertOutsidePublic('/app/public', '/app/public')).toThrow(StorageLocationError);
    expect(() => assertOutsidePublic('/app/public/uploads/hires', '/app/public')).toThrow(
      /inside the public folder/,
    );
    expect(() => assertOutsidePublic('/app/public/../public/x', '/app/public/')).toThrow(
      StorageLocationError,
    );
    expect(() => assertOutsidePublic('relative/public/x', 'relative/public')).toThrow(
      StorageLocationError,
    );
  });

  test('refuses a symlink that points into the public folder', async () => {
    const publicDir = root('site', 'public');
    await mkdir(path.join(publicDir, 'files'), { recursive: true });
    const link = root('site', 'innocent-looking');
    await symlink(path.join(publicDir, 'files'), link);
    expect(() => assertOutsidePublic(link, publicDir)).toThrow(StorageLocationError);
    expect(() =>
      assertOutsidePublic(path.join(link, 'not-yet-created', 'deeper'), publicDir),
    ).toThrow(StorageLocationError);
    expect(() => assertOutsidePublic(root('site', 'private'), publicDir)).not.toThrow();
  });

  test('isInsideOrEqual', () => {
    expect(isInsideOrEqual('/a/b/c', '/a/b')).toBe(true);
    expect(isInsideOrEqual('/a/b', '/a/b')).toBe(true);
    expect(isInsideOrEqual('/a/bc', '/a/b')).toBe(false);
    expect(isInsideOrEqual('/a', '/a/b')).toBe(false);
  });
});

describe('moveIntoStorage and removeStoredFile', () => {
  test('moves a file into a new dated folder and removes the temporary one', async () => {
    const tmp = root('tmp-result.png');
    await writeFile(tmp, 'pixels');
    const final = storagePathFor(
      root('store'),
      'job7',
      '4x',
      'png',
      new Date('2025-06-01T00:00:00Z'),
    );

    await moveIntoStorage(tmp, final);

    expect(await readFile(final, 'utf8')).toBe('pixels');
    expect(existsSync(tmp)).toBe(false);
    expect(final).toBe(root('store', '2025', '06', 'job7_4x.png'));
  });

  test('replaces an earlier file at the same place', async () => {
    const final = root('store', 'replace.png');
    await mkdir(path.dirname(final), { recursive: true });
    await writeFile(final, 'old');
    const tmp = root('tmp-new.png');
    await writeFile(tmp, 'new');
    await moveIntoStorage(tmp, final);
    expect(await readFile(final, 'utf8')).toBe('new');
  });

  test('moves across devices by copying (no partial file left behind)', async () => {
    const shm = '/dev/shm';
    const crossDevice = existsSync(shm) && statSync(shm).dev !== statSync(root()).dev;
    if (!crossDevice) {
      // No second file system here: the same-device path is covered above.
      expect(crossDevice).toBe(false);
      return;
    }
    const tmpDir = await mkdtemp(path.join(shm, 'smi-'));
    try {
      const tmp = path.join(tmpDir, 'result.jpg');
      await writeFile(tmp, Buffer.alloc(100_000, 3));
      const final = root('store', 'xdev', 'job8_8x.jpg');

      await moveIntoStorage(tmp, final);

      expect((await readFile(final)).equals(Buffer.alloc(100_000, 3))).toBe(true);
      expect(existsSync(tmp)).toBe(false);
      expect(await readdir(path.dirname(final))).toEqual(['job8_8x.jpg']);
    } finally {
      await rm(tmpDir, { recursive: true, force: true });
    }
  });

  test('a missing source is an error, not a silent success', async () => {
    await expect(
      moveIntoStorage(root('nothing-here'), root('store', 'x.png')),
    ).rejects.toMatchObject({ code: 'ENOENT' });
    expect(existsSync(root('store', 'x.png'))).toBe(false);
  });

  test('removeStoredFile deletes once and is idempotent', async () => {
    const file = root('store', 'remove-me.png');
    await writeFile(file, 'x');
    expect(await removeStoredFile(file)).toBe(true);
    expect(existsSync(file)).toBe(false);
    expect(await removeStoredFile(file)).toBe(false);
  });
});

describe('local adapter of the storage port', () => {
  test('stores, describes, reads a range of, and removes a file under its key', async () => {
    const folder = root('port');
    const storage = createLocalStorage(() => folder);
    const source = root('port-source.png');
    await mkdir(path.dirname(source), { recursive: true });
    await writeFile(source, Buffer.from('0123456789abcdef'));
    const key = storageKeyFor('job1', '4x', 'png', new Date('2025-03-07T12:00:00Z'));
    expect(key).toBe('2025/03/job1_4x.png');
    await storage.store(source, key);
    expect(existsSync(source)).toBe(false);
    expect(await readFile(path.join(folder, '2025', '03', 'job1_4x.png'), 'utf8')).toBe(
      '0123456789abcdef',
    );
    const info = await storage.info(key);
    expect(info?.size).toBe(16);
    const { body, bytesRead } = await storage.read(key, { start: 2, end: 5 });
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('2345');
    expect(bytesRead()).toBe(4);
    expect(await storage.downloadUrl(key, 'x.png')).toBeNull();
    expect(await storage.probe()).toBeNull();
    await storage.remove(key);
    await storage.remove(key);
    expect(await storage.info(key)).toBeNull();
  });
});
