/**
 * Pipeline: 500 paid jobs against the Upsampler fake answering every API call after
 * 200 ms, with worker concurrency c (16, then 8: BENCH_CONCURRENCY=16,8). Completion time
 * against the ideal ⌈500/c⌉ · (submit + status + result latencies) = ⌈500/c⌉ · 0.6 s.
 * Target ≤ 1.2× at c = 16. The fake serves a prepared result (made once, the same bytes
 * for every job), so the figure is the plugin's, not the stand-in's CPU.
 * BENCH_PROFILE=1 writes a CPU profile of the Strapi process to .tmp/profiles.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openShop, type Shop } from '../tests/integration/helpers/shop';

const JOBS = Number(process.env.BENCH_JOBS ?? 500);
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '16,8').split(',').map(Number);
const LATENCY_MS = 200;

const profileDir = path.resolve('.tmp/profiles');

/** The Strapi process's pid, left by bench/cpu-profile-hook.cjs. */
function strapiPid(): number {
  const [file] = readdirSync(profileDir).filter((name) => name.endsWith('.pid'));
  if (!file) throw new Error(`no pid file in ${profileDir}`);
  return Number(file.slice(0, -'.pid'.length));
}

/** With BENCH_PROFILE: starts or ends the Strapi process's CPU profile. */
function profileToggle(): void {
  if (process.env.BENCH_PROFILE) process.kill(strapiPid(), 'SIGUSR2');
}

/**
 * CPU seconds (user + system) the Strapi process has used: the plugin's cost, which the
 * wall time shows only as far as the machine's other load lets it (Linux /proc).
 */
function strapiCpuSeconds(): number {
  const fields = readFileSync(`/proc/${strapiPid()}/stat`, 'utf8').split(') ')[1]?.split(' ');
  const ticks = Number(fields?.[11]) + Number(fields?.[12]);
  return ticks / 100;
}

interface Round {
  concurrency: number;
  seconds: number;
  /** CPU seconds of the Strapi process during the round. */
  cpuSeconds: number;
  ideal: number;
  ratio: number;
  failed: number;
  submissions: number;
}

/** Seeds `JOBS` paid jobs due later, makes them all due at once and times them to the end. */
async function round(shop: Shop, concurrency: number): Promise<Round> {
  const put = await shop.adminApi('/settings', {
    method: 'PUT',
    json: { workerConcurrency: concurrency, minImageSize: 100 },
  });
  if (put.status !== 200) throw new Error(`settings answered ${put.status}`);
  const jobIds: string[] = [];
  const image = shop.images.small;
  const later = new Date(Date.now() + 3_600_000).toISOString();
  for (let i = 0; i < JOBS; i++) {
    const jobId = randomUUID();
    jobIds.push(jobId);
    const { status } = await shop.app.testSupport('POST', '/documents/plugin::sell-my-images.job', {
      data: {
        jobId,
        fileId: image.id,
        fileName: 'small.png',
        sourceUrl: `${shop.app.url}${image.url}`,
        resolution: '2x',
        scale: 2,
        originalWidth: 500,
        originalHeight: 500,
        outputWidth: 1000,
        outputHeight: 1000,
        email: `bench${i}@example.test`,
        status: 'pending',
        paymentStatus: 'paid',
        amount: 50,
        currency: 'usd',
        upscaler: 'upsampler',
        nextAttemptAt: later,
      },
    });
    if (status !== 201) throw new Error(`seeding answered ${status}`);
  }
  const submittedBefore = shop.upsampler.submissions;
  profileToggle();
  const started = Date.now();
  const cpuBefore = strapiCpuSeconds();
  const ours = () => shop.db('smi_jobs').whereIn('job_id', jobIds);
  await ours().update({
    next_attempt_at:
      shop.app.database.client === 'sqlite' ? Date.now() - 1000 : new Date(Date.now() - 1000),
  });
  for (;;) {
    const [{ n }] = await ours().whereIn('status', ['completed', 'failed']).count({ n: '*' });
    if (Number(n) >= JOBS) break;
    if (Date.now() - started > 20 * 60_000)
      throw new Error(`only ${n} of ${JOBS} jobs finished in 20 minutes`);
    await sleep(50);
  }
  const seconds = (Date.now() - started) / 1000;
  const cpuSeconds = strapiCpuSeconds() - cpuBefore;
  profileToggle();
  const [{ n: failed }] = await ours().where({ status: 'failed' }).count({ n: '*' });
  const ideal = (Math.ceil(JOBS / concurrency) * (3 * LATENCY_MS)) / 1000;
  return {
    concurrency,
    seconds,
    cpuSeconds,
    ideal,
    ratio: seconds / ideal,
    failed: Number(failed),
    submissions: shop.upsampler.submissions - submittedBefore,
  };
}

async function main() {
  rmSync(profileDir, { recursive: true, force: true });
  const shop = await openShop('bench-pipeline', {
    SMI_UPSCALER: 'upsampler',
    SMI_WORKER_POLL_MS: '100',
    SMI_RATE_LIMIT_CHECKOUT: '1000000',
    // The hook leaves the pid (CPU time) and, with BENCH_PROFILE, profiles on a signal.
    NODE_OPTIONS: `--require ${path.join(__dirname, 'cpu-profile-hook.cjs')}`,
    BENCH_PROFILE_DIR: profileDir,
  });
  try {
    shop.upsampler.usePreparedResults(true);
    shop.upsampler.setFaults({ latencyMs: LATENCY_MS, processingMs: 10 });
    for (const concurrency of CONCURRENCIES) {
      const r = await round(shop, concurrency);
      console.log(
        `c = ${r.concurrency}: ${JOBS} jobs (failed: ${r.failed}, submissions: ${r.submissions}), Upsampler latency ${LATENCY_MS} ms per call`,
      );
      console.log(
        `  completion ${r.seconds.toFixed(1)} s; ideal ⌈${JOBS}/${r.concurrency}⌉ × 0.6 s = ${r.ideal.toFixed(1)} s; ratio ${r.ratio.toFixed(2)}x of ideal (target ≤ 1.2x at c = 16)`,
      );
      console.log(
        `  Strapi process CPU ${r.cpuSeconds.toFixed(1)} s (${((r.cpuSeconds / JOBS) * 1000).toFixed(1)} ms per job)`,
      );
      console.log(JSON.stringify({ bench: 'pipeline', jobs: JOBS, ...r }));
      if (r.failed > 0 || r.submissions !== JOBS) process.exitCode = 1;
    }
  } finally {
    await shop.close();
    if (process.env.BENCH_PROFILE)
      console.log(`CPU profile of the Strapi process in ${profileDir}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
