/**
 * The rights a sold copy carries, from the job's licence snapshot and the settings
 * (docs/architecture.md "Rights metadata and licence page"). The upscaler writes them as
 * XMP in the encode that makes the result (upscalers/rights-xmp).
 */
import type { Core } from '@strapi/strapi';
import type { Job } from '../jobs/repository';
import type { Settings } from '../../../shared/contracts/settings';
import { publicUrl } from '../settings/urls';
import type { SaleRights } from '../upscalers/rights-xmp';
import { licencePageUrl } from './licence-links';

/** The site as a buyer knows it: the settings' name, else the public URL's host. */
export function siteNameOf(strapi: Core.Strapi, settings: Pick<Settings, 'siteName'>): string {
  return settings.siteName ?? new URL(publicUrl(strapi)).host;
}

/**
 * The rights of a job's copy. Without a licence the copy is still marked (site, order id),
 * without terms or a licence page; the buyer's e-mail only with `rightsMetadataIncludesBuyer`.
 */
export function saleRightsOf(
  strapi: Core.Strapi,
  job: Pick<Job, 'jobId' | 'email' | 'licenceId' | 'licenceName' | 'licenceText'>,
  settings: Pick<Settings, 'siteName' | 'rightsMetadataIncludesBuyer'>,
): SaleRights {
  const licensed = Boolean(job.licenceId && job.licenceName);
  return {
    orderId: job.jobId,
    site: siteNameOf(strapi, settings),
    siteUrl: publicUrl(strapi),
    licenceName: licensed ? job.licenceName : null,
    licenceText: licensed ? job.licenceText : null,
    licenceUrl: licensed ? licencePageUrl(strapi, job) : null,
    licensee: settings.rightsMetadataIncludesBuyer && job.email ? job.email : null,
  };
}
