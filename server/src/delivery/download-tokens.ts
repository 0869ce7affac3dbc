import { createHash, createHmac } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { purposeKey } from '../settings/keys';
import { publicApiUrl } from '../settings/urls';

/**
 * Download tokens: 256 bits, derived as HMAC(server key, jobId + expiry), so the
 * database holds only their SHA-256 (a leaked table opens no download) while the
 * server can show the buyer's link again on the status page. A new link (new expiry)
 * is a new token; the old one stops working because its hash no longer matches.
 */
export function downloadToken(strapi: Core.Strapi, jobId: string, expiresAt: Date): string {
  const key = purposeKey(strapi, 'download-token');
  if (!key) throw new Error('No key material for download tokens (set SMI_ENCRYPTION_KEY)');
  return createHmac('sha256', key).update(`${jobId}:${expiresAt.getTime()}`).digest('base64url');
}

/** The link a buyer downloads with (e-mails, the status answer, the admin's new link). */
export function downloadUrl(strapi: Core.Strapi, jobId: string, expiresAt: Date): string {
  return publicApiUrl(strapi, `/downloads/${downloadToken(strapi, jobId, expiresAt)}`);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A token is 43 base64url characters (32 bytes); anything else is not looked up. */
export function isTokenShaped(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
