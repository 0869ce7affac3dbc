/**
 * The Lanczos-3 enlargement of "8x = ESRGAN 4x + Lanczos 2x": weights, agreement with a
 * direct (non-separable, double precision) evaluation of the Lanczos formula, constant
 * images kept, exact sizes, and the property the per-tile use relies on: enlarging a
 * region with ≥ 3 pixels of context and keeping its centre equals cropping the
 * whole-image enlargement (at the image border too).
 */
import fc from 'fast-check';
import sharp from 'sharp';
import { lanczosEnlarge, lanczosTaps } from '../../server/src/upscalers/local-ai/lanczos';

function lanczos3(x: number): number {
  if (x === 0) return 1;
  if (Math.abs(x) >= 3) return 0;
  return (3 * Math.sin(Math.PI * x) * Math.sin((Math.PI * x) / 3)) / (Math.PI * Math.PI * x * x);
}

/** Straight from the definition: every output pixel from the 2-D kernel over all input pixels (edges repeated). */
function reference(rgb: Uint8Array, width: number, height: number, factor: number): Uint8Array {
  const out = new Uint8Array(width * factor * height * factor * 3);
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  for (let y = 0; y < height * factor; y++) {
    const sy = (y + 0.5) / factor - 0.5;
    for (let x = 0; x < width * factor; x++) {
      const sx = (x + 0.5) / factor - 0.5;
      const acc = [0, 0, 0];
      let norm = 0;
      for (let j = Math.floor(sy) - 3; j <= Math.floor(sy) + 4; j++) {
        const wy = lanczos3(j - sy);
        if (wy === 0) continue;
        for (let i = Math.floor(sx) - 3; i <= Math.floor(sx) + 4; i++) {
          const w = wy * lanczos3(i - sx);
          if (w === 0) continue;
          const p = (clamp(j, height - 1) * width + clamp(i, width - 1)) * 3;
          for (let c = 0; c < 3; c++) acc[c]! += w * rgb[p + c]!;
          norm += w;
        }
      }
      for (let c = 0; c < 3; c++)
        out[(y * width * factor + x) * 3 + c] = Math.min(
          255,
          Math.max(0, Math.round(acc[c]! / norm)),
        );
    }
  }
  return out;
}

const image = (width: number, height: number, seed: number) => {
  const rgb = new Uint8Array(width * height * 3);
  let s = seed;
  for (let i = 0; i < rgb.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    rgb[i] = i % 7 === 0 ? 255 : s & 255; // noise with hard highlights: overshoot gets clamped
  }
  return rgb;
};

const maxDifference = (a: Uint8Array, b: Uint8Array) =>
  a.reduce((max, v, i) => Math.max(max, Math.abs(v - b[i]!)), 0);

function crop(
  rgb: Uint8Array,
  width: number,
  x: number,
  y: number,
  w: number,
  h: number,
): Uint8Array {
  const out = new Uint8Array(w * h * 3);
  for (let row = 0; row < h; row++)
    out.set(
      rgb.subarray(((y + row) * width + x) * 3, ((y + row) * width + x + w) * 3),
      row * w * 3,
    );
  return out;
}

describe('lanczosTaps', () => {
  it('gives each phase six weights summing to 1, mirrored between phases', () => {
    for (const factor of [2, 3, 4]) {
      const taps = lanczosTaps(factor);
      expect(taps.count).toBe(6);
      for (let phase = 0; phase < factor; phase++) {
        const weights = Array.from(taps.weights.subarray(phase * 6, phase * 6 + 6));
        expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
        // The mirrored phase weighs the mirrored input positions alike (a tap outside its window weighs 0).
        const mirror = factor - 1 - phase;
        weights.forEach((w, t) => {
          const index = -(taps.first[phase]! + t) - taps.first[mirror]!;
          expect(index >= 0 && index < 6 ? taps.weights[mirror * 6 + index]! : 0).toBeCloseTo(w, 6);
        });
      }
    }
    expect(() => lanczosTaps(0)).toThrow(RangeError);
    expect(() => lanczosTaps(1.5)).toThrow(RangeError);
  });
});

describe('lanczosEnlarge', () => {
  it('agrees with the Lanczos-3 formula evaluated directly (within 1 level, rounding of float32)', () => {
    for (const [width, height, factor] of [
      [9, 7, 2],
      [5, 11, 3],
      [4, 4, 4],
      [1, 3, 2],
    ] as const) {
      const rgb = image(width, height, width * 31 + height);
      const fast = lanczosEnlarge(rgb, width, height, factor);
      expect(fast.length).toBe(width * factor * height * factor * 3);
      expect(maxDifference(fast, reference(rgb, width, height, factor))).toBeLessThanOrEqual(1);
    }
  });

  it('keeps a flat colour flat and returns a copy at factor 1', () => {
    const flat = new Uint8Array(6 * 5 * 3).fill(0).map((_, i) => [200, 30, 90][i % 3]!);
    const out = lanczosEnlarge(flat, 6, 5, 2);
    expect(out.every((v, i) => v === [200, 30, 90][i % 3])).toBe(true);
    const same = lanczosEnlarge(flat, 6, 5, 1);
    expect(same).toEqual(flat);
    expect(same).not.toBe(flat);
    expect(() => lanczosEnlarge(flat, 6, 6, 2)).toThrow(RangeError);
  });

  it('per region with 3 pixels of context equals the whole-image result (tiles, borders included)', () => {
    fc.assert(
      fc.property(
        fc
          .record({
            width: fc.integer({ min: 1, max: 40 }),
            height: fc.integer({ min: 1, max: 40 }),
            seed: fc.integer({ min: 0, max: 1e6 }),
          })
          .chain((dims) =>
            fc.record({
              dims: fc.constant(dims),
              x: fc.integer({ min: 0, max: dims.width - 1 }),
              y: fc.integer({ min: 0, max: dims.height - 1 }),
              w: fc.integer({ min: 1, max: dims.width }),
              h: fc.integer({ min: 1, max: dims.height }),
            }),
          ),
        ({ dims: { width, height, seed }, x, y, w: askedW, h: askedH }) => {
          const w = Math.min(askedW, width - x);
          const h = Math.min(askedH, height - y);
          const rgb = image(width, height, seed);
          const whole = lanczosEnlarge(rgb, width, height, 2);
          // The region with its context, clipped at the image border (as tiles are).
          const rx = Math.max(0, x - 3);
          const ry = Math.max(0, y - 3);
          const rw = Math.min(width, x + w + 3) - rx;
          const rh = Math.min(height, y + h + 3) - ry;
          const part = lanczosEnlarge(crop(rgb, width, rx, ry, rw, rh), rw, rh, 2);
          const centre = crop(part, rw * 2, (x - rx) * 2, (y - ry) * 2, w * 2, h * 2);
          expect(centre).toEqual(crop(whole, width * 2, x * 2, y * 2, w * 2, h * 2));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('is not what libvips does when asked for Lanczos (bicubic when enlarging)', async () => {
    const width = 24;
    const height = 16;
    const rgb = image(width, height, 7);
    const ours = lanczosEnlarge(rgb, width, height, 2);
    const vips = await sharp(Buffer.from(rgb), { raw: { width, height, channels: 3 } })
      .resize(width * 2, height * 2, { kernel: 'lanczos3' })
      .raw()
      .toBuffer();
    const cubic = await sharp(Buffer.from(rgb), { raw: { width, height, channels: 3 } })
      .resize(width * 2, height * 2, { kernel: 'cubic' })
      .raw()
      .toBuffer();
    // libvips gives the same pixels for both kernels; ours differs from them.
    expect(maxDifference(new Uint8Array(vips), new Uint8Array(cubic))).toBeLessThanOrEqual(1);
    expect(maxDifference(ours, new Uint8Array(vips))).toBeGreaterThan(10);
  });
});
