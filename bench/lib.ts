import autocannon from 'autocannon';
import { registerFirstAdmin, uploadFile } from '../tests/integration/helpers/admin';
import { makeImage } from '../tests/integration/helpers/images';
import { Playground, UNLIMITED_RATES } from '../tests/integration/helpers/playground';
import { publishPhoto } from '../tests/integration/helpers/shop';

export interface LoadResult {
  requestsPerSecond: number;
  p99Ms: number;
  p50Ms: number;
  non2xx: number;
  errors: number;
  total: number;
}

/** autocannon against one URL, bounded by duration (and by `amount` when given). */
export async function load(
  url: string,
  options: { connections?: number; durationSeconds?: number } & Partial<autocannon.Options> = {},
): Promise<LoadResult> {
  const { connections = 50, durationSeconds = 10, ...rest } = options;
  const result = await autocannon({ url, connections, duration: durationSeconds, ...rest });
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    p50Ms: result.latency.p50,
    non2xx: result.non2xx,
    errors: result.errors,
    total: result.requests.total,
  };
}

export interface WallRate {
  /** Requests answered (any status). */
  requests: number;
  seconds: number;
  /** requests ÷ seconds of wall time, start to last answer. */
  perSecond: number;
  statuses: Map<number, number>;
}

/**
 * Sends exactly `amount` requests over `connections` and times them by the wall clock, from
 * the start to the last answer:
 * autocannon's own per-second average is a sample mean that, for a fixed request count
 * ending within a second, reports the count itself (e.g. a round 1,000 req/s).
 */
export async function wallRate(
  options: autocannon.Options & { amount: number },
): Promise<WallRate> {
  const statuses = new Map<number, number>();
  const started = process.hrtime.bigint();
  // Timed to the last answer: autocannon calls back on its next one-second tick.
  let last = started;
  await new Promise<void>((resolve, reject) => {
    const instance = autocannon(options, (error) => (error ? reject(error) : resolve()));
    instance.on('response', (_client, statusCode) => {
      last = process.hrtime.bigint();
      statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
    });
  });
  const seconds = Number(last - started) / 1e9;
  const requests = [...statuses.values()].reduce((sum, n) => sum + n, 0);
  return { requests, seconds, perSecond: requests / seconds, statuses };
}

export async function startBenchApp(label: string, env: Record<string, string> = {}) {
  // BENCH_PROFILE=1 writes a CPU profile of the Strapi process to .tmp/profiles.
  const nodeArgs = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=.tmp/profiles'] : [];
  const app = await Playground.start({
    label: `bench-${label}`,
    nodeArgs,
    env: { ...UNLIMITED_RATES, ...env },
  });
  const admin = await registerFirstAdmin(app);
  return {
    app,
    admin,
    /** An image shown by a published entry (what sale mode `all` sells). */
    upload: async (w: number, h: number) => {
      const file = await uploadFile(app, admin, {
        name: `bench-${w}x${h}.png`,
        data: await makeImage(w, h, 'png'),
        mime: 'image/png',
      });
      await publishPhoto(app, file.name, file.id);
      return file;
    },
  };
}

export const fmt = (n: number, digits = 1) => n.toFixed(digits);

export function printTable(rows: Array<Record<string, string | number>>): void {
  console.table(rows);
}
