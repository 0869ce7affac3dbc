/**
 * How long a paid job that is not delivered yet still needs, for the buyer's return page
 * (docs/architecture.md "Previews, cart and purchases"): honest or nothing. Local AI says
 * it from its tiles done (while it runs) or its calibration (before); every upscaler also
 * from the recent completed jobs of the same upscaler, resolution and size. Null when
 * there is no basis, or when the job already took longer than its estimate.
 */
import type { Core } from '@strapi/strapi';
import { LRUCache } from 'lru-cache';
import { JOB_UID } from '../plugin-id';
import type { Job } from '../jobs/repository';
import type { SettingsService } from '../settings/settings';
import type { LocalAiService } from '../upscalers/local-ai/service';

/** Completed jobs read per upscaler and resolution, and how many of a similar size must agree. */
const HISTORY_ROWS = 50;
const HISTORY_USED = 20;
export const HISTORY_MIN_SAMPLES = 3;
const HISTORY_DAYS = 30;
/** A similar size: output pixels within this factor of the job's. */
const SIZE_FACTOR = 2;

interface Sample {
  pixels: number;
  /** Seconds from payment to the start of processing, and of processing. */
  waitSeconds: number;
  workSeconds: number;
}

const ms = (value: string | Date | number | null | undefined): number | null => {
  if (value === null || value === undefined) return null;
  const time = new Date(value).getTime();
  return Number.isFinite(time) ? time : null;
};

const pixelsOf = (job: Pick<Job, 'outputWidth' | 'outputHeight'>) =>
  (job.outputWidth ?? 0) * (job.outputHeight ?? 0);

/** Seconds left, rounded up; null when not positive (the job is already overdue). */
const left = (seconds: number): number | null => (seconds >= 1 ? Math.ceil(seconds) : null);

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

/**
 * The estimate from similar jobs: their mean wait (less what this one waited already, when
 * pending) plus their mean processing time (less its elapsed time, when processing).
 */
export function estimateFromHistory(job: Job, samples: Sample[], now = Date.now()): number | null {
  const pixels = pixelsOf(job);
  const similar = samples
    .filter(
      (s) => pixels > 0 && s.pixels * SIZE_FACTOR >= pixels && s.pixels <= pixels * SIZE_FACTOR,
    )
    .slice(0, HISTORY_USED);
  if (similar.length < HISTORY_MIN_SAMPLES) return null;
  const wait = mean(similar.map((s) => s.waitSeconds));
  const work = mean(similar.map((s) => s.workSeconds));
  const started = ms(job.processingStartedAt);
  if (job.status === 'processing' && started !== null) return left(work - (now - started) / 1000);
  const paid = ms(job.paidAt) ?? now;
  return left(Math.max(0, wait - (now - paid) / 1000) + work);
}

/**
 * Local AI while it runs: the time per tile so far times the tiles left; before its first
 * tile, the calibrated time less what already passed.
 */
export function estimateFromProgress(
  job: Job,
  calibrated: number | null,
  now = Date.now(),
): number | null {
  const started = ms(job.processingStartedAt);
  const elapsed = started !== null && job.status === 'processing' ? (now - started) / 1000 : 0;
  const done = job.progressDone ?? 0;
  const total = job.progressTotal ?? 0;
  if (elapsed > 0 && done > 0 && total > done) return left((elapsed / done) * (total - done));
  return calibrated === null ? null : left(calibrated - elapsed);
}

export function createJobEstimates(
  strapi: Core.Strapi,
  { settings, localAi }: { settings: SettingsService; localAi?: LocalAiService },
) {
  // Polled every few seconds by each buyer: the history of a kind of job is read once a minute.
  const histories = new LRUCache<string, Sample[]>({ max: 200, ttl: 60_000 });

  async function history(upscaler: string, resolution: string): Promise<Sample[]> {
    const key = `${upscaler}|${resolution}`;
    const cached = histories.get(key);
    if (cached) return cached;
    const since = new Date(Date.now() - HISTORY_DAYS * 86_400_000);
    const rows = (await strapi.db.query(JOB_UID).findMany({
      where: {
        upscaler,
        resolution,
        status: 'completed',
        paidAt: { $notNull: true },
        processingStartedAt: { $notNull: true },
        completedAt: { $gt: since },
      },
      select: ['paidAt', 'processingStartedAt', 'completedAt', 'outputWidth', 'outputHeight'],
      orderBy: { completedAt: 'desc' },
      limit: HISTORY_ROWS,
    })) as Array<
      Pick<Job, 'paidAt' | 'processingStartedAt' | 'completedAt' | 'outputWidth' | 'outputHeight'>
    >;
    const samples: Sample[] = [];
    for (const row of rows) {
      const [paid, started, completed] = [row.paidAt, row.processingStartedAt, row.completedAt].map(
        ms,
      );
      if (paid === null || started === null || completed === null || completed < started) continue;
      samples.push({
        pixels: pixelsOf(row),
        waitSeconds: Math.max(0, started - paid) / 1000,
        workSeconds: (completed - started) / 1000,
      });
    }
    histories.set(key, samples);
    return samples;
  }

  return {
    /** Seconds a paid, not yet delivered job still needs, or null when unknown. */
    async remainingSeconds(job: Job): Promise<number | null> {
      if (job.paymentStatus !== 'paid' || !['pending', 'processing'].includes(job.status)) {
        return null;
      }
      if (job.upscaler === 'local-ai' && localAi && job.originalWidth && job.originalHeight) {
        const calibrated = await localAi
          .expectedSeconds(await settings.get(), job.originalWidth, job.originalHeight, job.scale)
          .catch(() => null);
        const local = estimateFromProgress(job, calibrated);
        if (local !== null) return local;
      }
      if (!job.upscaler) return null;
      return estimateFromHistory(job, await history(job.upscaler, job.resolution));
    },
  };
}

export type JobEstimates = ReturnType<typeof createJobEstimates>;
