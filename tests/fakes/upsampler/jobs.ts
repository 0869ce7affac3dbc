import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { waitForChange } from '../support/wait-for-change';
import { requestLoopback } from './loopback-http';
import { type ResultStore } from './results';
import { type Scheduler } from './scheduler';
import type {
  ImageInfo,
  JobFaults,
  JobStatus,
  StatusBody,
  UpscaleRequest,
  UpsamplerJob,
  WebhookDelivery,
} from './types';
import {
  compressImage,
  contentTypeOf,
  creditCostFor,
  extensionOf,
  outputSize,
  readImageInfo,
  resizeImage,
} from './upscale';

const INPUT_TIMEOUT_MS = 10_000;
const INPUT_MAX_BYTES = 50 * 1024 * 1024;
const WEBHOOK_TIMEOUT_MS = 5_000;
const DEFAULT_WAIT_MS = 5_000;

/** The fetched input of a job, or why it could not be used. */
type Source = { ok: true; bytes: Buffer; info: ImageInfo } | { ok: false; error: string };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isTerminal(status: JobStatus): boolean {
  return status === 'SUCCESS' || status === 'FAILED';
}

/** The status shape of a job, as `GET /status/:id` answers and the webhook posts it. */
export function statusBody(job: UpsamplerJob): StatusBody {
  return {
    id: job.id,
    status: job.status,
    ...(job.imageUrl !== undefined ? { imageUrl: job.imageUrl } : {}),
    ...(job.compressedImageUrl !== undefined ? { compressedImageUrl: job.compressedImageUrl } : {}),
    creditCost: job.creditCost,
    ...(job.error !== undefined ? { error: job.error } : {}),
  };
}

async function fetchSource(imageUrl: string): Promise<Source> {
  let bytes: Buffer;
  try {
    const response = await requestLoopback({
      method: 'GET',
      url: imageUrl,
      timeoutMs: INPUT_TIMEOUT_MS,
      maxBytes: INPUT_MAX_BYTES,
    });
    if (response.status !== 200)
      return { ok: false, error: `Could not fetch input image: HTTP ${response.status}` };
    bytes = response.body;
  } catch (error) {
    return { ok: false, error: `Could not fetch input image: ${messageOf(error)}` };
  }
  try {
    return { ok: true, bytes, info: await readImageInfo(bytes) };
  } catch (error) {
    return { ok: false, error: messageOf(error) };
  }
}

export interface JobRunnerOptions {
  /** Base URL the result URLs are built on. */
  baseUrl: () => string;
  resultTtlMs: number;
  scheduler: Scheduler;
  results: ResultStore;
  /** Whether results are made once per size and format and reused (see UpsamplerFakeOptions). */
  preparedResults: () => boolean;
}

/** A result and its compressed copy. */
interface Rendition {
  result: Buffer;
  compressed: Buffer;
}

/** Accepts jobs, runs them in the background, stores their results and calls their webhooks. */
export class JobRunner {
  readonly jobs = new Map<string, UpsamplerJob>();
  readonly webhookDeliveries: WebhookDelivery[] = [];
  private readonly changes = new EventEmitter();
  /** Prepared renditions by `<width>x<height>.<format>` (only with preparedResults). */
  private readonly prepared = new Map<string, Promise<Rendition>>();
  private closed = false;

  constructor(private readonly options: JobRunnerOptions) {
    this.changes.setMaxListeners(0);
  }

  /**
   * Fetches the input (the credit cost depends on its size), records the job as IN_QUEUE and
   * schedules its processing. An input that cannot be fetched or decoded still gives an accepted
   * job (credit cost 0), which then ends FAILED with the reason.
   */
  async submit(request: UpscaleRequest, faults: JobFaults): Promise<UpsamplerJob> {
    const source = await fetchSource(request.input.imageUrl);
    const now = Date.now();
    const job: UpsamplerJob = {
      id: randomUUID(),
      status: 'IN_QUEUE',
      request,
      creditCost: source.ok
        ? creditCostFor(source.info.width, source.info.height, request.input.upscaleFactor)
        : 0,
      faults,
      createdAt: now,
      updatedAt: now,
    };
    if (source.ok) job.source = source.info;
    this.jobs.set(job.id, job);
    this.options.scheduler.run(
      () => this.process(job, source),
      (error) => this.update(job, { status: 'FAILED', error: messageOf(error) }),
    );
    return job;
  }

  /** Resolves with a snapshot of the job once it has `status`; rejects on timeout or another final status. */
  waitForJob(
    id: string,
    status: JobStatus,
    timeoutMs: number = DEFAULT_WAIT_MS,
  ): Promise<UpsamplerJob> {
    return waitForChange(
      this.changes,
      () => {
        const job = this.jobs.get(id);
        if (!job) throw new Error(`Unknown Upsampler job ${id}`);
        if (job.status === status) return { ...job };
        if (isTerminal(job.status)) {
          const reason = job.error ? ` (${job.error})` : '';
          throw new Error(
            `Upsampler job ${id} ended ${job.status}${reason} while waiting for ${status}`,
          );
        }
        if (this.closed) throw new Error('Upsampler fake closed');
        return undefined;
      },
      timeoutMs,
      () => {
        const current = this.jobs.get(id)?.status ?? 'unknown';
        return new Error(
          `Upsampler job ${id} did not reach ${status} within ${timeoutMs} ms (it is ${current})`,
        );
      },
    );
  }

  /** Stops calling webhooks and fails pending waits. */
  close(): void {
    this.closed = true;
    this.changes.emit('change');
  }

  private update(job: UpsamplerJob, patch: Partial<UpsamplerJob>): void {
    Object.assign(job, patch, { updatedAt: Date.now() });
    this.changes.emit('change');
  }

  private async process(job: UpsamplerJob, source: Source): Promise<void> {
    await this.options.scheduler.delay(job.faults.processingMs);
    this.update(job, { status: 'IN_PROGRESS' });
    try {
      if (!source.ok) throw new Error(source.error);
      if (job.faults.failJobs) throw new Error('Upscale failed');
      this.update(job, {
        status: 'SUCCESS',
        ...(await this.produce(job, source.bytes, source.info)),
      });
    } catch (error) {
      this.update(job, { status: 'FAILED', error: messageOf(error) });
    }
    await this.deliverWebhook(job);
  }

  /** Upscales the input, stores the result files and returns what the job gains from it. */
  private async produce(
    job: UpsamplerJob,
    bytes: Buffer,
    info: ImageInfo,
  ): Promise<Partial<UpsamplerJob>> {
    const target = outputSize(info.width, info.height, job.request.input.upscaleFactor);
    const width = job.faults.wrongSize ? target.width - 10 : target.width;
    const { result, compressed } = await this.render(bytes, width, target.height, info.format);
    const served = job.faults.corruptResult
      ? Buffer.from(result.subarray(0, Math.floor(result.length / 2)))
      : result;

    const expiresAt = Date.now() + this.options.resultTtlMs;
    const file = `${job.id}.${extensionOf(info.format)}`;
    const compressedFile = `${job.id}-compressed.jpg`;
    this.options.results.put(file, {
      bytes: served,
      contentType: contentTypeOf(info.format),
      expiresAt,
    });
    this.options.results.put(compressedFile, {
      bytes: compressed,
      contentType: 'image/jpeg',
      expiresAt,
    });

    const base = this.options.baseUrl();
    return {
      output: { width, height: target.height, format: info.format },
      imageUrl: `${base}/results/${file}`,
      compressedImageUrl: `${base}/results/${compressedFile}`,
    };
  }

  /** The upscaled image of `bytes` and its compressed copy; made once per size with preparedResults. */
  private render(
    bytes: Buffer,
    width: number,
    height: number,
    format: ImageInfo['format'],
  ): Promise<Rendition> {
    const make = async (): Promise<Rendition> => {
      const result = await resizeImage(bytes, width, height, format);
      return { result, compressed: await compressImage(result) };
    };
    if (!this.options.preparedResults()) return make();
    const key = `${width}x${height}.${format}`;
    let rendition = this.prepared.get(key);
    if (!rendition) {
      rendition = make();
      // A failed rendition is not kept: the next job tries again.
      rendition.catch(() => this.prepared.delete(key));
      this.prepared.set(key, rendition);
    }
    return rendition;
  }

  private async deliverWebhook(job: UpsamplerJob): Promise<void> {
    const url = job.request.webhook;
    if (url === undefined || job.faults.loseWebhooks || this.closed) return;
    const delivery: WebhookDelivery = {
      jobId: job.id,
      url,
      status: job.status,
      responseStatus: 0,
      time: Date.now(),
    };
    try {
      const response = await requestLoopback({
        method: 'POST',
        url,
        body: Buffer.from(JSON.stringify(statusBody(job))),
        headers: { 'content-type': 'application/json', 'user-agent': 'upsampler-fake' },
        timeoutMs: WEBHOOK_TIMEOUT_MS,
        maxBytes: 1024 * 1024,
      });
      delivery.responseStatus = response.status;
    } catch (error) {
      delivery.error = messageOf(error);
    }
    this.webhookDeliveries.push(delivery);
  }
}
