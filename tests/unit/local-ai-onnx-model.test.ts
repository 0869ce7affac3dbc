/**
 * The ONNX engine's models: each package's TensorFlow.js layers model converted to an
 * ONNX graph computes what TensorFlow.js (wasm) computes with the package's own graph,
 * within 1e-3 (values in 0–255) on random tiles, for slim, medium and the 8x model; the
 * unfolded conversion (a Resize) agrees too; the thick model's own layers (MultiplyBeta,
 * PixelShuffle) convert and agree with TensorFlow.js running the package's `setup()`.
 * Conversions are cached on disk; a damaged cache file is converted again.
 *
 * @jest-environment ./tests/setup/native-arrays-environment.js
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import {
  modelFolder,
  packageDir,
  readModelFiles,
  type LocalAiModel,
  type ModelFiles,
} from '../../server/src/upscalers/local-ai/models';
import { convertToOnnx, hwioToOihw } from '../../server/src/upscalers/local-ai/onnx-convert';
import { loadOnnxEsrgan } from '../../server/src/upscalers/local-ai/onnx-esrgan';
import { loadOnnxRuntime } from '../../server/src/upscalers/local-ai/onnx-runtime';
import type { ModelScale } from '../../server/src/upscalers/local-ai/plan';
import type * as OnnxCache from '../../server/src/upscalers/local-ai/onnx-cache';
import type * as OnnxSessions from '../../server/src/upscalers/local-ai/onnx-sessions';
import { loadTensorflow } from '../../server/src/upscalers/local-ai/tfjs-runtime';

jest.setTimeout(120_000);

const TOLERANCE = 1e-3;
let tf: typeof tfjs;
beforeAll(async () => {
  tf = await loadTensorflow();
});

/** Deterministic pseudo-random bytes (mulberry32). */
function randomTile(width: number, height: number, seed: number): Uint8Array {
  let a = seed;
  return Uint8Array.from({ length: width * height * 3 }, () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % 256;
  });
}

/** The package's own graph on TensorFlow.js (no folding), in 0–255. */
async function tfjsReference(
  files: ModelFiles,
  rgb: Uint8Array,
  width: number,
  height: number,
  inputRange: 1 | 255 = 255,
): Promise<Float32Array> {
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: files.modelTopology as unknown as object,
      weightSpecs: files.weightSpecs as never,
      weightData: files.weightData,
    }),
  );
  try {
    const output = tf.tidy(() => {
      const input = tf.tensor4d(Float32Array.from(rgb), [1, height, width, 3]);
      const scaled = inputRange === 1 ? input.div(255) : input;
      const result = model.predict(scaled) as tfjs.Tensor;
      return inputRange === 1 ? result.mul(255) : result;
    });
    const values = (await output.data()) as Float32Array;
    output.dispose();
    return values;
  } finally {
    model.dispose();
  }
}

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++)
    max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

const CASES: Array<[LocalAiModel, ModelScale, number, number]> = [
  ['slim', 4, 37, 29],
  ['slim', 2, 48, 40],
  ['medium', 4, 33, 27],
  ['slim', 8, 21, 19],
  ['medium', 8, 19, 17],
];

describe('converted models compute what TensorFlow.js computes', () => {
  it.each(CASES)('%s %ix on a random %i×%i tile', async (model, scale, width, height) => {
    const files = readModelFiles(modelFolder(model, scale));
    const onnx = convertToOnnx(files, { scale, inputRange: 255 });
    const esrgan = await loadOnnxEsrgan(loadOnnxRuntime(), onnx, files, scale, { threads: 2 });
    try {
      expect(esrgan.folded).toBe(true);
      for (const seed of [1, 2]) {
        const rgb = randomTile(width, height, seed * 7919 + scale);
        const ours = await esrgan.run(rgb, width, height);
        const reference = await tfjsReference(files, rgb, width, height);
        expect(ours.length).toBe(width * scale * height * scale * 3);
        const difference = maxAbsDifference(ours, reference);
        expect(difference).toBeLessThanOrEqual(TOLERANCE);
        // and the bytes a job writes are those of the tfjs engine, but for rounding ties
        const bytes = await esrgan.upscale(rgb, width, height);
        const expected = Uint8ClampedArray.from(reference);
        let off = 0;
        for (let i = 0; i < bytes.length; i++)
          if (Math.abs((bytes[i] as number) - (expected[i] as number)) > 1) off++;
        expect(off).toBe(0);
      }
    } finally {
      esrgan.dispose();
    }
  });

  it('the unfolded graph (nearest Resize, then the last convolution) agrees as well', async () => {
    const files = readModelFiles(modelFolder('slim', 2));
    const onnx = convertToOnnx(files, { scale: 2, inputRange: 255, fold: false });
    const esrgan = await loadOnnxEsrgan(loadOnnxRuntime(), onnx, files, 2, { threads: 1 });
    try {
      const rgb = randomTile(23, 17, 5);
      const reference = await tfjsReference(files, rgb, 23, 17);
      expect(maxAbsDifference(await esrgan.run(rgb, 23, 17), reference)).toBeLessThanOrEqual(
        TOLERANCE,
      );
    } finally {
      esrgan.dispose();
    }
  });

  it('converts the thick model (MultiplyBeta, PixelShuffle, trained on 0–1) and agrees with its setup() on tfjs', async () => {
    const root = packageDir('@upscalerjs/esrgan-thick');
    if (!root) throw new Error('@upscalerjs/esrgan-thick is a dev dependency of the project');
    const folder = path.join(root, 'models', 'x4');
    expect(() => readModelFiles(folder)).toThrow(/custom layers/);
    const files = readModelFiles(folder, { converted: true });
    // The package registers its two layers with TensorFlow.js itself.
    const definition = jest.requireActual(
      path.join(root, 'dist/cjs/models/esrgan-thick/src/x4/cjs.js'),
    ) as {
      setup?: (tf: typeof tfjs) => void;
    };
    definition.setup?.(tf);
    const onnx = convertToOnnx(files, { scale: 4, inputRange: 1 });
    const esrgan = await loadOnnxEsrgan(loadOnnxRuntime(), onnx, files, 4, { threads: 2 });
    try {
      expect(esrgan.folded).toBe(false);
      const rgb = randomTile(12, 10, 11);
      const reference = await tfjsReference(files, rgb, 12, 10, 1);
      expect(maxAbsDifference(await esrgan.run(rgb, 12, 10), reference)).toBeLessThanOrEqual(
        TOLERANCE,
      );
    } finally {
      esrgan.dispose();
    }
  });
});

describe('conversion details', () => {
  it('reorders a Keras kernel [kh, kw, in, out] to ONNX [out, in, kh, kw]', () => {
    const shape = [2, 3, 2, 4];
    const kernel = Float32Array.from({ length: 48 }, (_, i) => i);
    const oihw = hwioToOihw(kernel, shape);
    for (let y = 0; y < 2; y++)
      for (let x = 0; x < 3; x++)
        for (let i = 0; i < 2; i++)
          for (let o = 0; o < 4; o++)
            expect(oihw[((o * 2 + i) * 2 + y) * 3 + x]).toBe(kernel[((y * 3 + x) * 2 + i) * 4 + o]);
  });

  it('refuses a layer it does not know instead of guessing', () => {
    const files = readModelFiles(modelFolder('slim', 4));
    const layers = files.modelTopology.model_config.config.layers;
    const broken: ModelFiles = {
      ...files,
      modelTopology: {
        ...files.modelTopology,
        model_config: {
          ...files.modelTopology.model_config,
          config: {
            ...files.modelTopology.model_config.config,
            layers: layers.map((layer) =>
              layer.class_name === 'Add' ? { ...layer, class_name: 'Subtract' } : layer,
            ),
          },
        },
      },
    };
    expect(() => convertToOnnx(broken, { scale: 4, inputRange: 255 })).toThrow(
      /Layer type Subtract is not supported/,
    );
  });
});

describe('the conversion cache', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'smi-onnx-cache-'));
    process.env.SMI_ONNX_CACHE_DIR = dir;
  });
  afterEach(async () => {
    delete process.env.SMI_ONNX_CACHE_DIR;
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a converted model once, named by package version, factor and converter version', () => {
    jest.isolateModules(() => {
      const { convertedModel } = jest.requireActual<typeof OnnxCache>(
        '../../server/src/upscalers/local-ai/onnx-cache',
      );
      const first = convertedModel('slim', 4);
      expect(first.cached).toBe(false);
      expect(path.basename(first.file)).toMatch(
        /^_upscalerjs_esrgan-slim-1\.\d+\.\d+-x4-c1\.onnx$/,
      );
      expect(convertedModel('slim', 4)).toBe(first);
    });
    jest.isolateModules(() => {
      const { convertedModel } = jest.requireActual<typeof OnnxCache>(
        '../../server/src/upscalers/local-ai/onnx-cache',
      );
      expect(convertedModel('slim', 4).cached).toBe(true);
    });
  });

  it('converts again when a cached file is damaged', async () => {
    let file = '';
    jest.isolateModules(() => {
      const { convertedModel } = jest.requireActual<typeof OnnxCache>(
        '../../server/src/upscalers/local-ai/onnx-cache',
      );
      file = convertedModel('slim', 2).file;
    });
    await writeFile(file, 'not an onnx model');
    let sessions!: typeof OnnxSessions;
    jest.isolateModules(() => {
      sessions = jest.requireActual('../../server/src/upscalers/local-ai/onnx-sessions');
    });
    const esrgan = await sessions.onnxSession('slim', 2, 1);
    const out = await esrgan.upscale(randomTile(8, 8, 3), 8, 8);
    expect(out.length).toBe(16 * 16 * 3);
    expect((await readdir(dir)).filter((name) => name.endsWith('.onnx'))).toHaveLength(1);
    esrgan.dispose();
  });
});
