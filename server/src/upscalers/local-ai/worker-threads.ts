/**
 * Where the inference worker script is, and how many inference threads an upscale gets.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface WorkerScript {
  path: string;
  execArgv?: string[];
}

/**
 * Running from the sources (tests, `tsx` scripts): the TypeScript worker next to this
 * file, under tsx, so a stale build is never used. Built: `dist/workers/esrgan-worker.js`,
 * next to the server bundle in `dist/server`.
 */
export function defaultWorkerScript(): WorkerScript | null {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const source = path.join(here, 'inference-worker.ts');
  if (existsSync(source)) return { path: source, execArgv: ['--require', 'tsx/cjs'] };
  const built = [path.resolve(here, '..', 'workers', 'esrgan-worker.js')];
  try {
    built.push(
      path.join(
        path.dirname(require.resolve('strapi-plugin-sell-my-images/package.json')),
        'dist',
        'workers',
        'esrgan-worker.js',
      ),
    );
  } catch {
    // not installed under its name (plugin sources in a test): the source fallback below
  }
  const found = built.find((file) => existsSync(file));
  return found ? { path: found } : null;
}

/** Most inference threads one upscale gets (past this, memory grows faster than speed). */
const MAX_THREADS_PER_JOB = 4;

/**
 * Inference threads per upscale: the cores shared between the upscales that may run at
 * once (2 cores, 1 at a time: 2 threads each), at least 1, at most MAX_THREADS_PER_JOB.
 */
export function threadsPerJob(
  concurrency: number,
  cores: number = os.availableParallelism(),
): number {
  return Math.max(1, Math.min(MAX_THREADS_PER_JOB, Math.floor(cores / Math.max(1, concurrency))));
}
