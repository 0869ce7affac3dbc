/**
 * The link to a cart order's ZIP (`GET /api/sell-my-images/orders/:orderId/zip?token=`,
 * docs/architecture.md "Previews, cart and purchases"): the token is the link's expiry and an
 * HMAC of the order id and that expiry with the `order-zip` purpose key, so it expires with
 * the order's download links and an order id alone opens nothing. Every key of the ring
 * verifies (README "Key rotation"); the current one signs.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { purposeKey, purposeKeys } from '../settings/keys';
import { publicApiUrl } from '../settings/urls';

const PURPOSE = 'order-zip';

/** `<expiry in ms, base 36>.<43 base64url characters>`. */
export const ORDER_ZIP_TOKEN = /^[0-9a-z]{1,12}\.[A-Za-z0-9_-]{43}$/;

const sign = (key: Buffer, orderId: string, expiresMs: number) =>
  createHmac('sha256', key).update(`${orderId}:${expiresMs}`).digest('base64url');

/** The token of an order's ZIP valid until `expiresAt`; null without key material. */
export function orderZipToken(
  strapi: Core.Strapi,
  orderId: string,
  expiresAt: Date,
): string | null {
  const key = purposeKey(strapi, PURPOSE);
  const expiresMs = expiresAt.getTime();
  return key ? `${expiresMs.toString(36)}.${sign(key, orderId, expiresMs)}` : null;
}

/** The ZIP's address, or null without key material. */
export function orderZipUrl(strapi: Core.Strapi, orderId: string, expiresAt: Date): string | null {
  const token = orderZipToken(strapi, orderId, expiresAt);
  if (!token) return null;
  const query = new URLSearchParams({ token });
  return `${publicApiUrl(strapi, `/orders/${orderId}/zip`)}?${query.toString()}`;
}

/**
 * What a token says about `orderId`: `invalid` (malformed, or signed for another order or
 * expiry: compared in constant time with every key of the ring), `expired`, or its expiry.
 */
export function readOrderZipToken(
  strapi: Core.Strapi,
  orderId: string,
  token: string,
  now = Date.now(),
): 'invalid' | 'expired' | { expiresAt: Date } {
  if (!ORDER_ZIP_TOKEN.test(token)) return 'invalid';
  const [stamp = '', signature = ''] = token.split('.');
  const expiresMs = parseInt(stamp, 36);
  if (!Number.isSafeInteger(expiresMs)) return 'invalid';
  const given = Buffer.from(signature);
  const valid = purposeKeys(strapi, PURPOSE).some(({ key }) => {
    const expected = Buffer.from(sign(key, orderId, expiresMs));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!valid) return 'invalid';
  return expiresMs <= now ? 'expired' : { expiresAt: new Date(expiresMs) };
}
