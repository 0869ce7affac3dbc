/**
 * The local-ai upscaler's long-lived side, one per Strapi instance: the runner (worker
 * threads, own concurrency), the link from its progress to the job rows, and the
 * calibration that turns "seconds per megapixel on this machine" into expected times for
 * GET /prices and the settings page.
 */
import type { Core } from '@strapi/strapi';
import { parseResolution } from '../../../../shared/resolutions';
import type { JobsService } from '../../jobs/repository';
import type { EffectiveSettings, SettingsService } from '../../settings/settings';
import type { DownloadOptions } from '../result-download';
import { createCalibration, localAiAvailability } from './calibration';
import { resolveEngine } from './engines';
import { MODEL_LABELS } from './models';
import { planUpscale, type ModelScale } from './plan';
import { LOCAL_AI_LABEL, type LocalAiUpscalerOptions } from './provider';
import type { Run } from './run';
import { createLocalAiRunner, type LocalAiRunner } from './runner';
import { threadsPerJob } from './worker-threads';

export { CALIBRATION_SAMPLE_SIZE, CALIBRATION_STORE_KEY, localAiAvailability } from './calibration';

/** A run's heartbeat (every 10 s) older than this means no instance is running it any more. */
const HEARTBEAT_STALE_MS = 60_000;

interface Deps {
  jobs: JobsService;
  settings: SettingsService;
  /** Makes a job due now and wakes the fulfilment worker (a finished run is read at once). */
  nudge(jobId: string): Promise<void>;
}

export function createLocalAiService(
  strapi: Core.Strapi,
  { jobs, settings: settingsService, nudge }: Deps,
) {
  let runner: LocalAiRunner | null = null;
  const warn = (message: string) => (error: unknown) =>
    strapi.log.warn(`[sell-my-images] ${message}: ${(error as Error).message}`);

  function onProgress(run: Run): void {
    if (!run.jobId) return;
    // Only the run the job is waiting for may write (not one replaced by a retry or cancelled).
    void jobs
      .updateWhere(
        { jobId: run.jobId, status: 'processing', upscalerJobId: run.id },
        {
          progressDone: run.done,
          progressTotal: run.total,
          // 100 is for a delivered job: the result is still to be validated and stored.
          progress: run.total > 0 ? Math.min(99, Math.floor((run.done * 100) / run.total)) : 0,
          progressUpdatedAt: new Date(),
        },
      )
      .catch(warn(`progress of job ${run.jobId} not saved`));
  }

  function onSettled(run: Run): void {
    if (run.jobId)
      nudge(run.jobId).catch(warn(`job ${run.jobId} not woken after its local upscale`));
  }

  function getRunner(): LocalAiRunner {
    runner ??= createLocalAiRunner({ hooks: { onProgress, onSettled } });
    return runner;
  }

  async function runningElsewhere(externalId: string): Promise<boolean> {
    const job = await jobs.findOne({ upscalerJobId: externalId, status: 'processing' });
    const beat = job?.progressUpdatedAt ? new Date(job.progressUpdatedAt as string).getTime() : 0;
    return Date.now() - beat < HEARTBEAT_STALE_MS;
  }

  const calibration = createCalibration(strapi, { settings: settingsService, runner: getRunner });

  return {
    availability: localAiAvailability,

    /** What people are told about the provider: label and model. */
    describe(settings: EffectiveSettings): { name: 'local-ai'; label: string; model: string } {
      return {
        name: 'local-ai',
        label: LOCAL_AI_LABEL,
        model: MODEL_LABELS[settings.localAiModel],
      };
    },

    /** The provider's options for the pipeline (the runner is shared by every job of this instance). */
    upscalerOptions(
      settings: EffectiveSettings,
      workDir: string,
      download?: Partial<DownloadOptions>,
    ): LocalAiUpscalerOptions {
      const shared = getRunner();
      shared.setConcurrency(settings.localAiConcurrency);
      return {
        runner: shared,
        workDir,
        model: settings.localAiModel,
        // None installed: the worker refuses the run as bad_config (the quote refuses it first).
        engine: resolveEngine(settings.localAiEngine) ?? 'onnx',
        eightXMode: settings.localAi8xMode,
        tileSize: settings.localAiTileSize,
        threads: threadsPerJob(settings.localAiConcurrency),
        timeoutMs: settings.processingTimeoutMinutes * 60_000,
        ...(download ? { download } : {}),
        runningElsewhere,
      };
    },

    ...calibration,

    /**
     * Has a warm worker load the shop's model before the first sale (this instance runs
     * jobs, local-ai is the upscaler, on the ONNX engine): the first paid job after a
     * deploy starts inference at once.
     */
    async prewarm(): Promise<void> {
      const settings = await settingsService.get();
      if (
        settings.upscaler !== 'local-ai' ||
        !localAiAvailability(settings.localAiEngine).available
      )
        return;
      if (resolveEngine(settings.localAiEngine) !== 'onnx') return;
      const threads = threadsPerJob(settings.localAiConcurrency);
      const scales = new Set<ModelScale>();
      for (const resolution of settings.resolutions) {
        const scale = parseResolution(resolution);
        if (scale !== null) scales.add(planUpscale(scale, settings.localAi8xMode).modelScale);
      }
      const runner = getRunner();
      runner.setConcurrency(settings.localAiConcurrency);
      runner.prewarm(
        [...scales].map((modelScale) => ({ model: settings.localAiModel, modelScale, threads })),
      );
    },

    /** Ends the inference workers (Strapi shutting down). */
    async stop(): Promise<void> {
      await runner?.stop();
      runner = null;
    },
  };
}

export type LocalAiService = ReturnType<typeof createLocalAiService>;
