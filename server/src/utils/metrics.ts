/**
 * The opt-in Prometheus metrics (README "Monitoring", docs/architecture.md "Operations"):
 * counters and a histogram counted where the events happen, and job gauges read from the
 * database at scrape time. Each Strapi instance has its own prom-client `Registry` (never
 * the global one), so two instances in one process do not collide. Without a token every
 * method is a no-op and prom-client's objects are never made.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { errors } from './errors';

export type CheckoutOutcome = 'created' | 'reused' | 'refused' | 'failed';
export type UpscaleOutcome = 'succeeded' | 'failed' | 'timeout';
export type DownloadKind = 'full' | 'partial';

/** The job gauges, from one grouped query across all instances. */
export interface JobGauges {
  byStatus: Record<string, number>;
  queueDepth: number;
}

export interface MetricsOptions {
  /** `SMI_METRICS_TOKEN`: metrics are on only with a token. */
  token?: string;
  /** Reads the job gauges at scrape time. */
  readJobs?: () => Promise<JobGauges>;
  /** Adds Node.js process metrics (`smi_process_*`, `smi_nodejs_*`). */
  nodeMetrics?: boolean;
  /** Told when the job gauges could not be read (the scrape answers the rest). */
  onReadError?: (error: Error) => void;
}

export type Authorization = 'ok' | 'unauthorized' | 'disabled';

export interface Metrics {
  readonly enabled: boolean;
  checkout(outcome: CheckoutOutcome): void;
  payment(): void;
  refund(outcome: string): void;
  emailFailed(): void;
  download(kind: DownloadKind): void;
  /** One upscale's end; `seconds` (submission to result) only for a success. */
  upscale(upscaler: string, outcome: UpscaleOutcome, seconds?: number): void;
  /** Whether an `Authorization` header carries the token (`disabled`: no token set). */
  authorize(header: string | undefined): Authorization;
  /** The text exposition format. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

/** A refused request (Strapi's errors and HTTP 4xx errors) or a failed one (anything else). */
export function errorOutcome(error: unknown): 'refused' | 'failed' {
  if (error instanceof errors.ApplicationError) return 'refused';
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? 'refused' : 'failed';
}

/** Upscales take from a fraction of a second (sharp) to minutes (a cloud queue). */
const UPSCALE_BUCKETS = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800];

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The metrics of an instance without a token: every call does nothing. */
export const NO_METRICS: Metrics = {
  enabled: false,
  checkout: () => undefined,
  payment: () => undefined,
  refund: () => undefined,
  emailFailed: () => undefined,
  download: () => undefined,
  upscale: () => undefined,
  authorize: () => 'disabled',
  scrape: async () => ({ contentType: 'text/plain', body: '' }),
};

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const token = options.token?.trim();
  if (!token) return NO_METRICS;
  const expected = digest(`Bearer ${token}`);
  const registers = [new Registry()];
  const registry = registers[0] as Registry;
  if (options.nodeMetrics) collectDefaultMetrics({ register: registry, prefix: 'smi_' });

  const checkouts = new Counter({
    name: 'smi_checkouts_total',
    help: 'Checkout requests by outcome (created, reused, refused, failed)',
    labelNames: ['outcome'] as const,
    registers,
  });
  const payments = new Counter({
    name: 'smi_payments_total',
    help: 'Payments that queued a job',
    registers,
  });
  const refunds = new Counter({
    name: 'smi_refunds_total',
    help: 'Refunds the plugin asked Stripe for, by outcome',
    labelNames: ['outcome'] as const,
    registers,
  });
  const emailsFailed = new Counter({
    name: 'smi_emails_failed_total',
    help: 'Customer e-mails that failed for good',
    registers,
  });
  const downloads = new Counter({
    name: 'smi_downloads_total',
    help: 'Finished downloads by kind (full file or range)',
    labelNames: ['kind'] as const,
    registers,
  });
  const upscales = new Counter({
    name: 'smi_upscales_total',
    help: 'Upscales by upscaler and outcome',
    labelNames: ['upscaler', 'outcome'] as const,
    registers,
  });
  const upscaleDuration = new Histogram({
    name: 'smi_upscale_duration_seconds',
    help: 'Time from submission to a finished upscale',
    labelNames: ['upscaler'] as const,
    buckets: UPSCALE_BUCKETS,
    registers,
  });
  const jobs = new Gauge({
    name: 'smi_jobs',
    help: 'Jobs by state, read from the database at scrape time',
    labelNames: ['state'] as const,
    registers,
  });
  const queueDepth = new Gauge({
    name: 'smi_queue_depth',
    help: 'Paid jobs waiting for the worker, read from the database at scrape time',
    registers,
  });

  async function readGauges(): Promise<void> {
    if (!options.readJobs) return;
    jobs.reset();
    queueDepth.reset();
    try {
      const found = await options.readJobs();
      for (const [state, count] of Object.entries(found.byStatus)) jobs.set({ state }, count);
      queueDepth.set(found.queueDepth);
    } catch (error) {
      options.onReadError?.(error as Error);
    }
  }

  return {
    enabled: true,
    checkout: (outcome) => checkouts.inc({ outcome }),
    payment: () => payments.inc(),
    refund: (outcome) => refunds.inc({ outcome }),
    emailFailed: () => emailsFailed.inc(),
    download: (kind) => downloads.inc({ kind }),
    upscale(upscaler, outcome, seconds) {
      upscales.inc({ upscaler, outcome });
      if (seconds !== undefined) upscaleDuration.observe({ upscaler }, Math.max(0, seconds));
    },
    authorize(header) {
      // Both sides hashed: a constant-time compare of equal lengths, whatever was sent.
      return header && timingSafeEqual(digest(header.trim()), expected) ? 'ok' : 'unauthorized';
    },
    async scrape() {
      await readGauges();
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
