/**
 * The cart's lines in localStorage (docs/architecture.md "Previews, cart and purchases"): one
 * key per API origin holding each line as `fileId|resolution|licence`, read defensively
 * (anything else is dropped, never sent), each line once, at most `CART_MAX_ITEMS`.
 */
import type { CART_MAX_ITEMS, CartItem } from '../../shared/contracts/cart';

/** `CART_MAX_ITEMS` (the client imports only types from shared/: a changed limit fails here). */
export const MAX_ITEMS: typeof CART_MAX_ITEMS = 20;

/** A line as `POST /cart/quote` takes it: a file id, a resolution, maybe a licence id. */
const LINE = /^[\w-]{1,64}\|\d{1,2}x\|([a-z0-9][a-z0-9-]{0,39})?$/;

/** One cart line's identity: the same file, resolution and licence is the same line. */
export const lineKey = ({ fileId, resolution, licence = '' }: CartItem) =>
  `${fileId}|${resolution}|${licence}`;

/** The stored lines under `key` (none when nothing readable is stored). */
export function loadItems(key: string): CartItem[] {
  try {
    const lines = (JSON.parse(localStorage.getItem(key) || '[]') as unknown[]).filter((line) =>
      LINE.test(`${line}`),
    );
    return [...new Set(lines)].slice(0, MAX_ITEMS).map((line) => {
      const [fileId, resolution, licence] = `${line}`.split('|');
      return { fileId, resolution, ...(licence ? { licence } : {}) };
    });
  } catch {
    // not JSON, not a list, or no storage at all (blocked): an empty cart
    return [];
  }
}

export function saveItems(key: string, items: CartItem[]): void {
  try {
    localStorage.setItem(key, JSON.stringify(items.map(lineKey)));
  } catch {
    // storage full or blocked: the cart lasts as long as the page
  }
}
