/**
 * Part of bench/local-ai.ts: paid local-ai jobs through the whole pipeline of a running
 * Strapi (playground, SMI_UPSCALER=local-ai), timed from the payment (the Stripe fake's
 * `checkout.session.completed`) to the job's `completed` row, on one engine per boot:
 *
 * - cold: a 160×120 image bought right after start-up — the first GET /prices starts the
 *   calibration and the buyer pays at once, so the upscale waits for nothing it does not need;
 * - slim 4x and medium 4x of a 1000×1000 original (1 MP), once calibrated;
 * - with `big`: slim 4x of a 2000×2000 original (4 MP) and the Strapi process's peak RSS
 *   (/proc VmHWM after a reset, and VmRSS sampled) against its RSS idle just before;
 * - with `latency`: GET /prices p99 at 100 req/s idle and while an upscale runs
 *   (bench/local-ai-latency.ts), in the same process.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LocalAiEngine } from '../server/src/upscalers/local-ai/engines';
import {
  jobRow,
  openShop,
  publishPhoto,
  startCheckout,
  uploadPng,
  type Shop,
} from '../tests/integration/helpers/shop';
import type { UploadedFile } from '../tests/integration/helpers/admin';
import { responsiveness, type Responsiveness } from './local-ai-latency';

const MB = 1024 * 1024;

/** A /proc/<pid>/status field in bytes (VmRSS, VmHWM), 0 when unreadable. */
export function procBytes(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number {
  if (!pid) return 0;
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Resets a process's VmHWM to its current RSS (Linux ≥ 4.0); false when not allowed. */
function resetPeak(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

async function settings(shop: Shop, json: Record<string, unknown>) {
  const res = await shop.adminApi('/settings', { method: 'PUT', json });
  if (res.status !== 200) throw new Error(`settings answered ${res.status}: ${await res.text()}`);
}

const pricesUrl = (shop: Shop, file: UploadedFile) =>
  `${shop.app.url}/api/sell-my-images/prices?fileId=${file.documentId}`;

/** Waits until the calibration has given the prices an expected time: that time (4x of `file`). */
async function calibrated(shop: Shop, file: UploadedFile, limitSeconds = 600): Promise<number> {
  const started = Date.now();
  for (;;) {
    const body = (await (await fetch(pricesUrl(shop, file))).json()) as {
      options?: Array<{ expectedSeconds?: number }>;
    };
    const expected = body.options?.[0]?.expectedSeconds;
    if (typeof expected === 'number') return expected;
    if (Date.now() - started > limitSeconds * 1000)
      throw new Error(`no calibration after ${limitSeconds} s`);
    await sleep(250);
  }
}

/** Seconds from the payment to `completed`, and when (from the payment) the row was seen processing and with every tile done. */
export interface JobTimes {
  seconds: number;
  processingAt: number | null;
  tilesDoneAt: number | null;
}

/** A paid 4x job of `file`, timed from the payment (the row is polled every 50 ms). */
async function paidJob(shop: Shop, file: UploadedFile, onTick?: () => void): Promise<JobTimes> {
  const { jobId, session } = await startCheckout(shop, {
    fileId: file.documentId,
    resolution: '4x',
    email: 'bench@example.test',
  });
  const started = performance.now();
  const at = () => (performance.now() - started) / 1000;
  let processingAt: number | null = null;
  let tilesDoneAt: number | null = null;
  await shop.stripe.completeSession(session.id);
  for (;;) {
    const row = await jobRow(shop, jobId);
    if (row?.status === 'completed') return { seconds: at(), processingAt, tilesDoneAt };
    if (row?.status === 'failed') throw new Error(`the job failed: ${row.error_message}`);
    if (row?.status === 'processing') processingAt ??= at();
    const total = Number(row?.progress_total);
    if (total > 0 && Number(row?.progress_done) === total) tilesDoneAt ??= at();
    onTick?.();
    await sleep(50);
  }
}

/** "12.3 s (processing after 0.4 s, tiles done at 10.1 s)" */
export const timesText = (t: JobTimes) =>
  `${t.seconds.toFixed(1)} s (processing at ${t.processingAt?.toFixed(1) ?? '?'} s, tiles done at ${t.tilesDoneAt?.toFixed(1) ?? '?'} s)`;

export interface PipelineResult {
  engine: LocalAiEngine;
  cold: JobTimes;
  calibrationWaitSeconds: number;
  /** The calibrated expected times (GET /prices) of the cold job's image and of slim 4x of 1 MP. */
  expectedSeconds: { cold: number; slim: number };
  /** 1 MP originals: seconds = seconds per input MP. */
  slim: JobTimes;
  medium: JobTimes | null;
  /** The Strapi process's RSS after boot, once calibrated, and idle before the 4 MP job. */
  rssBytes: { booted: number; calibrated: number };
  big: {
    megapixels: number;
    job: JobTimes;
    idleRssBytes: number;
    peakRssBytes: number;
    hwmReset: boolean;
  } | null;
  latency: Responsiveness | null;
}

export interface PipelineOptions {
  big: boolean;
  latency: boolean;
  /** Whether to run medium 4x, given slim's seconds per MP just measured. */
  medium: (slimSecondsPerMegapixel: number) => boolean;
}

export async function pipeline(
  engine: LocalAiEngine,
  options: PipelineOptions,
): Promise<PipelineResult> {
  const shop = await openShop(`bench-local-ai-${engine}`, {
    SMI_UPSCALER: 'local-ai',
    // glibc's malloc arenas, the README's memory advice for containers, measured when given
    MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX,
  });
  try {
    await settings(shop, { resolutions: ['4x'], localAiEngine: engine, localAiModel: 'slim' });
    const small = await uploadPng(shop, 'bench-cold.png', 160, 120);
    await publishPhoto(shop.app, 'Bench cold', small.id);
    // Cold: the first price request starts the calibration; the buyer pays at once.
    const first = await fetch(pricesUrl(shop, small));
    if (first.status !== 200) throw new Error(`prices answered ${first.status}`);
    await first.arrayBuffer();
    const booted = procBytes(shop.app.pid, 'VmRSS');
    const cold = await paidJob(shop, small);
    const waitStarted = performance.now();
    const expectedSeconds = {
      slim: await calibrated(shop, shop.images.medium),
      cold: await calibrated(shop, small),
    };
    const calibrationWaitSeconds = (performance.now() - waitStarted) / 1000;
    await sleep(1000);
    const rssBytes = { booted, calibrated: procBytes(shop.app.pid, 'VmRSS') };

    // openShop's `medium` image is 1000×1000 (1 MP), `large` 2000×2000 (4 MP).
    const slim = await paidJob(shop, shop.images.medium);
    let big: PipelineResult['big'] = null;
    if (options.big) {
      const pid = shop.app.pid;
      await sleep(1000);
      const idleRssBytes = procBytes(pid, 'VmRSS');
      const hwmReset = resetPeak(pid);
      let sampled = idleRssBytes;
      const job = await paidJob(shop, shop.images.large, () => {
        sampled = Math.max(sampled, procBytes(pid, 'VmRSS'));
      });
      const peakRssBytes = hwmReset ? Math.max(sampled, procBytes(pid, 'VmHWM')) : sampled;
      big = { megapixels: 4, job, idleRssBytes, peakRssBytes, hwmReset };
    }
    let medium: JobTimes | null = null;
    if (options.medium(slim.seconds)) {
      await settings(shop, { localAiModel: 'medium' });
      await calibrated(shop, shop.images.medium);
      medium = await paidJob(shop, shop.images.medium);
    }
    let latency: Responsiveness | null = null;
    if (options.latency) {
      // The busy windows last ~35 s: an upscale that outlasts them at the rate just measured.
      const rate = (medium ?? slim).seconds;
      const side = Math.min(2400, Math.max(1000, Math.round(Math.sqrt(60 / rate) * 1000)));
      latency = await responsiveness(shop, {
        model: medium === null ? 'slim' : 'medium',
        side,
      });
    }
    return {
      engine,
      cold,
      calibrationWaitSeconds,
      expectedSeconds,
      slim,
      medium,
      rssBytes,
      big,
      latency,
    };
  } finally {
    await shop.close();
  }
}

export const mb = (bytes: number) => Math.round(bytes / MB);
