/**
 * The Upsampler callback URL (`/webhooks/upsampler?job=<jobId>&sig=<HMAC>`): the HMAC is
 * given only to Upsampler, for that job, so a call carrying it can only nudge that job
 * (and the worker still confirms with `GET /status/:id` before acting). It is made with
 * the current key and checked against every key of the ring (README "Key rotation"), so
 * a job submitted before a new key was added still gets its callback.
 */
import { createHmac } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { purposeKeys } from '../settings/keys';
import { sameSecret } from '../settings/secret-box';
import { publicApiUrl } from '../settings/urls';

function signatures(strapi: Core.Strapi, jobId: string): string[] {
  const keys = purposeKeys(strapi, 'upsampler-callback');
  if (!keys.length) {
    throw new Error('No key material for callback signatures (set SMI_ENCRYPTION_KEY)');
  }
  return keys.map(({ key }) => createHmac('sha256', key).update(jobId).digest('base64url'));
}

export function callbackUrl(strapi: Core.Strapi, jobId: string): string {
  const [current] = signatures(strapi, jobId);
  return publicApiUrl(strapi, `/webhooks/upsampler?job=${jobId}&sig=${current}`);
}

export function isValidCallback(strapi: Core.Strapi, jobId: string, signature: string): boolean {
  if (signature === '') return false;
  return signatures(strapi, jobId).some((expected) => sameSecret(signature, expected));
}
