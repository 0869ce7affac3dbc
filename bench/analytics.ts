/**
 * Analytics endpoints on a large shop: 100k jobs and 1M clicks over the last 365 days, in
 * time order (plus 1,000 media files), seeded with bounded knex batch inserts straight into the
 * playground's database, then p50/p95 latency of overview, images and pages (one request
 * at a time, after a warm-up) against the plugin's health route in the same process.
 * Runs on SQLite and, when reachable, on PostgreSQL (BENCH_DATABASES=sqlite,postgres,mysql
 * to choose). Target: p95 ≤ 200 ms for the default period (the last 30 days).
 * The full-year figures (every row of both tables) are printed too: read from the daily
 * summaries (docs/architecture.md "Analytics rollups", built after seeding: the first fill is
 * timed) against the raw path on the same data (the summaries turned off through the test
 * support route). Target: p95 ≤ 150 ms for the 365-day view from the summaries.
 */
import net from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Playground } from '../tests/integration/helpers/playground';
import { startBenchApp, fmt, printTable } from './lib';

const JOBS = Number(process.env.BENCH_JOBS ?? 100_000);
const CLICKS = Number(process.env.BENCH_CLICKS ?? 1_000_000);
const FILES = 1_000;
const PAGES = 300;
const CUSTOMERS = 30_000;
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 60);
const WARMUP = 5;
const DAY_MS = 86_400_000;
const TARGET_MS = 200;
const YEAR_TARGET_MS = 150;

/** Deterministic pseudo-random numbers (mulberry32): the same data set on every database. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const documentId = () => randomBytes(12).toString('hex').slice(0, 24);

/** Inserts `total` rows made by `make`, `batch` at a time, one transaction per 20 batches: memory stays bounded. */
async function seed(
  db: Knex,
  table: string,
  total: number,
  batch: number,
  make: (i: number) => Record<string, unknown>,
) {
  for (let done = 0; done < total;) {
    await db.transaction(async (trx) => {
      for (let b = 0; b < 20 && done < total; b++) {
        const rows = [];
        for (let i = 0; i < batch && done < total; i++, done++) rows.push(make(done));
        await trx(table).insert(rows);
      }
    });
  }
}

async function seedShop(db: Knex, client: string) {
  const now = Date.now();
  const rand = random(42);
  // SQLite refuses more than 500 rows per INSERT (compound SELECT limit); bindings stay < 32k.
  const batch = client === 'sqlite' ? 400 : 1000;
  const started = Date.now();
  const fileIds: number[] = [];
  await seed(db, 'files', FILES, batch, (i) => ({
    document_id: documentId(),
    name: `photo-${i}.jpg`,
    hash: `photo_${i}`,
    ext: '.jpg',
    mime: 'image/jpeg',
    size: 100,
    width: 2000,
    height: 1500,
    url: `/uploads/photo_${i}.jpg`,
    formats: JSON.stringify({
      thumbnail: { url: `/uploads/thumbnail_photo_${i}.jpg`, width: 208, height: 156 },
    }),
    provider: 'local',
    folder_path: '/',
    created_at: new Date(now),
    updated_at: new Date(now),
    published_at: new Date(now),
  }));
  for (const row of await db('files').select('id')) fileIds.push(Number(row.id));
  // Popular images and pages get more traffic (squared uniform: a long tail).
  const file = () => fileIds[Math.floor(rand() ** 2 * fileIds.length)];
  const page = () => `https://shop.example/posts/${Math.floor(rand() ** 2 * PAGES)}`;
  // Rows arrive in time order, as in a live shop (both tables are append-only): the i-th of
  // n rows is dated i/n of the way through the last 365 days, give or take a minute.
  const when = (i: number, n: number) =>
    new Date(now - 365 * DAY_MS + Math.floor(((i + rand()) / n) * 365 * DAY_MS));
  await seed(db, 'smi_jobs', JOBS, batch, (i) => {
    const roll = rand();
    const paymentStatus =
      roll < 0.85
        ? 'paid'
        : roll < 0.9
          ? 'partially_refunded'
          : roll < 0.95
            ? 'refunded'
            : 'unpaid';
    // Consistent states, so the plugin's worker and housekeeping leave the rows alone:
    // unpaid → abandoned; a failed upscale was refunded; everything else was delivered.
    const status =
      paymentStatus === 'unpaid'
        ? 'abandoned'
        : paymentStatus === 'refunded' && rand() < 0.5
          ? 'failed'
          : 'completed';
    const amount = 50 + Math.floor(rand() * 4950);
    const at = when(i, JOBS);
    return {
      document_id: documentId(),
      job_id: randomUUID(),
      file_id: file(),
      file_name: 'photo.jpg',
      source_page: page(),
      resolution: rand() < 0.7 ? '4x' : '8x',
      scale: 4,
      status,
      payment_status: paymentStatus,
      amount,
      amount_refunded:
        paymentStatus === 'refunded'
          ? amount
          : paymentStatus === 'partially_refunded'
            ? Math.floor(amount / 3)
            : 0,
      currency: 'usd',
      cost_amount: Math.ceil(amount / 6),
      credits: 4,
      email: `customer${Math.floor(rand() * CUSTOMERS)}@example.test`,
      paid_at: paymentStatus === 'unpaid' ? null : at,
      created_at: at,
      updated_at: at,
      published_at: at,
    };
  });
  await seed(db, 'smi_clicks', CLICKS, batch, (i) => {
    const at = when(i, CLICKS);
    return {
      document_id: documentId(),
      file_id: file(),
      source_page: page(),
      visitor_hash: randomBytes(8).toString('hex'),
      created_at: at,
      updated_at: at,
      published_at: at,
    };
  });
  // PostgreSQL's autovacuum would analyse the new rows within a minute; do it now. SQLite is
  // left as Strapi leaves it (no ANALYZE): the plan must be good without statistics.
  if (client === 'postgres') await db.raw('ANALYZE');
  if (client === 'mysql') await db.raw('ANALYZE TABLE smi_jobs, smi_clicks, files');
  return (Date.now() - started) / 1000;
}

/** A test-support call; one retry when a kept-alive socket was closed meanwhile (as timedGet). */
async function support<T>(app: Playground, path: string, body?: unknown) {
  try {
    return await app.testSupport<T>('POST', path, body);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return app.testSupport<T>('POST', path, body);
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** A GET read to the end; one retry when a kept-alive socket was closed by the server meanwhile. */
async function timedGet(url: string, headers: Record<string, string>) {
  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    try {
      const res = await fetch(url, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
      return performance.now() - started;
    } catch (error) {
      if (attempt > 1 || !(error instanceof TypeError)) throw error;
    }
  }
}

/** One request at a time: latency as an admin sees it on an otherwise idle server. */
async function latency(url: string, headers: Record<string, string>) {
  for (let i = 0; i < WARMUP; i++) await timedGet(url, headers);
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) times.push(await timedGet(url, headers));
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

const reachable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: process.env.DATABASE_HOST ?? '127.0.0.1', port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
  });

async function runOn(client: string) {
  process.env.DATABASE_CLIENT = client;
  const { app, admin } = await startBenchApp(`analytics-${client}`);
  const db = app.database.connect();
  try {
    const seconds = await seedShop(db, client);
    console.log(
      `[${client}] seeded ${JOBS} jobs, ${CLICKS} clicks, ${FILES} files in ${fmt(seconds)} s`,
    );
    // The first fill an upgraded shop's cron does, pass after pass, until no day is left.
    const fillStarted = Date.now();
    let passes = 0;
    for (;;) {
      passes += 1;
      const { body } = await support<{ handled: number | null }>(app, '/tasks/build-rollups');
      if (body.handled === 0) break;
    }
    const fillSeconds = (Date.now() - fillStarted) / 1000;
    // As after seeding: autovacuum would analyse the new summary rows within a minute.
    if (client === 'postgres') await db.raw('ANALYZE smi_daily_summaries, smi_rollup_days');
    if (client === 'mysql') await db.raw('ANALYZE TABLE smi_daily_summaries, smi_rollup_days');
    console.log(`[${client}] rollups built in ${fmt(fillSeconds)} s (${passes} passes)`);
    const auth = { authorization: `Bearer ${admin.token}` };
    const today = new Date().toISOString().slice(0, 10);
    const yearAgo = new Date(Date.now() - 364 * DAY_MS).toISOString().slice(0, 10);
    const year = `from=${yearAgo}&to=${today}`;
    const base = `${app.url}/sell-my-images/analytics`;
    const cases: Array<[string, string, Record<string, string>]> = [
      ['health (baseline)', `${app.url}/api/sell-my-images/health`, {}],
      ['overview, 30 days', `${base}/overview`, auth],
      ['images, 30 days', `${base}/images?sort=revenue:desc&pageSize=25`, auth],
      [
        'images by conversion, 30 days',
        `${base}/images?sort=conversion:desc&pageSize=25&page=3`,
        auth,
      ],
      ['pages, 30 days', `${base}/pages?sort=clicks:desc&pageSize=25`, auth],
      ['overview, 365 days', `${base}/overview?${year}`, auth],
      ['images, 365 days', `${base}/images?${year}&pageSize=25`, auth],
      ['pages, 365 days', `${base}/pages?${year}&pageSize=25`, auth],
    ];
    const results: Array<{ name: string; p50: number; p95: number }> = [];
    for (const [name, url, headers] of cases)
      results.push({ name, ...(await latency(url, headers)) });
    // The raw path on the same data: the in-run baseline of the summaries.
    await support(app, '/analytics-rollups', { enabled: false });
    for (const [name, url, headers] of cases.filter(([n]) => n.includes('365 days')))
      results.push({ name: `${name}, raw`, ...(await latency(url, headers)) });
    await support(app, '/analytics-rollups', { enabled: true });
    const health = results[0];
    const rawOf = (name: string) => results.find((r) => r.name === `${name}, raw`);
    const targetOf = (r: { name: string; p95: number }) => {
      const target = r.name.includes('30 days')
        ? TARGET_MS
        : r.name.endsWith('365 days')
          ? YEAR_TARGET_MS
          : null;
      if (target === null) return '';
      return r.p95 <= target ? `ok (≤ ${target})` : `OVER ${target}`;
    };
    printTable(
      results.map((r) => ({
        endpoint: r.name,
        'p50 ms': fmt(r.p50),
        'p95 ms': fmt(r.p95),
        'p95 vs health': `${fmt(r.p95 / health.p95, 1)}x`,
        'p95 vs raw': rawOf(r.name) ? `${fmt(r.p95 / rawOf(r.name)!.p95, 3)}x` : '',
        target: targetOf(r),
      })),
    );
    console.log(
      JSON.stringify({
        bench: 'analytics',
        database: client,
        jobs: JOBS,
        clicks: CLICKS,
        samples: SAMPLES,
        rollupFillSeconds: fillSeconds,
        rollupFillPasses: passes,
        results,
      }),
    );
    return results.every((r) => targetOf(r) === '' || targetOf(r).startsWith('ok'));
  } finally {
    await db.destroy();
    await app.destroy();
  }
}

async function main() {
  const wanted = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',').map((d) => d.trim());
  let ok = true;
  for (const client of wanted) {
    if (client !== 'sqlite' && !(await reachable(client === 'postgres' ? 5432 : 3306))) {
      console.log(`[${client}] not reachable: skipped`);
      continue;
    }
    ok = (await runOn(client)) && ok;
  }
  if (!ok) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
