import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type { Job, JobsService } from '../services/jobs';
import type { EffectiveSettings, SettingsService } from '../services/settings';
import { emitJobEvent } from '../services/events';
import { callbackSignature, downloadToken, hashToken } from '../services/download-tokens';
import { readEnvironment } from '../services/environment';
import { publicUrl } from '../services/urls';
import { formatMoney } from '../utils/currency';
import { createUpscaler, isUpscalerError, type Upscaler } from '../upscalers';
import { downloadResult, isLoopbackUrl } from './result-download';
import { isResultInvalidError, validateResult } from './result-validation';
import { moveIntoStorage, storagePathFor } from './storage';
import { completionMail, failureMail } from './emails';
import { mailContext, sendMail } from './mailer';
import type { Refunds } from './refunds';
import type { LocalAiService } from '../services/local-ai';
import { retryDelay, storageDir, workerTimings } from './options';

/** Largest upscaled result accepted from a provider. */
const MAX_RESULT_BYTES = 512 * 1024 * 1024;

interface Deps {
  jobs: JobsService;
  settings: SettingsService;
  refunds: Refunds;
  localAi?: LocalAiService;
}

const RELEASE = { leaseOwner: null, leaseExpiresAt: null } as unknown as Partial<Job>;

/**
 * One step of a claimed job: submit it (pending), or follow it (processing) until the
 * result is validated, stored, linked and e-mailed — or it fails for good and is refunded.
 */
export function createPipeline(
  strapi: Core.Strapi,
  { jobs, settings: settingsService, refunds, localAi }: Deps,
) {
  const timings = () => workerTimings(strapi);
  const workDir = () => path.join(storageDir(strapi), '.work');

  function upscalerFor(job: Job, settings: EffectiveSettings): Upscaler {
    const env = readEnvironment();
    const download = { trustedOrigins: [new URL(publicUrl(strapi)).origin] };
    return createUpscaler(job.upscaler ?? settings.upscaler, {
      upsampler: settings.upsamplerApiKey
        ? { apiKey: settings.upsamplerApiKey, baseUrl: env.upsamplerApiUrl }
        : undefined,
      sharp: { workDir: workDir(), download },
      localAi: localAi?.upscalerOptions(settings, workDir(), download),
    });
  }

  async function localInput(job: Job): Promise<string | undefined> {
    if (!job.fileId) return undefined;
    const file = (await strapi.db
      .query('plugin::upload.file')
      .findOne({ where: { id: job.fileId }, select: ['url', 'provider'] })) as {
      url: string;
      provider: string;
    } | null;
    if (!file || file.provider !== 'local' || !file.url.startsWith('/')) return undefined;
    return path.join(strapi.dirs.static.public, file.url);
  }

  function callbackUrl(jobId: string): string {
    return `${publicUrl(strapi)}/api/sell-my-images/webhooks/upsampler?job=${jobId}&sig=${callbackSignature(strapi, jobId)}`;
  }

  async function failForGood(job: Job, code: string, message: string): Promise<void> {
    const moved = await jobs.transition(job, 'failed', {
      reason: code,
      actor: 'worker',
      data: { ...RELEASE, errorCode: code, errorMessage: message.slice(0, 1000) },
    });
    if (!moved) return;
    strapi.log.warn(`[sell-my-images] job ${job.jobId} failed for good (${code}): ${message}`);
    emitJobEvent(strapi, 'failed', { ...job, status: 'failed' });
    await refundAndTell({ ...job, status: 'failed' }, code);
  }

  /** Refunds a failed job once and tells the customer; a refund Stripe refuses now is retried by the cron. */
  async function refundAndTell(job: Job, reason: string): Promise<void> {
    const outcome = await refunds.refund(job, reason, 'worker');
    if (outcome !== 'refunded' && outcome !== 'already_refunded') return;
    if (!job.email || job.failureEmailSentAt) return;
    const claimed = await jobs.updateWhere(
      { jobId: job.jobId, failureEmailSentAt: { $null: true } },
      { failureEmailSentAt: new Date().toISOString() } as Partial<Job>,
    );
    if (!claimed) return;
    const settings = await settingsService.get();
    try {
      await sendMail(
        strapi,
        settings,
        job.email,
        failureMail(mailContext(settings), {
          fileName: job.fileName ?? 'your image',
          resolution: job.resolution,
          amount: formatMoney(job.amount, job.currency),
          refunded: true,
        }),
      );
    } catch (error) {
      await jobs.update(job.jobId, { failureEmailSentAt: null } as Partial<Job>);
      strapi.log.error(
        `[sell-my-images] failure e-mail for job ${job.jobId} not sent: ${(error as Error).message}`,
      );
    }
  }

  async function retryLater(
    job: Job,
    code: string,
    message: string,
    retryAfterMs?: number,
  ): Promise<void> {
    const { maxAttempts, retryBaseMs } = timings();
    const attempts = Number(job.attempts ?? 0);
    if (attempts >= maxAttempts)
      return failForGood(job, code, `${message} (after ${attempts} attempts)`);
    const wait = Math.max(retryAfterMs ?? 0, retryDelay(attempts, retryBaseMs));
    const data = {
      ...RELEASE,
      errorCode: code,
      errorMessage: message.slice(0, 1000),
      nextAttemptAt: new Date(Date.now() + wait),
      upscalerJobId: null,
    } as Partial<Job>;
    if (job.status === 'processing') {
      await jobs.transition(job, 'pending', { reason: `retry: ${code}`, actor: 'worker', data });
    } else {
      await jobs.update(job.jobId, data);
    }
  }

  /** Validates, stores, links and e-mails a finished result. */
  async function finish(job: Job, upscaler: Upscaler, resultPath: string): Promise<void> {
    try {
      const result = await validateResult(resultPath, {
        expectedWidth: job.outputWidth as number,
        expectedHeight: job.outputHeight as number,
      });
      const ext = result.format === 'jpeg' ? 'jpg' : result.format;
      const root = storageDir(strapi);
      const finalPath = storagePathFor(root, job.jobId, job.resolution, ext);
      await moveIntoStorage(resultPath, finalPath);
      const settings = await settingsService.get();
      const expiresAt = new Date(Date.now() + settings.downloadExpiryHours * 3_600_000);
      const token = downloadToken(strapi, job.jobId, expiresAt);
      const moved = await jobs.transition(job, 'completed', {
        reason: 'result validated and stored',
        actor: 'worker',
        data: {
          ...RELEASE,
          storedFileKey: path.relative(root, finalPath),
          storedFileBytes: result.bytes,
          downloadTokenHash: hashToken(token),
          downloadExpiresAt: expiresAt.toISOString(),
          downloadCount: 0,
          errorCode: null,
          errorMessage: null,
          progress: 100,
        } as Partial<Job>,
      });
      if (!moved) return;
      const completed = { ...job, status: 'completed' as const };
      emitJobEvent(strapi, 'completed', completed);
      await sendCompletionMail(completed, upscaler, token, expiresAt, settings);
    } catch (error) {
      await rm(resultPath, { force: true });
      if (isResultInvalidError(error)) {
        return retryLater(
          job,
          `result_${error.code}`,
          `The upscaled result was rejected: ${error.message}`,
        );
      }
      throw error;
    }
  }

  async function sendCompletionMail(
    job: Job,
    upscaler: Upscaler,
    token: string,
    expiresAt: Date,
    settings: EffectiveSettings,
  ): Promise<void> {
    if (!job.email) return;
    const detail =
      typeof job.upscalerDetail === 'string' && job.upscalerDetail ? job.upscalerDetail : null;
    try {
      await sendMail(
        strapi,
        settings,
        job.email,
        completionMail(
          mailContext(settings),
          {
            fileName: job.fileName ?? 'Your image',
            resolution: job.resolution,
            width: job.outputWidth as number,
            height: job.outputHeight as number,
            isAi: upscaler.isAi,
            ...(detail ? { method: `${upscaler.label}, ${detail}` } : {}),
          },
          {
            url: `${publicUrl(strapi)}/api/sell-my-images/downloads/${token}`,
            expiresAt,
            maxDownloads: settings.maxDownloads,
          },
        ),
      );
      await jobs.update(job.jobId, { emailedAt: new Date().toISOString() } as Partial<Job>);
    } catch (error) {
      strapi.log.error(
        `[sell-my-images] completion e-mail for job ${job.jobId} not sent: ${(error as Error).message}`,
      );
      await jobs.update(job.jobId, {
        errorCode: 'email_failed',
        errorMessage: (error as Error).message.slice(0, 1000),
      });
    }
  }

  async function fetchResult(
    job: Job,
    upscaler: Upscaler,
    status: { resultUrl?: string; resultPath?: string },
  ): Promise<void> {
    if (status.resultPath) return finish(job, upscaler, status.resultPath);
    if (!status.resultUrl)
      return retryLater(job, 'no_result', 'The upscaler reported success without a result');
    await mkdir(workDir(), { recursive: true });
    const tmp = path.join(workDir(), `${job.jobId}.download`);
    const baseUrl = readEnvironment().upsamplerApiUrl;
    await downloadResult(status.resultUrl, tmp, {
      maxBytes: MAX_RESULT_BYTES,
      timeoutMs: 120_000,
      allowHttp: isLoopbackUrl(baseUrl),
    });
    return finish(job, upscaler, tmp);
  }

  async function submit(job: Job, upscaler: Upscaler): Promise<void> {
    const attempts = Number(job.attempts ?? 0) + 1;
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
      } as unknown as Partial<Job>,
    });
    if (!moved) return;
    const current = {
      ...job,
      status: 'processing' as const,
      attempts,
      processingStartedAt: new Date().toISOString(),
    };
    const submitted = await upscaler.submit({
      jobId: job.jobId,
      imageUrl: job.sourceUrl as string,
      scale: job.scale,
      webhookUrl: upscaler.name === 'upsampler' ? callbackUrl(job.jobId) : undefined,
      inputPath: await localInput(job),
    });
    await jobs.update(job.jobId, {
      upscalerJobId: submitted.externalId,
      ...(submitted.credits !== undefined ? { credits: submitted.credits } : {}),
      ...(submitted.detail !== undefined ? { upscalerDetail: submitted.detail.slice(0, 128) } : {}),
    } as Partial<Job>);
    // (a callback may already have arrived: callbackReceivedAt is then set and honoured by follow)
    const withId = { ...current, upscalerJobId: submitted.externalId };
    return follow(withId, upscaler, submitted.status);
  }

  async function follow(
    job: Job,
    upscaler: Upscaler,
    status: Awaited<ReturnType<Upscaler['status']>>,
  ): Promise<void> {
    switch (status.state) {
      case 'succeeded':
        return fetchResult(job, upscaler, status);
      case 'failed':
        // A provider failure can be a hiccup (e.g. it could not fetch the original): submit
        // once more before giving up and refunding.
        return status.permanent && Number(job.attempts ?? 0) >= 2
          ? failForGood(job, 'upscale_failed', status.error)
          : retryLater(job, 'upscale_failed', status.error);
      default: {
        const { firstPollMs, maxPollMs } = timings();
        const started = new Date(
          (job.processingStartedAt as string | undefined) ?? Date.now(),
        ).getTime();
        const wait = Math.min(maxPollMs, Math.max(firstPollMs, (Date.now() - started) / 2));
        // Unless a callback arrived meanwhile (then the job stays due now), wait before polling.
        const deferred = await jobs.updateWhere(
          { jobId: job.jobId, callbackReceivedAt: { $null: true } },
          { ...RELEASE, nextAttemptAt: new Date(Date.now() + wait) } as Partial<Job>,
        );
        if (!deferred) await jobs.update(job.jobId, RELEASE);
      }
    }
  }

  return {
    /** Runs one step of a job this instance holds the lease of. */
    async process(job: Job): Promise<void> {
      const settings = await settingsService.get();
      try {
        if (job.paymentStatus === 'refunded') {
          // A local run still going would only burn CPU now (best effort: the refund comes first).
          if (job.upscalerJobId) {
            try {
              await upscalerFor(job, settings).cancel?.(job.upscalerJobId as string);
            } catch {
              // provider not configurable any more: nothing of ours is running
            }
          }
          return failForGood(
            job,
            'refunded_before_delivery',
            'The payment was refunded before the image was delivered',
          );
        }
        const upscaler = upscalerFor(job, settings);
        if (job.status === 'pending' || (job.status === 'processing' && !job.upscalerJobId)) {
          // A processing job without a provider id was interrupted mid-submission: submit again.
          if (job.status === 'processing')
            await jobs.transition(job, 'pending', {
              reason: 'interrupted submission',
              actor: 'worker',
            });
          return await submit({ ...job, status: 'pending' }, upscaler);
        }
        if (job.status !== 'processing') return;
        const timeoutMs = settings.processingTimeoutMinutes * 60_000;
        const started = new Date(
          (job.processingStartedAt as string | undefined) ?? job.updatedAt,
        ).getTime();
        // A job queued or running in this process's local provider is timed by the provider
        // from the start of its run: waiting for a free slot is not the job being stuck.
        const timedHere = upscaler.isRunningHere?.(job.upscalerJobId as string) ?? false;
        if (Date.now() - started > timeoutMs && !timedHere) {
          await upscaler.cancel?.(job.upscalerJobId as string);
          return failForGood(
            job,
            'timeout',
            `No result after ${settings.processingTimeoutMinutes} minutes`,
          );
        }
        // The callback hint (if any) is consumed by this status read.
        await jobs.update(job.jobId, { callbackReceivedAt: null } as unknown as Partial<Job>);
        return await follow(job, upscaler, await upscaler.status(job.upscalerJobId as string));
      } catch (error) {
        const fresh = (await jobs.findByJobId(job.jobId)) ?? job;
        if (isUpscalerError(error)) {
          return error.permanent
            ? failForGood(fresh, error.code, error.message)
            : retryLater(fresh, error.code, error.message, error.retryAfterMs);
        }
        strapi.log.error(`[sell-my-images] job ${job.jobId}: ${(error as Error).stack ?? error}`);
        return retryLater(fresh, 'internal_error', (error as Error).message);
      }
    },
    refundAndTell,
  };
}

export type Pipeline = ReturnType<typeof createPipeline>;
