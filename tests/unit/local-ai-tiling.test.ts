/**
 * local-ai, the pure parts: the tile plan (every pixel covered once, context clipped at
 * the borders, joinable bands), tile extraction and placement, the receptive radius, the
 * folding of "nearest upsampling + 3×3 convolution" and the 8x plans. No TensorFlow.js.
 */
import fc from 'fast-check';
import { foldKernel } from '../../server/src/upscalers/local-ai/esrgan';
import {
  effectiveTileSize,
  receptiveRadius,
  type LayersTopology,
} from '../../server/src/upscalers/local-ai/models';
import { describePlan, planUpscale } from '../../server/src/upscalers/local-ai/plan';
import {
  extractRegion,
  placeTile,
  planTiles,
  processedPixels,
  splitLength,
} from '../../server/src/upscalers/local-ai/tiling';

describe('splitLength', () => {
  it('cuts a length into equal parts of at most max, the last one possibly shorter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 600 }),
        (length, max) => {
          const parts = splitLength(length, max);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(length);
          expect(parts.length).toBe(Math.ceil(length / max));
          expect(Math.max(...parts)).toBeLessThanOrEqual(max);
          expect(new Set(parts.slice(0, -1)).size).toBeLessThanOrEqual(1);
          expect(parts[parts.length - 1]).toBeLessThanOrEqual(parts[0] as number);
        },
      ),
    );
  });

  it('spreads the length instead of leaving a sliver', () => {
    expect(splitLength(257, 256)).toEqual([129, 128]);
    expect(splitLength(600, 256)).toEqual([200, 200, 200]);
    expect(splitLength(100, 256)).toEqual([100]);
  });
});

describe('planTiles', () => {
  const dims = fc.record({
    width: fc.integer({ min: 1, max: 700 }),
    height: fc.integer({ min: 1, max: 700 }),
    // from 4 px: a 1-px tile plan of a 700×700 image is half a million tiles, slow to check and never used
    tileSize: fc.integer({ min: 4, max: 300 }),
    padding: fc.integer({ min: 0, max: 40 }),
  });

  it('covers every pixel exactly once with the tiles own parts', () => {
    fc.assert(
      fc.property(dims, ({ width, height, tileSize, padding }) => {
        const plan = planTiles(width, height, tileSize, padding);
        const hits = new Uint8Array(width * height);
        for (const tile of plan.tiles) {
          for (let y = tile.y; y < tile.y + tile.height; y++)
            for (let x = tile.x; x < tile.x + tile.width; x++) hits[y * width + x]! += 1;
        }
        expect(hits.every((count) => count === 1)).toBe(true);
        expect(plan.tiles).toHaveLength(plan.rows * plan.columns);
      }),
      { numRuns: 200 },
    );
  });

  it('gives each tile its context: `padding` pixels on every side, clipped at the image border', () => {
    fc.assert(
      fc.property(dims, ({ width, height, tileSize, padding }) => {
        const wrong = planTiles(width, height, tileSize, padding).tiles.filter(
          (tile) =>
            tile.inputX !== Math.max(0, tile.x - padding) ||
            tile.inputY !== Math.max(0, tile.y - padding) ||
            tile.inputX + tile.inputWidth !== Math.min(width, tile.x + tile.width + padding) ||
            tile.inputY + tile.inputHeight !== Math.min(height, tile.y + tile.height + padding) ||
            tile.width > tileSize ||
            tile.height > tileSize,
        );
        expect(wrong).toEqual([]);
      }),
    );
  });

  it('lays tiles out in rows of one height each, all rows but the last equally high (joinable bands)', () => {
    fc.assert(
      fc.property(dims, ({ width, height, tileSize, padding }) => {
        const plan = planTiles(width, height, tileSize, padding);
        const heights = new Map<number, Set<number>>();
        for (const tile of plan.tiles)
          heights.set(tile.row, (heights.get(tile.row) ?? new Set()).add(tile.height));
        expect([...heights.values()].every((set) => set.size === 1)).toBe(true);
        const rowHeights = [...heights.values()].map((set) => [...set][0]);
        expect(new Set(rowHeights.slice(0, -1)).size).toBeLessThanOrEqual(1);
        expect(plan.tiles.every((tile, i) => tile.index === i)).toBe(true);
      }),
    );
  });

  it('pads a corner tile only inwards, and counts the processed pixels', () => {
    const plan = planTiles(100, 60, 50, 8);
    expect(
      plan.tiles.map(({ x, y, inputX, inputY, inputWidth, inputHeight }) => [
        x,
        y,
        inputX,
        inputY,
        inputWidth,
        inputHeight,
      ]),
    ).toEqual([
      [0, 0, 0, 0, 58, 38],
      [50, 0, 42, 0, 58, 38],
      [0, 30, 0, 22, 58, 38],
      [50, 30, 42, 22, 58, 38],
    ]);
    expect(processedPixels(plan)).toBe(4 * 58 * 38);
    expect(processedPixels(planTiles(100, 60, 512, 8))).toBe(100 * 60);
  });

  it('refuses sizes that are not positive integers', () => {
    expect(() => planTiles(0, 10, 10, 0)).toThrow(RangeError);
    expect(() => planTiles(10, 10, 10.5, 0)).toThrow(RangeError);
    expect(() => planTiles(10, 10, 10, -1)).toThrow(RangeError);
  });
});

describe('extractRegion + placeTile', () => {
  /** A pixel-wise "model": nearest-neighbour enlargement, which needs no context. */
  function nearest(rgb: Uint8Array, width: number, height: number, scale: number): Uint8Array {
    const out = new Uint8Array(width * scale * height * scale * 3);
    for (let y = 0; y < height * scale; y++) {
      for (let x = 0; x < width * scale; x++) {
        const from = (Math.floor(y / scale) * width + Math.floor(x / scale)) * 3;
        out.set(rgb.subarray(from, from + 3), (y * width * scale + x) * 3);
      }
    }
    return out;
  }

  it('assembles tiles into exactly the whole-image result', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 17 }),
        fc.integer({ min: 0, max: 5 }),
        fc.constantFrom(1, 2, 3),
        (width, height, tileSize, padding, scale) => {
          const rgb = Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 37) % 256);
          const plan = planTiles(width, height, tileSize, padding);
          const whole = new Uint8Array(width * scale * height * scale * 3);
          const bandWidth = width * scale;
          let top = 0;
          for (let row = 0; row < plan.rows; row++) {
            const tiles = plan.tiles.filter((t) => t.row === row);
            const band = new Uint8Array(bandWidth * (tiles[0]!.height * scale) * 3);
            for (const tile of tiles)
              placeTile(
                nearest(extractRegion(rgb, width, tile), tile.inputWidth, tile.inputHeight, scale),
                tile,
                scale,
                band,
                bandWidth,
              );
            whole.set(band, top);
            top += band.length;
          }
          expect(Buffer.from(whole).equals(Buffer.from(nearest(rgb, width, height, scale)))).toBe(
            true,
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('effectiveTileSize', () => {
  it('never exceeds the setting, and caps wider models and 8x (their memory per pixel is larger)', () => {
    for (const model of ['slim', 'medium'] as const) {
      for (const scale of [2, 3, 4, 8] as const) {
        expect(effectiveTileSize(model, scale, 64)).toBe(64);
        expect(effectiveTileSize(model, scale, 512)).toBeLessThanOrEqual(512);
      }
    }
    expect(effectiveTileSize('slim', 8, 512)).toBeLessThan(effectiveTileSize('slim', 4, 512));
    expect(effectiveTileSize('medium', 4, 512)).toBeLessThan(effectiveTileSize('slim', 4, 512));
  });
});

describe('receptiveRadius', () => {
  const conv = (name: string, input: string, kernel: number, dilation = 1) => ({
    class_name: 'Conv2D',
    config: { name, kernel_size: [kernel, kernel], dilation_rate: [dilation, dilation] },
    inbound_nodes: [[[input, 0, 0, {}]]],
  });
  const topology = (layers: unknown[], output: string): LayersTopology => ({
    model_config: {
      class_name: 'Functional',
      config: { layers: layers as never, output_layers: [[output, 0, 0]] },
    },
  });

  it('sums each convolution’s reach along the longest path, a high-resolution one counting 1/s', () => {
    const layers = [
      { class_name: 'InputLayer', config: { name: 'in' }, inbound_nodes: [] },
      conv('a', 'in', 3), // 1
      conv('b', 'a', 5), // 2
      conv('side', 'in', 3), // a shorter branch
      {
        class_name: 'Add',
        config: { name: 'sum' },
        inbound_nodes: [
          [
            ['b', 0, 0, {}],
            ['side', 0, 0, {}],
          ],
        ],
      },
      conv('wide', 'sum', 3, 2), // dilation 2: 2
      {
        class_name: 'UpSampling2D',
        config: { name: 'up', size: [4, 4] },
        inbound_nodes: [[['wide', 0, 0, {}]]],
      },
      conv('sr', 'up', 3), // 1/4
    ];
    expect(receptiveRadius(topology(layers, 'sr'))).toBe(Math.ceil(1 + 2 + 2 + 0.25));
    expect(receptiveRadius(topology(layers, 'wide'))).toBe(5);
  });
});

describe('foldKernel', () => {
  /**
   * One output of a 3×3 'same' convolution at (y, x) of an h×w grid: `bias` plus, for each
   * neighbour inside the grid, `pixel(yy, xx, ci) × weight(tap, ci)` (tap 0…8, row by row).
   */
  function conv3x3At(
    y: number,
    x: number,
    h: number,
    w: number,
    cin: number,
    bias: number,
    pixel: (yy: number, xx: number, ci: number) => number,
    weight: (tap: number, ci: number) => number,
  ): number {
    let sum = bias;
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) {
        const yy = y + dy;
        const xx = x + dx;
        if (yy < 0 || xx < 0 || yy >= h || xx >= w) continue;
        for (let ci = 0; ci < cin; ci++)
          sum += pixel(yy, xx, ci) * weight((dy + 1) * 3 + dx + 1, ci);
      }
    return sum;
  }

  /** Nearest upsampling by s, then a 3×3 'same' convolution (HWIO kernel), computed directly. */
  function upsampleThenConv(
    input: Float32Array,
    h: number,
    w: number,
    cin: number,
    kernel: Float32Array,
    bias: Float32Array,
    cout: number,
    s: number,
  ) {
    const H = h * s;
    const W = w * s;
    const out = new Float32Array(H * W * cout);
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++)
        for (let c = 0; c < cout; c++) {
          out[(y * W + x) * cout + c] = conv3x3At(
            y,
            x,
            H,
            W,
            cin,
            bias[c]!,
            (yy, xx, ci) => input[(Math.floor(yy / s) * w + Math.floor(xx / s)) * cin + ci]!,
            (tap, ci) => kernel[(tap * cin + ci) * cout + c]!,
          );
        }
    return out;
  }

  /** The folded 3×3 convolution on the small tensor, then depth-to-space (NHWC, TensorFlow order). */
  function foldedThenDepthToSpace(
    input: Float32Array,
    h: number,
    w: number,
    cin: number,
    folded: { kernel: Float32Array; bias: Float32Array },
    cout: number,
    s: number,
  ) {
    const fout = s * s * cout;
    const out = new Float32Array(h * s * w * s * cout);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let k = 0; k < fout; k++) {
          const sum = conv3x3At(
            y,
            x,
            h,
            w,
            cin,
            folded.bias[k]!,
            (yy, xx, ci) => input[(yy * w + xx) * cin + ci]!,
            (tap, ci) => folded.kernel[(tap * cin + ci) * fout + k]!,
          );
          const i = Math.floor(k / cout / s);
          const j = Math.floor(k / cout) % s;
          out[((y * s + i) * w * s + x * s + j) * cout + (k % cout)] = sum;
        }
    return out;
  }

  it.each([2, 3, 4, 8])('is exactly "upsample ×%i then convolve" on random data', (s) => {
    const random = fc.sample(
      fc.float({ min: -1, max: 1, noNaN: true, noDefaultInfinity: true }),
      2000,
    );
    let next = 0;
    const take = (n: number) =>
      Float32Array.from({ length: n }, () => random[next++ % random.length]!);
    const [h, w, cin, cout] = [5, 4, 3, 2];
    const input = take(h * w * cin);
    const kernel = take(9 * cin * cout);
    const bias = take(cout);
    const expected = upsampleThenConv(input, h, w, cin, kernel, bias, cout, s);
    const actual = foldedThenDepthToSpace(
      input,
      h,
      w,
      cin,
      foldKernel(kernel, bias, cin, cout, s),
      cout,
      s,
    );
    expect(actual.length).toBe(expected.length);
    const worst = expected.reduce(
      (max, value, i) => Math.max(max, Math.abs(value - actual[i]!)),
      0,
    );
    expect(worst).toBeLessThan(1e-4);
  });
});

describe('planUpscale', () => {
  it('uses the model of the asked factor up to 4x, and for 8x the chosen way', () => {
    expect(planUpscale(2, 'x4-lanczos')).toEqual({
      scale: 2,
      modelScale: 2,
      resizeFactor: 1,
      resizeMethod: null,
      tileFactor: 2,
    });
    expect(planUpscale(3, 'x8-model')).toEqual({
      scale: 3,
      modelScale: 3,
      resizeFactor: 1,
      resizeMethod: null,
      tileFactor: 3,
    });
    expect(planUpscale(4, 'x8-model')).toEqual({
      scale: 4,
      modelScale: 4,
      resizeFactor: 1,
      resizeMethod: null,
      tileFactor: 4,
    });
    expect(planUpscale(8, 'x8-model')).toEqual({
      scale: 8,
      modelScale: 8,
      resizeFactor: 1,
      resizeMethod: null,
      tileFactor: 8,
    });
    expect(planUpscale(8, 'x4-lanczos')).toEqual({
      scale: 8,
      modelScale: 4,
      resizeFactor: 2,
      resizeMethod: 'lanczos',
      tileFactor: 8,
    });
    // fractional: left to libvips after the tiles (bicubic), so the tiles stay at the model's factor
    expect(planUpscale(6, 'x8-model')).toEqual({
      scale: 6,
      modelScale: 4,
      resizeFactor: 1.5,
      resizeMethod: 'bicubic',
      tileFactor: 4,
    });
    expect(planUpscale(16, 'x8-model')).toEqual({
      scale: 16,
      modelScale: 8,
      resizeFactor: 2,
      resizeMethod: 'lanczos',
      tileFactor: 16,
    });
  });

  it('describes the method honestly and refuses scales it cannot do', () => {
    expect(describePlan('ESRGAN slim', planUpscale(8, 'x4-lanczos'))).toBe(
      'ESRGAN slim 4x + Lanczos 2x',
    );
    expect(describePlan('ESRGAN slim', planUpscale(6, 'x4-lanczos'))).toBe(
      'ESRGAN slim 4x + bicubic 1.5x',
    );
    expect(describePlan('ESRGAN medium', planUpscale(8, 'x8-model'))).toBe('ESRGAN medium 8x');
    expect(() => planUpscale(1, 'x8-model')).toThrow(RangeError);
    expect(() => planUpscale(4.5, 'x8-model')).toThrow(RangeError);
    expect(() => planUpscale(17, 'x8-model')).toThrow(RangeError);
  });
});
