import type { NotForSaleReason, SaleMode, SaleState } from './types';

/** Reasons a rule cannot change: the file is not a sellable image whatever the switch says. */
const FIXED_REASONS: ReadonlySet<NotForSaleReason> = new Set(['not_an_image', 'too_small']);

/**
 * Whether a per-image switch means anything: in sale mode `all` every eligible image
 * is sold whatever its rule, and files that are not sellable images stay unsellable.
 */
export function canSwitch(mode: SaleMode, state: SaleState): boolean {
  return mode !== 'all' && !(state.reason && FIXED_REASONS.has(state.reason));
}

/** The state the server will answer after setting the rule to `forSale` (for the optimistic update). */
export function stateAfterRule(mode: SaleMode, forSale: boolean): SaleState {
  if (forSale) return { rule: true, forSale: true };
  return { rule: false, forSale: false, reason: mode === 'opt-in' ? 'not_opted_in' : 'opted_out' };
}

/** Message key of a not-for-sale reason (translations `media.reason.*`). */
export const reasonKey = (reason: NotForSaleReason): string => `media.reason.${reason}`;

/** Local media URLs are relative (`/uploads/…`): the panel may be served from another origin in development. */
export function mediaSrc(url: string): string {
  if (/^(https?:|data:|blob:)/i.test(url) || url.startsWith('//')) return url;
  const backend = (window as { strapi?: { backendURL?: string } }).strapi?.backendURL ?? '';
  return `${backend.replace(/\/$/, '')}${url}`;
}
