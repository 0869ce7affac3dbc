import type { SaleState } from '../../../../shared/contracts/media';
import type { NotForSaleReason } from '../../../../shared/contracts/prices';
import type { SaleMode } from '../../../../shared/contracts/settings';

/** Reasons a rule cannot change: the file is not a sellable image whatever the switch says. */
const FIXED_REASONS: ReadonlySet<NotForSaleReason> = new Set(['not_an_image', 'too_small']);

/**
 * Whether a per-image switch means anything: in sale mode `all` every eligible image
 * is sold whatever its rule, and files that are not sellable images stay unsellable.
 */
export function canSwitch(mode: SaleMode, state: SaleState): boolean {
  return mode !== 'all' && !(state.reason && FIXED_REASONS.has(state.reason));
}

/** Message key of a not-for-sale reason (translations `media.reason.*`). */
export const reasonKey = (reason: NotForSaleReason): string => `media.reason.${reason}`;
