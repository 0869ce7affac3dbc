/** Guards of the pure computations (pricing, tiling): a bad number is a programming error. */

/** Throws a RangeError unless `value` is a safe integer of at least `min`. */
export function assertInteger(value: number, name: string, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer ≥ ${min}, got ${value}`);
  }
}

/** Throws a RangeError unless both dimensions are whole numbers of pixels. */
export function assertSize(width: number, height: number): void {
  assertInteger(width, 'width', 1);
  assertInteger(height, 'height', 1);
}
