/** The plugin's public routes, with errors turned into plain words. */
import type { OrderStatusAnswer } from '../../shared/contracts/cart';
import type { JobStatusAnswer } from '../../shared/contracts/jobs';
import type {
  CheckoutAnswer,
  CheckoutRequest,
  ClickKind,
  ClickRequest,
  PricesAnswer,
} from '../../shared/contracts/prices';
import type { PreviewAnswer } from '../../shared/contracts/previews';
import type { Texts } from './texts';

export class ShopError extends Error {}

/**
 * The plugin's routes at `base` (where Strapi answers, no trailing slash) under Strapi's
 * REST prefix (`api.rest.prefix`, `/api` unless the site changed it).
 */
export function createApi(base: string, texts: Texts, prefix = '/api') {
  const url = (path: string) => `${base}${prefix}/sell-my-images${path}`;

  async function call<T>(path: string, init?: RequestInit): Promise<T> {
    let res: Response;
    try {
      res = await fetch(url(path), { ...init, headers: { 'content-type': 'application/json' } });
    } catch {
      throw new ShopError(texts.network);
    }
    if (res.ok) return (res.status === 204 ? undefined : await res.json()) as T;
    if (res.status === 429) throw new ShopError(texts.rateLimited);
    if (res.status === 403 || res.status === 404) throw new ShopError(texts.notForSale);
    let message = texts.failed;
    try {
      const body = await res.json();
      if (res.status < 500 && body?.error?.message) message = body.error.message;
    } catch {
      // not JSON: keep the generic message
    }
    throw new ShopError(message);
  }

  const post = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body) });

  return {
    prices: (fileId: string) => call<PricesAnswer>(`/prices?fileId=${encodeURIComponent(fileId)}`),
    checkout: (body: CheckoutRequest) => call<CheckoutAnswer>('/checkout', post(body)),
    preview: (fileId: string, resolution: string) =>
      call<PreviewAnswer>(
        `/previews?fileId=${encodeURIComponent(fileId)}&resolution=${encodeURIComponent(resolution)}`,
      ),
    click: (fileId: string, sourcePage: string, kind?: ClickKind) => {
      // never in the visitor's way
      fetch(url('/clicks'), {
        ...post({ fileId, sourcePage, ...(kind ? { kind } : {}) } satisfies ClickRequest),
        headers: { 'content-type': 'application/json' },
        keepalive: true,
      }).catch(() => undefined);
    },
    job: (jobId: string, session: string) =>
      call<JobStatusAnswer>(
        `/jobs/${encodeURIComponent(jobId)}?session=${encodeURIComponent(session)}`,
      ),
    /** A cart's return: every line's status (and the ZIP once a line is delivered). */
    order: (orderId: string, session: string) =>
      call<OrderStatusAnswer>(
        `/orders/${encodeURIComponent(orderId)}?session=${encodeURIComponent(session)}`,
      ),
    /** Any other JSON POST (the cart's routes, client/src/cart-dialog.ts), errors as above. */
    send: <T>(path: string, body: unknown) => call<T>(path, post(body)),
  };
}

export type Api = ReturnType<typeof createApi>;
