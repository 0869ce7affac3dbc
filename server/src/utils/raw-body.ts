import type { Context } from 'koa';

/**
 * Where the exact bytes of a webhook request are kept. Signature checks (Stripe's
 * `t=…,v1=HMAC`, the Upsampler URL HMAC) must run over the bytes as they arrived,
 * never over re-serialised JSON.
 */
export const RAW_BODY = Symbol.for('sell-my-images.rawBody');

type WithRawBody = { [RAW_BODY]?: Buffer };

export function setRawBody(ctx: Context, body: Buffer): void {
  (ctx.request as unknown as WithRawBody)[RAW_BODY] = body;
}

export function getRawBody(ctx: Context): Buffer | undefined {
  return (ctx.request as unknown as WithRawBody)[RAW_BODY];
}
