/**
 * The Upsampler callback URL (`/webhooks/upsampler?job=<jobId>&sig=<HMAC>`): the HMAC is
 * given only to Upsampler, for that job, so a call carrying it can only nudge that job
 * (and the worker still confirms with `GET /status/:id` before acting).
 */
import { createHmac } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { purposeKey } from '../settings/keys';
import { sameSecret } from '../settings/secret-box';
import { publicApiUrl } from '../settings/urls';

function callbackSignature(strapi: Core.Strapi, jobId: string): string {
  const key = purposeKey(strapi, 'upsampler-callback');
  if (!key) throw new Error('No key material for callback signatures (set SMI_ENCRYPTION_KEY)');
  return createHmac('sha256', key).update(jobId).digest('base64url');
}

export function callbackUrl(strapi: Core.Strapi, jobId: string): string {
  return publicApiUrl(
    strapi,
    `/webhooks/upsampler?job=${jobId}&sig=${callbackSignature(strapi, jobId)}`,
  );
}

export function isValidCallback(strapi: Core.Strapi, jobId: string, signature: string): boolean {
  return signature !== '' && sameSecret(signature, callbackSignature(strapi, jobId));
}
