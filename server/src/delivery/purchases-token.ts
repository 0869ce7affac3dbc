/**
 * The link of a "My purchases" e-mail (docs/architecture.md "Previews, cart and purchases",
 * "Security model"): `GET /purchases?token=`. The token is the buyer's normalized address,
 * language and expiry sealed with AES-256-GCM under the `purchases-link` purpose key of
 * the ring: authenticated like a signature, and the address is not readable in the URL
 * (logs, history). The current key seals; every key of the ring opens.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { PURCHASES_LINK_MINUTES } from '../../../shared/contracts/purchases';
import { purposeKey, purposeKeys } from '../settings/keys';
import { publicApiUrl } from '../settings/urls';

const PURPOSE = 'purchases-link';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface PurchasesGrant {
  /** Trimmed, lower case. */
  email: string;
  language: 'en' | 'fr';
  expiresAt: Date;
}

/** What a token says: the grant, `expired` (authentic but too old), or `invalid`. */
export type OpenedToken =
  | { ok: true; grant: PurchasesGrant }
  | { ok: false; reason: 'expired'; language: 'en' | 'fr' }
  | { ok: false; reason: 'invalid' };

export const languageOf = (locale: string | null | undefined): 'en' | 'fr' =>
  locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';

/** A new grant for `email` valid `PURCHASES_LINK_MINUTES` from `now`. */
export function grantFor(
  email: string,
  locale: string | undefined,
  now = Date.now(),
): PurchasesGrant {
  return {
    email: email.trim().toLowerCase(),
    language: languageOf(locale),
    expiresAt: new Date(now + PURCHASES_LINK_MINUTES * 60_000),
  };
}

export function sealGrant(strapi: Core.Strapi, grant: PurchasesGrant): string {
  const key = purposeKey(strapi, PURPOSE);
  if (!key) throw new Error('No key material for purchases links (set SMI_ENCRYPTION_KEY)');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const plain = `${grant.expiresAt.getTime()}:${grant.language}:${grant.email}`;
  const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

function unseal(key: Buffer, box: Buffer): string | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, box.subarray(0, IV_BYTES));
    decipher.setAuthTag(box.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const data = box.subarray(IV_BYTES + TAG_BYTES);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** Opens a token with any key of the ring; never throws. */
export function openGrant(strapi: Core.Strapi, token: string, now = Date.now()): OpenedToken {
  if (!/^[A-Za-z0-9_-]{40,700}$/.test(token)) return { ok: false, reason: 'invalid' };
  const box = Buffer.from(token, 'base64url');
  if (box.length <= IV_BYTES + TAG_BYTES) return { ok: false, reason: 'invalid' };
  for (const { key } of purposeKeys(strapi, PURPOSE)) {
    const plain = unseal(key, box);
    if (plain === null) continue;
    const match = /^(\d+):(en|fr):(.+)$/s.exec(plain);
    if (!match) return { ok: false, reason: 'invalid' };
    const expiresAt = new Date(Number(match[1]));
    const language = match[2] as 'en' | 'fr';
    if (expiresAt.getTime() <= now) return { ok: false, reason: 'expired', language };
    return { ok: true, grant: { expiresAt, language, email: match[3] as string } };
  }
  return { ok: false, reason: 'invalid' };
}

/** The purchases page of a sealed grant. */
export const purchasesPageUrl = (strapi: Core.Strapi, token: string): string =>
  `${publicApiUrl(strapi, '/purchases')}?token=${encodeURIComponent(token)}`;
