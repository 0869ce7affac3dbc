/**
 * One step of a claimed job (docs/architecture.md "Queue and leases"): submit it
 * (pending), or follow it (processing) until the result is delivered — or it fails for
 * good and is refunded.
 */
import type { Core } from '@strapi/strapi';
import { LRUCache } from 'lru-cache';
import type { Refunds } from '../commerce/refunds';
import type { FileStorage } from '../delivery/file-storage';
import type { MailOutbox } from '../delivery/outbox';
import { saleRightsOf } from '../delivery/rights-metadata';
import type { Job, JobPatch, JobsService } from '../jobs/repository';
import { deliveryRevoked, revocationOf } from '../jobs/states';
import { findMediaFile, localPathOf } from '../media/files';
import { readEnvironment } from '../settings/environment';
import type { EffectiveSettings, SettingsService } from '../settings/settings';
import { publicUrl } from '../settings/urls';
import { createUpscaler, isUpscalerError, type Upscaler, type UpscaleStatus } from '../upscalers';
import type { LocalAiService } from '../upscalers/local-ai/service';
import type { Metrics } from '../utils/metrics';
import { createDelivery, workDirOf } from './deliver';
import { workerTimings } from './options';
import { createOutcomes, RELEASE } from './outcomes';
import { callbackUrl } from './upscaler-callback';

interface Deps {
  jobs: JobsService;
  settings: SettingsService;
  refunds: Refunds;
  localAi?: LocalAiService;
  mailOutbox: MailOutbox;
  storage: FileStorage;
  metrics: Metrics;
}

export function createPipeline(strapi: Core.Strapi, deps: Deps) {
  const { jobs, settings: settingsService, localAi, metrics } = deps;
  const outcomes = createOutcomes(strapi, deps);
  const delivery = createDelivery(strapi, { ...deps, outcomes });
  const { failForGood, retryLater } = outcomes;
  /**
   * Upsampler clients by base URL and key: one per configuration, not one per job step (a
   * changed key or URL makes a new one; docs/architecture.md "Fulfilment pipeline cost").
   */
  const upsamplerClients = new LRUCache<string, Upscaler>({ max: 4 });

  function upscalerFor(job: Job, settings: EffectiveSettings): Upscaler {
    const name = job.upscaler ?? settings.upscaler;
    const upsampler = settings.upsamplerApiKey
      ? { apiKey: settings.upsamplerApiKey, baseUrl: readEnvironment().upsamplerApiUrl }
      : undefined;
    if (name === 'upsampler' && upsampler) {
      const key = `${upsampler.baseUrl}\n${upsampler.apiKey}`;
      const cached = upsamplerClients.get(key);
      if (cached) return cached;
      const client = createUpscaler(name, { upsampler });
      upsamplerClients.set(key, client);
      return client;
    }
    const workDir = workDirOf(strapi);
    const download = { trustedOrigins: [new URL(publicUrl(strapi)).origin] };
    return createUpscaler(name, {
      upsampler,
      sharp: { workDir, download },
      localAi: localAi?.upscalerOptions(settings, workDir, download),
    });
  }

  /** The original on this server's disk, when the upload provider is local. */
  async function localInput(job: Job): Promise<string | undefined> {
    const file = job.fileId === null ? null : await findMediaFile(strapi, String(job.fileId));
    return file ? localPathOf(strapi, file) : undefined;
  }

  async function submit(job: Job, upscaler: Upscaler, settings: EffectiveSettings): Promise<void> {
    const attempts = (job.attempts ?? 0) + 1;
    const moved = await jobs.transition(job, 'processing', {
      reason: attempts > 1 ? `submitted (attempt ${attempts})` : 'submitted',
      actor: 'worker',
      data: {
        attempts,
        upscalerJobId: null,
        callbackReceivedAt: null,
        progressDone: null,
        progressTotal: null,
        progressUpdatedAt: null,
        progress: null,
      },
    });
    if (!moved) return;
    const startedMs = Date.now();
    const submitted = await upscaler.submit({
      jobId: job.jobId,
      imageUrl: job.sourceUrl ?? '',
      scale: job.scale,
      webhookUrl: upscaler.name === 'upsampler' ? callbackUrl(strapi, job.jobId) : undefined,
      inputPath: await localInput(job),
      // Written as XMP by the encode of local providers (docs/architecture.md "Rights metadata and licence page").
      rights: saleRightsOf(strapi, job, settings),
    });
    const recorded: JobPatch = {
      upscalerJobId: submitted.externalId,
      ...(submitted.credits !== undefined ? { credits: submitted.credits } : {}),
      ...(submitted.detail !== undefined ? { upscalerDetail: submitted.detail.slice(0, 128) } : {}),
    };
    // (a callback may already have arrived: callbackReceivedAt is then set and honoured by follow)
    const current: Job = {
      ...job,
      status: 'processing',
      attempts,
      processingStartedAt: new Date().toISOString(),
      upscalerJobId: submitted.externalId,
    };
    // Still waiting (the usual answer): the provider's id goes in the same write that
    // releases the job (docs/architecture.md "Fulfilment pipeline cost").
    const waiting = submitted.status.state === 'queued' || submitted.status.state === 'processing';
    if (!waiting) await jobs.update(job.jobId, recorded);
    return follow(current, submitted.status, upscaler.name, startedMs, waiting ? recorded : {});
  }

  /**
   * Acts on an upscale's status; `startedMs`: its submission, for the duration metric;
   * `recorded`: fields written with the release while the upscale is still running.
   */
  async function follow(
    job: Job,
    status: UpscaleStatus,
    upscalerName: string,
    startedMs: number,
    recorded: JobPatch = {},
  ): Promise<void> {
    switch (status.state) {
      case 'succeeded':
        metrics.upscale(upscalerName, 'succeeded', (Date.now() - startedMs) / 1000);
        return delivery.deliver(job, status);
      case 'failed':
        metrics.upscale(upscalerName, 'failed');
        // A provider failure can be a hiccup (e.g. it could not fetch the original): submit
        // once more before giving up and refunding.
        return status.permanent && (job.attempts ?? 0) >= 2
          ? failForGood(job, 'upscale_failed', status.error)
          : retryLater(job, 'upscale_failed', status.error);
      default: {
        const { firstPollMs, maxPollMs } = workerTimings(strapi);
        const started = new Date(job.processingStartedAt ?? Date.now()).getTime();
        const wait = Math.min(maxPollMs, Math.max(firstPollMs, (Date.now() - started) / 2));
        // Unless a callback arrived meanwhile (then the job stays due now), wait before polling.
        const deferred = await jobs.updateWhere(
          { jobId: job.jobId, callbackReceivedAt: { $null: true } },
          { ...recorded, ...RELEASE, nextAttemptAt: new Date(Date.now() + wait) },
        );
        if (!deferred) await jobs.update(job.jobId, { ...recorded, ...RELEASE });
      }
    }
  }

  /** A processing job: timed out, or its status read (which consumes a callback hint). */
  async function poll(
    job: Job & { upscalerJobId: string },
    upscaler: Upscaler,
    settings: EffectiveSettings,
  ) {
    const timeoutMs = settings.processingTimeoutMinutes * 60_000;
    const started = new Date(job.processingStartedAt ?? job.updatedAt).getTime();
    // A job queued or running in this process's local provider is timed by the provider
    // from the start of its run: waiting for a free slot is not the job being stuck.
    const timedHere = upscaler.isRunningHere?.(job.upscalerJobId) ?? false;
    if (Date.now() - started > timeoutMs && !timedHere) {
      await upscaler.cancel?.(job.upscalerJobId);
      metrics.upscale(upscaler.name, 'timeout');
      const minutes = settings.processingTimeoutMinutes;
      return failForGood(job, 'timeout', `No result after ${minutes} minutes`);
    }
    await jobs.update(job.jobId, { callbackReceivedAt: null });
    return follow(job, await upscaler.status(job.upscalerJobId), upscaler.name, started);
  }

  /** Delivery was revoked (refund, dispute, fraud warning) before it happened: stop what runs (best effort) and fail the job. */
  async function dropRevoked(job: Job, settings: EffectiveSettings): Promise<void> {
    if (job.upscalerJobId) {
      try {
        await upscalerFor(job, settings).cancel?.(job.upscalerJobId);
      } catch {
        // provider not configurable any more: nothing of ours is running
      }
    }
    const { code, message } = revocationOf(job);
    return failForGood(job, code, message);
  }

  return {
    /** Runs one step of a job this instance holds the lease of. */
    async process(job: Job): Promise<void> {
      const settings = await settingsService.get();
      try {
        if (deliveryRevoked(job)) return await dropRevoked(job, settings);
        const upscaler = upscalerFor(job, settings);
        const { upscalerJobId } = job;
        if (job.status === 'processing' && upscalerJobId) {
          return await poll({ ...job, upscalerJobId }, upscaler, settings);
        }
        if (job.status !== 'pending' && job.status !== 'processing') return;
        // A processing job without a provider id was interrupted mid-submission: submit again.
        if (job.status === 'processing') {
          await jobs.transition(job, 'pending', {
            reason: 'interrupted submission',
            actor: 'worker',
          });
        }
        return await submit({ ...job, status: 'pending' }, upscaler, settings);
      } catch (error) {
        const fresh = (await jobs.findByJobId(job.jobId)) ?? job;
        if (isUpscalerError(error)) {
          metrics.upscale(job.upscaler ?? settings.upscaler, 'failed');
          return error.permanent
            ? failForGood(fresh, error.code, error.message)
            : retryLater(fresh, error.code, error.message, error.retryAfterMs);
        }
        strapi.log.error(`[sell-my-images] job ${job.jobId}: ${(error as Error).stack ?? error}`);
        return retryLater(fresh, 'internal_error', (error as Error).message);
      }
    },
    refundAndTell: outcomes.refundAndTell,
  };
}

export type Pipeline = ReturnType<typeof createPipeline>;
