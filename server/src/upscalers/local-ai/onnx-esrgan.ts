/**
 * One ESRGAN model on ONNX Runtime (the `onnx` engine): the package's weights converted
 * to an ONNX graph (onnx-convert, cached by onnx-cache), run by the native CPU kernels
 * with `threads` intra-op threads. Same interface, tiles and padding as the tfjs engine
 * (esrgan.ts), so the coordinator does not know which one it drives.
 */
import { findFoldPoint, type Esrgan } from './esrgan';
import { receptiveRadius, type ModelFiles } from './models';
import { INPUT_NAME, OUTPUT_NAME } from './onnx-convert';
import type { OnnxRuntime } from './onnx-runtime';

export interface OnnxEsrgan extends Esrgan {
  /** Runs a tile and gives the raw float output (0–255, not clamped): what the equality tests compare. */
  run(rgb: Uint8Array | Float32Array, width: number, height: number): Promise<Float32Array>;
  threads: number;
}

interface OnnxEsrganOptions {
  /** Intra-op threads of this session (cores ÷ upscales at once, see worker-threads). */
  threads: number;
}

/** Creates the session from a converted model (`onnx`: the serialized graph). */
export async function loadOnnxEsrgan(
  ort: OnnxRuntime,
  onnx: Uint8Array,
  files: Pick<ModelFiles, 'modelTopology'>,
  scale: number,
  options: OnnxEsrganOptions,
): Promise<OnnxEsrgan> {
  const threads = Math.max(1, Math.floor(options.threads));
  const session = await ort.InferenceSession.create(onnx, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    // The arena and the memory pattern would keep a big tile's peak for the worker's whole life.
    enableCpuMemArena: false,
    enableMemPattern: false,
    // Idle intra-op threads sleep instead of spinning: the cores go to Strapi's requests.
    extra: { session: { intra_op: { allow_spinning: '0' } } },
    logSeverityLevel: 3,
  });
  const padding = receptiveRadius(files.modelTopology);

  async function run(
    rgb: Uint8Array | Float32Array,
    width: number,
    height: number,
  ): Promise<Float32Array> {
    if (rgb.length !== width * height * 3)
      throw new RangeError(
        `Expected ${width * height * 3} values for ${width}×${height} RGB, got ${rgb.length}`,
      );
    const input = new ort.Tensor(
      'float32',
      rgb instanceof Float32Array ? rgb : Float32Array.from(rgb),
      [1, height, width, 3],
    );
    const outputs = await session.run({ [INPUT_NAME]: input });
    const output = outputs[OUTPUT_NAME];
    input.dispose();
    if (!output) throw new Error('The ONNX model gave no output');
    try {
      const [, outHeight, outWidth] = output.dims;
      if (outHeight !== height * scale || outWidth !== width * scale)
        throw new Error(
          `The model gave ${outWidth}×${outHeight} for a ${width}×${height} tile at ${scale}x`,
        );
      return output.data as Float32Array;
    } finally {
      output.dispose();
    }
  }

  return {
    scale,
    padding,
    folded: findFoldPoint(files.modelTopology, scale) !== null,
    threads,
    run,
    async upscale(rgb, width, height) {
      // Clamped and rounded half to even, exactly like the tfjs engine.
      const values = await run(rgb, width, height);
      return new Uint8Array(Uint8ClampedArray.from(values).buffer);
    },
    dispose() {
      void session.release();
    },
  };
}
