import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * A temporary folder for the tests around the call (a test file, or a describe block): made
 * in the OS temp folder before them, removed with its content after them. Answers a function
 * that gives the folder itself (no arguments) or a path inside it.
 */
export function useTempDir(name: string): (...segments: string[]) => string {
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), `smi-${name}-`));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return (...segments) => {
    if (!dir) throw new Error(`the temporary folder ${name} exists only while its tests run`);
    return path.join(dir, ...segments);
  };
}
