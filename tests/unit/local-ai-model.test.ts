/**
 * local-ai: the ESRGAN models loaded from the npm packages' own files with TensorFlow.js
 * on the wasm backend: every shipped model loads, gives exactly input × scale on odd
 * tiny inputs, and the folded last layers compute what the shipped graph computes.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import { findFoldPoint, loadEsrgan } from '../../server/src/upscalers/local-ai/esrgan';
import {
  LocalAiUnavailableError,
  modelFolder,
  MODEL_PACKAGES,
  readModelFiles,
  receptiveRadius,
} from '../../server/src/upscalers/local-ai/models';
import { MODEL_SCALES } from '../../server/src/upscalers/local-ai/plan';
import { loadTensorflow } from '../../server/src/upscalers/local-ai/tfjs-runtime';

jest.setTimeout(60_000);

let tf: typeof tfjs;
beforeAll(async () => {
  tf = await loadTensorflow();
});

const pattern = (width: number, height: number) =>
  Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 53 + (i % 7) * 31) % 256);
const BYTES = { float32: 4, int32: 4, bool: 1 } as Record<string, number>;

describe('model files', () => {
  it.each(['slim', 'medium'] as const)(
    'reads every %s model and its weights from the package folder',
    (model) => {
      for (const scale of MODEL_SCALES) {
        const folder = modelFolder(model, scale);
        expect(folder).toContain(path.join(MODEL_PACKAGES[model], 'models', `x${scale}`));
        const files = readModelFiles(folder);
        const expectedBytes = files.weightSpecs.reduce(
          (sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1) * (BYTES[spec.dtype] ?? 0),
          0,
        );
        expect(files.weightData.byteLength).toBe(expectedBytes);
        expect(receptiveRadius(files.modelTopology)).toBeGreaterThan(0);
      }
    },
  );

  it('refuses a model that needs custom layers, and one that is not a layers model', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'smi-model-'));
    try {
      const custom = {
        format: 'layers-model',
        modelTopology: {
          model_config: {
            class_name: 'Functional',
            config: { layers: [{ class_name: 'MultiplyBeta', config: { name: 'beta' } }] },
          },
        },
        weightsManifest: [],
      };
      await writeFile(path.join(dir, 'model.json'), JSON.stringify(custom));
      expect(() => readModelFiles(dir)).toThrow(/custom layers.*MultiplyBeta/);
      await writeFile(
        path.join(dir, 'model.json'),
        JSON.stringify({ format: 'graph-model', modelTopology: {} }),
      );
      expect(() => readModelFiles(dir)).toThrow(LocalAiUnavailableError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('loadEsrgan', () => {
  it.each(['slim', 'medium'] as const)(
    '%s: every factor gives exactly width × scale by height × scale',
    async (model) => {
      for (const scale of MODEL_SCALES) {
        const esrgan = await loadEsrgan(tf, readModelFiles(modelFolder(model, scale)), scale);
        try {
          const [width, height] = [13, 7];
          const output = await esrgan.upscale(pattern(width, height), width, height);
          expect(output.length).toBe(width * scale * height * scale * 3);
          expect(esrgan.folded).toBe(true);
        } finally {
          esrgan.dispose();
        }
      }
    },
  );

  it.each([4, 8] as const)(
    'the folded %ix model gives what the shipped graph gives (±1 after rounding)',
    async (scale) => {
      const files = readModelFiles(modelFolder('slim', scale));
      expect(findFoldPoint(files.modelTopology, scale)).not.toBeNull();
      const folded = await loadEsrgan(tf, files, scale);
      const shipped = await loadEsrgan(tf, files, scale, { fold: false });
      try {
        expect([folded.folded, shipped.folded]).toEqual([true, false]);
        const input = pattern(20, 16);
        const a = await folded.upscale(input, 20, 16);
        const b = await shipped.upscale(input, 20, 16);
        let worst = 0;
        for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
        expect(worst).toBeLessThanOrEqual(1);
      } finally {
        folded.dispose();
        shipped.dispose();
      }
    },
  );

  it('rejects a buffer that does not match the stated size', async () => {
    const esrgan = await loadEsrgan(tf, readModelFiles(modelFolder('slim', 2)), 2);
    try {
      await expect(esrgan.upscale(new Uint8Array(10), 4, 4)).rejects.toThrow(RangeError);
    } finally {
      esrgan.dispose();
    }
  });
});
