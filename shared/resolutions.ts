/** Resolutions are whole scales written `4x`; the shop offers 2x to 16x. */
export const MIN_SCALE = 2;
export const MAX_SCALE = 16;

/** `'4x'` → 4. Only whole scales from 2x to 16x, without leading zeros; anything else → null. */
export function parseResolution(res: string): number | null {
  const match = /^([1-9]\d?)x$/.exec(res);
  if (!match) return null;
  const scale = Number(match[1]);
  return scale >= MIN_SCALE && scale <= MAX_SCALE ? scale : null;
}

/** Resolutions sorted by scale (`['8x', '4x']` → `['4x', '8x']`). */
export const byScale = (a: string, b: string): number =>
  (parseResolution(a) ?? 0) - (parseResolution(b) ?? 0);
