import { createHmac } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { deriveKey } from './secret-box';
import { readEnvironment } from './environment';

/**
 * The plugin's key material: SMI_ENCRYPTION_KEY, else the app's own secrets
 * (admin.secrets.encryptionKey, then server.app.keys). Each use derives its own key.
 */
function keyMaterial(strapi: Core.Strapi): string | null {
  const material =
    readEnvironment().encryptionKey ??
    (strapi.config.get('admin.secrets.encryptionKey') as string | undefined) ??
    ((strapi.config.get('server.app.keys') as string[] | undefined) ?? []).join(',');
  return material || null;
}

/** A 32-byte key for one purpose ('settings-secrets', 'visitor-hash', …), or null without material. */
export function purposeKey(strapi: Core.Strapi, purpose: string): Buffer | null {
  const material = keyMaterial(strapi);
  return material ? deriveKey(`sell-my-images:${purpose}:${material}`) : null;
}

/** A salted hash of IP + user agent, for unique-visitor counts without storing an IP. */
export function visitorHash(strapi: Core.Strapi, ip: string, userAgent: string): string | null {
  const key = purposeKey(strapi, 'visitor-hash');
  return key ? createHmac('sha256', key).update(`${ip}|${userAgent}`).digest('hex') : null;
}
