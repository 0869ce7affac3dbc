import { createHash, createHmac } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { LRUCache } from 'lru-cache';
import { readEnvironment } from './environment';
import { keyRing, parseEncryptionKeys, requireEncryptionKeyInProduction } from './key-ring';
import { deriveKey } from './secret-box';

/** A 32-byte key for one purpose, and the id of the ring key it comes from. */
export interface PurposeKey {
  id: string;
  key: Buffer;
}

/** The app's own secrets: admin.secrets.encryptionKey, else server.app.keys. */
function appMaterial(strapi: Core.Strapi): string | null {
  const material =
    (strapi.config.get('admin.secrets.encryptionKey') as string | undefined) ??
    ((strapi.config.get('server.app.keys') as string[] | undefined) ?? []).join(',');
  return material || null;
}

/**
 * The keys for one purpose ('settings-secrets', 'download-token', …), one per key of the
 * ring (settings/key-ring): the first encrypts and signs, all decrypt and verify. Each
 * purpose derives its own keys from the secrets, the same way whatever the secret's id.
 */
export function purposeKeys(strapi: Core.Strapi, purpose: string): PurposeKey[] {
  return keyRing(appMaterial(strapi)).map(({ id, material }) => ({
    id,
    key: derive(purpose, material),
  }));
}

/**
 * Derived keys, kept: the derivation runs for every signed link and callback, and its
 * inputs (purpose and ring key) change only with the configuration.
 */
const derived = new LRUCache<string, Buffer>({ max: 64 });

function derive(purpose: string, material: string): Buffer {
  const input = `sell-my-images:${purpose}:${material}`;
  let key = derived.get(input);
  if (!key) {
    key = deriveKey(input);
    derived.set(input, key);
  }
  return key;
}

/** The key that signs or encrypts for one purpose now, or null without any key material. */
export function purposeKey(strapi: Core.Strapi, purpose: string): Buffer | null {
  const current = keyRing(appMaterial(strapi))[0];
  return current ? derive(purpose, current.material) : null;
}

/**
 * A salted hash of IP + user agent, for unique-visitor counts without storing an IP. It
 * uses the current key: after a rotation the same visitor hashes differently.
 */
export function visitorHash(strapi: Core.Strapi, ip: string, userAgent: string): string | null {
  const key = purposeKey(strapi, 'visitor-hash');
  return key ? createHmac('sha256', key).update(`${ip}|${userAgent}`).digest('hex') : null;
}

/**
 * The key a rate-limit budget is counted under (README "Several instances"): an HMAC of the
 * address or e-mail, so a shared store (database, Redis) never holds either in clear. It
 * uses the current key, like `visitorHash`; without key material, a plain SHA-256.
 */
export function rateLimitKey(strapi: Core.Strapi, key: string): string {
  const secret = purposeKey(strapi, 'rate-limit-key');
  return (secret ? createHmac('sha256', secret) : createHash('sha256')).update(key).digest('hex');
}

/**
 * The start-up check of the keys (bootstrap): production refuses to start without
 * SMI_ENCRYPTION_KEY; the log names the keys in use (never a secret) and a list typo.
 */
export function checkKeysAtStartup(strapi: Core.Strapi): void {
  requireEncryptionKeyInProduction();
  const value = readEnvironment().encryptionKey;
  const warning = value ? parseEncryptionKeys(value).warning : undefined;
  if (warning) strapi.log.warn(warning);
  if (!value) {
    strapi.log.warn(
      "[sell-my-images] SMI_ENCRYPTION_KEY is not set: secrets and download links use the app's keys (required in production)",
    );
  }
  const ids = keyRing(appMaterial(strapi)).map((key) => key.id);
  strapi.log.info(`[sell-my-images] key ids: ${ids.join(', ')} (the first encrypts and signs)`);
}
