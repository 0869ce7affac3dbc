/**
 * One large finished file downloaded through /downloads/:token in three ways (README
 * "Object storage (S3, R2, MinIO)"), each by a Strapi process of its own, all three running
 * side by side:
 * (a) local disk, streamed by Strapi — the baseline of the run;
 * (b) SMI_STORAGE=s3 with SMI_S3_DOWNLOAD=stream: Strapi streams the object from the bucket;
 * (c) SMI_STORAGE=s3 with SMI_S3_DOWNLOAD=redirect: Strapi answers a 302 to a presigned URL
 *     and the client fetches the bytes from the bucket.
 * The modes take turns (ROUNDS rounds of PER_ROUND downloads each, a bounded loop), so a
 * busy moment of the shared machine falls on all three rather than on one. For each: MB/s
 * seen by the client over the sequential full downloads, and the CPU seconds of its Strapi
 * process per GB delivered (utime + stime of /proc/<pid>/stat around each download). The
 * bucket is the tests' s3rver fake (tests/fakes/s3), running in this process next to the
 * client.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { S3_FAKE_CREDENTIALS, startS3Fake } from '../tests/fakes/s3';
import type { Playground } from '../tests/integration/helpers/playground';
import { fmt, printTable, startBenchApp } from './lib';

const SIZE = Number(process.env.BENCH_MB ?? 48) * 1024 * 1024;
const ROUNDS = 3;
const PER_ROUND = 3;
const TICKS_PER_SECOND = 100; // USER_HZ (`getconf CLK_TCK`) on Linux

/** CPU seconds (user + system) used so far by a process, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the fields after "(comm) ": state is [0], utime [11], stime [12]
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

/** One full download (following a redirect), every byte read; its seconds. */
async function download(url: string): Promise<number> {
  const started = process.hrtime.bigint();
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`${url} answered ${res.status}`);
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  if (bytes !== SIZE) throw new Error(`${url}: got ${bytes} of ${SIZE} bytes`);
  return seconds(started);
}

interface Mode {
  name: string;
  env: Record<string, string>;
  /** What the link answers without following redirects: 302 only in redirect mode. */
  code: number;
  app?: Playground;
  link?: string;
  idleCpuPerSecond: number;
  times: number[];
  strapiCpu: number;
  benchCpu: number;
}

/** Seeds a finished, paid 4x job whose file is `key`; its download link. */
async function seedJob(app: Playground, jobId: string, key: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const { status } = await app.testSupport('POST', '/documents/plugin::sell-my-images.job', {
    data: {
      jobId,
      resolution: '4x',
      scale: 4,
      status: 'completed',
      paymentStatus: 'paid',
      amount: 192,
      currency: 'usd',
      fileName: 'bench.png',
      storedFileKey: key,
      storedFileBytes: SIZE,
      downloadTokenHash: createHash('sha256').update(token).digest('hex'),
      downloadExpiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    },
  });
  if (status !== 201) throw new Error(`seeding answered ${status}`);
  return `${app.url}/api/sell-my-images/downloads/${token}`;
}

async function main() {
  const s3 = await startS3Fake();
  const bucket = s3.client();
  const s3Env = {
    SMI_STORAGE: 's3',
    SMI_S3_BUCKET: s3.bucket,
    SMI_S3_REGION: s3.region,
    SMI_S3_ENDPOINT: s3.url,
    SMI_S3_ACCESS_KEY_ID: S3_FAKE_CREDENTIALS.accessKeyId,
    SMI_S3_SECRET_ACCESS_KEY: S3_FAKE_CREDENTIALS.secretAccessKey,
    SMI_S3_FORCE_PATH_STYLE: 'true',
  };
  const newMode = (name: string, env: Record<string, string>, code: number): Mode => ({
    name,
    env,
    code,
    idleCpuPerSecond: 0,
    times: [],
    strapiCpu: 0,
    benchCpu: 0,
  });
  const modes = [
    newMode('local disk, streamed', {}, 200),
    newMode('S3, stream', { ...s3Env, SMI_S3_DOWNLOAD: 'stream' }, 200),
    newMode('S3, redirect', { ...s3Env, SMI_S3_DOWNLOAD: 'redirect' }, 302),
  ];
  try {
    // one finished 4x file: the same bytes on disk and in the bucket, under the same key
    const jobId = randomUUID();
    const key = `bench/${jobId}_4x.png`;
    const data = randomBytes(SIZE);
    await bucket.send(
      new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: data, ContentType: 'image/png' }),
    );
    for (const [index, mode] of modes.entries()) {
      const { app } = await startBenchApp(`download-s3-${index}`, mode.env);
      mode.app = app;
      if (!mode.env.SMI_STORAGE) {
        const stored = path.join(app.environment().SMI_STORAGE_DIR as string, key);
        mkdirSync(path.dirname(stored), { recursive: true });
        writeFileSync(stored, data);
      }
      mode.link = await seedJob(app, jobId, key);
      // the mode is really in force: a 302 to the bucket only in redirect mode
      const first = await fetch(mode.link, { redirect: 'manual' });
      await first.body?.cancel();
      if (first.status !== mode.code) throw new Error(`${mode.name}: answered ${first.status}`);
    }
    // each Strapi's own background work (timers, worker polls) with no download: the floor
    for (const mode of modes) {
      const pid = mode.app?.pid as number;
      const from = cpuSeconds(pid);
      await sleep(1000);
      mode.idleCpuPerSecond = cpuSeconds(pid) - from;
      await download(mode.link as string); // warm-up: page cache, JIT, connections
    }
    const presignedBefore = s3.requests.filter((r) => r.auth === 'presigned').length;
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of modes) {
        const pid = mode.app?.pid as number;
        for (let i = 0; i < PER_ROUND; i++) {
          const cpuFrom = cpuSeconds(pid);
          const benchFrom = process.cpuUsage();
          mode.times.push(await download(mode.link as string));
          mode.strapiCpu += cpuSeconds(pid) - cpuFrom;
          const bench = process.cpuUsage(benchFrom);
          mode.benchCpu += (bench.user + bench.system) / 1e6;
        }
      }
    }
    const presigned = s3.requests.filter((r) => r.auth === 'presigned').length - presignedBefore;
    if (presigned !== ROUNDS * PER_ROUND) throw new Error(`${presigned} presigned GETs`);

    const figures = modes.map((mode) => {
      const gigabytes = (mode.times.length * SIZE) / 1e9;
      const speeds = mode.times.map((t) => SIZE / 1e6 / t);
      return {
        mode: mode.name,
        downloads: mode.times.length,
        mbPerSecond: (mode.times.length * SIZE) / 1e6 / mode.times.reduce((a, b) => a + b, 0),
        minMbs: Math.min(...speeds),
        maxMbs: Math.max(...speeds),
        strapiCpuPerGb: mode.strapiCpu / gigabytes,
        benchCpuPerGb: mode.benchCpu / gigabytes,
        idleCpuPerSecond: mode.idleCpuPerSecond,
      };
    });
    const [base] = figures;
    printTable(
      figures.map((r) => ({
        mode: r.mode,
        downloads: `${r.downloads} × ${SIZE / 1024 / 1024} MB`,
        'MB/s': fmt(r.mbPerSecond, 0),
        'MB/s min–max': `${fmt(r.minMbs, 0)}–${fmt(r.maxMbs, 0)}`,
        'x local MB/s': fmt(r.mbPerSecond / base.mbPerSecond, 2),
        'Strapi CPU s/GB': fmt(r.strapiCpuPerGb, 2),
        'x local CPU/GB': fmt(r.strapiCpuPerGb / base.strapiCpuPerGb, 3),
        'bench process CPU s/GB': fmt(r.benchCpuPerGb, 2),
        'Strapi idle CPU s/s': fmt(r.idleCpuPerSecond, 2),
      })),
    );
    console.log(
      [
        `The modes took turns: ${ROUNDS} rounds of ${PER_ROUND} downloads each.`,
        'Strapi CPU is utime+stime of that mode’s Strapi process (10 ms ticks) around each download.',
        'In redirect mode the bytes come from s3rver, a Node process (this one, next to the',
        'client) on the same shared 2-core machine: its MB/s reflects s3rver, not a real bucket;',
        'the Strapi CPU per GB is the point. "bench process CPU" is the client plus s3rver.',
        '"idle CPU" is what each Strapi used in 1 s with no download (the noise floor).',
      ].join('\n'),
    );
    console.log(
      JSON.stringify({
        bench: 'download-s3',
        sizeBytes: SIZE,
        results: figures,
        ratiosToLocal: figures.map((r) => ({
          mode: r.mode,
          mbPerSecond: r.mbPerSecond / base.mbPerSecond,
          strapiCpuPerGb: r.strapiCpuPerGb / base.strapiCpuPerGb,
        })),
      }),
    );
  } finally {
    bucket.destroy();
    for (const mode of modes) await mode.app?.destroy();
    await s3.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
