import type { SaleState } from '../../../../shared/contracts/media';
import type { NotForSaleReason } from '../../../../shared/contracts/prices';

/** Reasons a rule cannot change: the file is not a sellable image whatever the switch says. */
const FIXED_REASONS: ReadonlySet<NotForSaleReason> = new Set(['not_an_image', 'too_small']);

/**
 * Whether a per-image switch means anything: it counts in every sale mode (in `all` it
 * sells an image no published entry uses, or keeps a published one off), but files that
 * are not sellable images stay unsellable.
 */
export function canSwitch(state: SaleState): boolean {
  return !(state.reason && FIXED_REASONS.has(state.reason));
}

/** Message key of a not-for-sale reason (translations `media.reason.*`). */
export const reasonKey = (reason: NotForSaleReason): string => `media.reason.${reason}`;
