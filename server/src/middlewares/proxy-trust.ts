/**
 * Rate limits count per visitor address (docs/architecture.md "Security model"), and
 * behind a reverse proxy Koa sees the visitor's address only if Strapi trusts the proxy:
 * `server.proxy.koa` (read by Strapi 5 from config/server, with `maxIpsCount` and
 * `ipHeader`). This tells the site owner, once, when the setting is missing or forgeable.
 */

/** What the check reads of a Koa context. */
export interface ProxyView {
  app: { proxy: boolean; maxIpsCount: number; proxyIpHeader: string };
  get(header: string): string;
}

const SETTING =
  'set `proxy: { koa: true, maxIpsCount: 1 }` in config/server (maxIpsCount: the number of proxies in front of Strapi; see the plugin\'s README, "Rate limits")';

export type ProxyWarning = 'proxy-off' | 'forgeable';

/** Which warning a request calls for, if any: its id and the log line. */
export function proxyTrustProblem(ctx: ProxyView): { id: ProxyWarning; message: string } | null {
  if (!ctx.app.proxy) {
    if (!ctx.get('x-forwarded-for')) return null;
    return {
      id: 'proxy-off',
      message: `[sell-my-images] requests carry X-Forwarded-For but Strapi does not trust a proxy (server.proxy.koa is off): every visitor behind the proxy shares one rate-limit budget; ${SETTING}`,
    };
  }
  // Koa takes the leftmost entry unless maxIpsCount says how many entries the proxies wrote.
  const forwarded = ctx.get(ctx.app.proxyIpHeader);
  if (ctx.app.maxIpsCount > 0 || !forwarded.includes(',')) return null;
  return {
    id: 'forgeable',
    message: `[sell-my-images] server.proxy.koa is on but server.proxy.maxIpsCount is not set: the visitor's address is read from the left of ${ctx.app.proxyIpHeader}, which a visitor can forge to escape rate limits; ${SETTING}`,
  };
}
