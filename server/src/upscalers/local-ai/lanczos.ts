/**
 * Lanczos-3 enlargement by a whole factor, for "8x = ESRGAN 4x + Lanczos 2x".
 *
 * libvips (sharp) cannot do it: its resize enlarges with a bicubic interpolator whatever
 * kernel is asked for (the kernel only applies to reductions). So it is done here, on
 * interleaved RGB bytes, separably (rows, then columns), with libvips' pixel-centre
 * convention (output pixel j samples input position (j + 0.5) / factor − 0.5) and edge
 * pixels repeated beyond the border.
 *
 * It runs per tile in the inference threads, on the model's output for the tile and its
 * context: a Lanczos-3 output pixel reads 3 input pixels each side, which the tile's
 * context (≥ 1 input pixel, so ≥ `modelScale` pixels of model output) always covers, and
 * at the image border the tile ends where the image ends, so the repeated edge pixels are
 * the same. The tiled result is therefore exactly the whole-image result (tested).
 */

const LOBES = 3;

function lanczos(x: number): number {
  if (x === 0) return 1;
  if (x <= -LOBES || x >= LOBES) return 0;
  const px = Math.PI * x;
  return (LOBES * Math.sin(px) * Math.sin(px / LOBES)) / (px * px);
}

interface LanczosTaps {
  factor: number;
  /** Taps per output pixel. */
  count: number;
  /** Per phase (output index mod factor): the first input offset, relative to floor(j / factor). */
  first: Int32Array;
  /** Per phase, `count` weights summing to 1. */
  weights: Float32Array;
}

/** The weights of each of the `factor` output phases. */
export function lanczosTaps(factor: number): LanczosTaps {
  if (!Number.isInteger(factor) || factor < 1 || factor > 16)
    throw new RangeError(`Lanczos factor must be a whole number from 1 to 16, got ${factor}`);
  const count = 2 * LOBES;
  const first = new Int32Array(factor);
  const weights = new Float32Array(factor * count);
  for (let phase = 0; phase < factor; phase++) {
    // Position of the output pixel relative to its input pixel i = floor(j / factor): in (−0.5, 0.5).
    const offset = (phase + 0.5) / factor - 0.5;
    const start = Math.floor(offset) - LOBES + 1;
    first[phase] = start;
    let sum = 0;
    for (let t = 0; t < count; t++) sum += lanczos(start + t - offset);
    for (let t = 0; t < count; t++) weights[phase * count + t] = lanczos(start + t - offset) / sum;
  }
  return { factor, count, first, weights };
}

const clampIndex = (value: number, max: number) => (value < 0 ? 0 : value > max ? max : value);

/**
 * `rgb` (width × height, 3 bytes per pixel) enlarged `factor` times in both directions
 * with Lanczos-3, rounded and clamped to bytes. Factor 1 returns a copy.
 */
export function lanczosEnlarge(
  rgb: Uint8Array,
  width: number,
  height: number,
  factor: number,
): Uint8Array {
  if (rgb.length !== width * height * 3)
    throw new RangeError(
      `Expected ${width * height * 3} bytes for ${width}×${height} RGB, got ${rgb.length}`,
    );
  if (factor === 1) return rgb.slice();
  const taps = lanczosTaps(factor);
  const { count, first, weights } = taps;
  const outWidth = width * factor;
  const outHeight = height * factor;

  // Rows: height × outWidth, in floats (the columns pass rounds once, at the end).
  const rows = new Float32Array(height * outWidth * 3);
  const columnIndex = new Int32Array(outWidth * count);
  for (let x = 0; x < outWidth; x++) {
    const phase = x % factor;
    const base = Math.floor(x / factor) + (first[phase] as number);
    for (let t = 0; t < count; t++)
      columnIndex[x * count + t] = clampIndex(base + t, width - 1) * 3;
  }
  for (let y = 0; y < height; y++) {
    const inRow = y * width * 3;
    const outRow = y * outWidth * 3;
    for (let x = 0; x < outWidth; x++) {
      const w = (x % factor) * count;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let t = 0; t < count; t++) {
        const weight = weights[w + t] as number;
        const i = inRow + (columnIndex[x * count + t] as number);
        r += weight * (rgb[i] as number);
        g += weight * (rgb[i + 1] as number);
        b += weight * (rgb[i + 2] as number);
      }
      const o = outRow + x * 3;
      rows[o] = r;
      rows[o + 1] = g;
      rows[o + 2] = b;
    }
  }

  // Columns: outHeight × outWidth bytes.
  const output = new Uint8ClampedArray(outHeight * outWidth * 3);
  const rowStride = outWidth * 3;
  const sourceRows = new Int32Array(count);
  for (let y = 0; y < outHeight; y++) {
    const phase = y % factor;
    const base = Math.floor(y / factor) + (first[phase] as number);
    for (let t = 0; t < count; t++) sourceRows[t] = clampIndex(base + t, height - 1) * rowStride;
    const w = phase * count;
    const outRow = y * rowStride;
    for (let i = 0; i < rowStride; i++) {
      let value = 0;
      for (let t = 0; t < count; t++)
        value += (weights[w + t] as number) * (rows[(sourceRows[t] as number) + i] as number);
      output[outRow + i] = value; // clamped and rounded (half to even) by the array
    }
  }
  return new Uint8Array(output.buffer);
}
