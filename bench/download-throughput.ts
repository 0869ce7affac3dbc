/**
 * Downloading a 256 MB file through /downloads/:token against Strapi's own static
 * serving of the same file from public/uploads, same process, same client, alternating
 * three rounds each; and how much the Strapi process's RSS grows while streaming.
 * Targets: ≥ 0.7× the static throughput, RSS growth ≤ 50 MB.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { startBenchApp } from './lib';

const SIZE = 256 * 1024 * 1024;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function writeFile(file: string): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  const chunk = randomBytes(1024 * 1024);
  for (let written = 0; written < SIZE; written += chunk.length) {
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(resolve));
}

async function timedGet(
  url: string,
  pid: number,
): Promise<{ mbPerSecond: number; peakRssMb: number }> {
  const started = process.hrtime.bigint();
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`${url} answered ${res.status}`);
  let bytes = 0;
  let peak = rssMb(pid);
  let chunks = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    if (++chunks % 64 === 0) peak = Math.max(peak, rssMb(pid));
  }
  if (bytes !== SIZE) throw new Error(`${url}: got ${bytes} bytes`);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { mbPerSecond: SIZE / 1e6 / seconds, peakRssMb: peak };
}

async function main() {
  const { app } = await startBenchApp('downloads');
  try {
    const jobId = randomUUID();
    const key = `bench/${jobId}_4x.png`;
    const storage = app.environment().SMI_STORAGE_DIR as string;
    const stored = path.join(storage, key);
    await writeFile(stored);
    await copyFile(stored, path.join(app.publicDir, 'uploads', 'bench-256mb.png'));
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
    const pid = app.pid as number;
    const plugin = `${app.url}/api/sell-my-images/downloads/${token}`;
    const statik = `${app.url}/uploads/bench-256mb.png`;
    await timedGet(statik, pid); // warm the page cache
    const before = rssMb(pid);
    const rounds: Array<{ plugin: number; static: number; peak: number }> = [];
    for (let i = 0; i < 3; i++) {
      const s = await timedGet(statik, pid);
      const p = await timedGet(plugin, pid);
      rounds.push({ plugin: p.mbPerSecond, static: s.mbPerSecond, peak: Math.max(p.peakRssMb) });
    }
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const pluginMbs = mean(rounds.map((r) => r.plugin));
    const staticMbs = mean(rounds.map((r) => r.static));
    const growth = Math.max(...rounds.map((r) => r.peak)) - before;
    console.log(`static     : ${staticMbs.toFixed(0)} MB/s (Strapi's public/uploads)`);
    console.log(`downloads  : ${pluginMbs.toFixed(0)} MB/s (/downloads/:token)`);
    console.log(`ratio      : ${(pluginMbs / staticMbs).toFixed(2)}x (target ≥ 0.7x)`);
    console.log(
      `RSS growth : ${growth.toFixed(1)} MB while streaming 256 MB (target ≤ 50 MB; RSS before ${before.toFixed(0)} MB)`,
    );
    console.log(
      JSON.stringify({
        bench: 'download-throughput',
        pluginMbs,
        staticMbs,
        ratio: pluginMbs / staticMbs,
        rssGrowthMb: growth,
      }),
    );
  } finally {
    await app.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
