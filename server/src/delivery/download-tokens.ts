import { createHash, createHmac } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Job } from '../jobs/repository';
import { purposeKeys } from '../settings/keys';
import { publicApiUrl } from '../settings/urls';

/**
 * Download tokens: 256 bits, derived as HMAC(server key, jobId + expiry), so the
 * database holds only their SHA-256 (a leaked table opens no download) while the
 * server can show the buyer's link again on the status page. A new link (new expiry)
 * is a new token; the old one stops working because its hash no longer matches.
 *
 * Key rotation (README "Key rotation"): a download is looked up by the token's hash, so
 * a link keeps working whatever the keys; a token is made with the current (first) key,
 * and shown again with whichever key of the ring made the stored hash. The token stays
 * 43 characters and carries no key id: the stored hash already tells which key made it.
 */
function tokens(strapi: Core.Strapi, jobId: string, expiresAt: Date): string[] {
  const keys = purposeKeys(strapi, 'download-token');
  if (!keys.length) throw new Error('No key material for download tokens (set SMI_ENCRYPTION_KEY)');
  const message = `${jobId}:${expiresAt.getTime()}`;
  return keys.map(({ key }) => createHmac('sha256', key).update(message).digest('base64url'));
}

/** A new token, made with the current key (its hash is what the job stores). */
export function downloadToken(strapi: Core.Strapi, jobId: string, expiresAt: Date): string {
  return tokens(strapi, jobId, expiresAt)[0] as string;
}

/**
 * The token of a job's link: the one of the key whose token matches the job's stored hash;
 * the current key's for a link being issued (the job in hand does not hold the new hash yet).
 */
export function linkToken(
  strapi: Core.Strapi,
  job: Pick<Job, 'jobId' | 'downloadTokenHash'>,
  expiresAt: Date,
): string {
  const candidates = tokens(strapi, job.jobId, expiresAt);
  return (
    candidates.find((candidate) => hashToken(candidate) === job.downloadTokenHash) ??
    (candidates[0] as string)
  );
}

/** The link a buyer downloads with (e-mails, the status answer). */
export function downloadUrl(
  strapi: Core.Strapi,
  job: Pick<Job, 'jobId' | 'downloadTokenHash'>,
  expiresAt: Date,
): string {
  return publicApiUrl(strapi, `/downloads/${linkToken(strapi, job, expiresAt)}`);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A token is 43 base64url characters (32 bytes); anything else is not looked up. */
export function isTokenShaped(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
