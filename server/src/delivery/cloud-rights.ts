/**
 * The rights packet of a cloud upscaler's result (docs/architecture.md "Rights metadata and
 * licence page"): the provider wrote the file, so the packet is spliced into it (JPEG, PNG)
 * without decoding it. The original's owner is read from its header when it is on this
 * server's disk. Best effort: a packet that cannot be written never holds a paid delivery.
 */
import type { Core } from '@strapi/strapi';
import sharp, { type Metadata } from 'sharp';
import type { Job } from '../jobs/repository';
import { findMediaFile, localPathOf } from '../media/files';
import type { Settings } from '../../../shared/contracts/settings';
import { originalCredits, rightsXmp } from '../upscalers/rights-xmp';
import { ownershipTags } from '../upscalers/sale-metadata';
import { saleRightsOf } from './rights-metadata';
import { embedXmp } from './xmp-embed';

async function originalMetadata(strapi: Core.Strapi, job: Job): Promise<Partial<Metadata>> {
  const file = job.fileId === null ? null : await findMediaFile(strapi, String(job.fileId));
  const local = file ? localPathOf(strapi, file) : undefined;
  // Header only: nothing of the image is decoded.
  return local ? sharp(local, { limitInputPixels: false }).metadata() : {};
}

/** Writes the job's rights packet into the downloaded result at `file`: whether it could. */
export async function addCloudRights(
  strapi: Core.Strapi,
  job: Job,
  settings: Pick<Settings, 'siteName' | 'rightsMetadataIncludesBuyer'>,
  file: string,
): Promise<boolean> {
  try {
    const original = await originalMetadata(strapi, job).catch(() => ({}) as Partial<Metadata>);
    const credits = originalCredits(original, ownershipTags(original.exif));
    return await embedXmp(file, rightsXmp(saleRightsOf(strapi, job, settings), credits));
  } catch (error) {
    strapi.log.warn(
      `[sell-my-images] job ${job.jobId}: rights metadata not written: ${(error as Error).message}`,
    );
    return false;
  }
}
