/**
 * The link to an order's licence page (`GET /api/sell-my-images/licence?order=<jobId>&sig=`):
 * permanent, so the buyer can show the licence years later, and signed, so a job id alone
 * does not open it. The signature is an HMAC of the job id with the `licence-link` purpose
 * key; every key of the ring verifies (docs/architecture.md "Security model").
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { purposeKey, purposeKeys } from '../settings/keys';
import { publicApiUrl } from '../settings/urls';

const PURPOSE = 'licence-link';

const sign = (key: Buffer, jobId: string) =>
  createHmac('sha256', key).update(jobId).digest('base64url');

/** The signature of a job's licence page, or null without key material. */
export function licenceSignature(strapi: Core.Strapi, jobId: string): string | null {
  const key = purposeKey(strapi, PURPOSE);
  return key ? sign(key, jobId) : null;
}

/** Whether `signature` opens the licence page of `jobId` (any key of the ring). */
export function verifyLicenceSignature(
  strapi: Core.Strapi,
  jobId: string,
  signature: string,
): boolean {
  const given = Buffer.from(signature);
  return purposeKeys(strapi, PURPOSE).some(({ key }) => {
    const expected = Buffer.from(sign(key, jobId));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

/** The licence page of a job that has a licence; null without one (or without key material). */
export function licencePageUrl(
  strapi: Core.Strapi,
  job: { jobId: string; licenceId: string | null },
): string | null {
  if (!job.licenceId) return null;
  const signature = licenceSignature(strapi, job.jobId);
  if (!signature) return null;
  const query = new URLSearchParams({ order: job.jobId, sig: signature });
  return `${publicApiUrl(strapi, '/licence')}?${query.toString()}`;
}
