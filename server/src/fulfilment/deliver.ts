/**
 * The last step of a job: its result is fetched (a cloud provider's URL, with the SSRF
 * guard) or taken from disk (local providers), validated, moved into the private storage,
 * given a download link and e-mailed.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { addCloudRights } from '../delivery/cloud-rights';
import { UNUSED_LINK } from '../delivery/download-ledger';
import { downloadToken, hashToken } from '../delivery/download-tokens';
import type { MailOutbox } from '../delivery/outbox';
import type { FileStorage } from '../delivery/file-storage';
import { storageDir, storageKeyFor } from '../delivery/storage';
import { emitJobEvent } from '../jobs/events';
import type { Job, JobsService } from '../jobs/repository';
import { DELIVERABLE, deliveryRevoked, revocationOf } from '../jobs/states';
import { readEnvironment } from '../settings/environment';
import type { SettingsService } from '../settings/settings';
import { isLoopbackUrl } from '../upscalers/address-policy';
import { downloadResult } from '../upscalers/result-download';
import { RELEASE, type Outcomes } from './outcomes';
import { isResultInvalidError, validateResult } from './result-validation';

/** Largest upscaled result accepted from a provider. */
const MAX_RESULT_BYTES = 512 * 1024 * 1024;

export const workDirOf = (strapi: Core.Strapi) => path.join(storageDir(strapi), '.work');

export function createDelivery(
  strapi: Core.Strapi,
  deps: {
    jobs: JobsService;
    settings: SettingsService;
    outcomes: Outcomes;
    mailOutbox: MailOutbox;
    storage: FileStorage;
  },
) {
  const { jobs, outcomes, mailOutbox, storage } = deps;

  /** A result finished after delivery was revoked: never delivered, the job fails. */
  async function dropIfRevoked(jobId: string, storedKey: string): Promise<void> {
    const fresh = await jobs.findByJobId(jobId);
    if (!fresh || fresh.status !== 'processing' || !deliveryRevoked(fresh)) return;
    await storage.remove(storedKey);
    const { code, message } = revocationOf(fresh);
    await outcomes.failForGood(fresh, code, message);
  }

  /** Validates, stores, links and e-mails a finished result. */
  async function finish(job: Job, resultPath: string): Promise<void> {
    try {
      const result = await validateResult(resultPath, {
        expectedWidth: job.outputWidth ?? 0,
        expectedHeight: job.outputHeight ?? 0,
      });
      const ext = result.format === 'jpeg' ? 'jpg' : result.format;
      // In the private folder or the bucket (docs/architecture.md "Storage").
      const storedKey = storageKeyFor(job.jobId, job.resolution, ext);
      await storage.store(resultPath, storedKey);
      const { downloadExpiryHours } = await deps.settings.get();
      const expiresAt = new Date(Date.now() + downloadExpiryHours * 3_600_000);
      // Only while delivery stands: a refund, dispute or fraud warning may land meanwhile.
      const moved = await jobs.transition(job, 'completed', {
        reason: 'result validated and stored',
        actor: 'worker',
        where: DELIVERABLE,
        data: {
          ...RELEASE,
          storedFileKey: storedKey,
          storedFileBytes: result.bytes,
          downloadTokenHash: hashToken(downloadToken(strapi, job.jobId, expiresAt)),
          downloadExpiresAt: expiresAt,
          ...UNUSED_LINK,
          errorCode: null,
          errorMessage: null,
          progress: 100,
        },
      });
      if (!moved) return await dropIfRevoked(job.jobId, storedKey);
      const completed = { ...job, status: 'completed' as const };
      emitJobEvent(strapi, 'completed', completed);
      // Through the outbox: a refused mail is retried with backoff (docs/architecture.md "Mail outbox").
      // A cart order's line has no mail of its own: the order's one, once every line settled.
      if (job.orderId) await mailOutbox.settleOrderLine(completed);
      else await mailOutbox.enqueue(completed, { kind: 'link', expiresAt });
    } catch (error) {
      await rm(resultPath, { force: true });
      if (isResultInvalidError(error)) {
        const message = `The upscaled result was rejected: ${error.message}`;
        return outcomes.retryLater(job, `result_${error.code}`, message);
      }
      throw error;
    }
  }

  return {
    /** A succeeded upscale: its local file, or its URL downloaded into the work folder first. */
    async deliver(job: Job, result: { resultUrl?: string; resultPath?: string }): Promise<void> {
      if (result.resultPath) return finish(job, result.resultPath);
      if (!result.resultUrl) {
        return outcomes.retryLater(
          job,
          'no_result',
          'The upscaler reported success without a result',
        );
      }
      // (downloadResult makes the work folder when it is missing.)
      // Unique: two instances following the same job (a lost lease) never share a file.
      const tmp = path.join(
        workDirOf(strapi),
        `${job.jobId}.${randomBytes(6).toString('hex')}.download`,
      );
      await downloadResult(result.resultUrl, tmp, {
        maxBytes: MAX_RESULT_BYTES,
        timeoutMs: 120_000,
        allowHttp: isLoopbackUrl(readEnvironment().upsamplerApiUrl),
      });
      // Local providers wrote the rights packet in their encode; a cloud result gets it
      // spliced in before it is validated (docs/architecture.md "Rights metadata and licence page").
      await addCloudRights(strapi, job, await deps.settings.get(), tmp);
      return finish(job, tmp);
    },
  };
}
