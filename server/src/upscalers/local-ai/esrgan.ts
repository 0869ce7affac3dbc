/**
 * One ESRGAN model, ready to upscale RGB tiles (runs in the inference worker; `tf` is
 * passed in so this module imports nothing from TensorFlow.js at run time).
 *
 * The packages' models end with a nearest-neighbour UpSampling2D (×s) followed by a 3×3
 * convolution to RGB. Run literally, that materialises an s²-times larger tensor (for 8x:
 * 192 channels at 8× the tile size, ~1.3 GB for a 160 px tile) before a convolution with
 * 3 outputs. Because every output pixel of that convolution only reads the low-resolution
 * pixel it came from and its direct neighbours, the pair is exactly one 3×3 convolution on
 * the low-resolution tensor with 3·s² outputs followed by a depth-to-space: same
 * arithmetic, same result (to float rounding), a fraction of the memory and much faster
 * at 8x. `foldUpsampling` builds that convolution from the model's own weights; a model of
 * another shape runs unchanged.
 */
import type * as tfjs from '@tensorflow/tfjs';
import {
  inboundNames,
  receptiveRadius,
  type LayerConfig,
  type LayersTopology,
  type ModelFiles,
} from './models';

type Tf = typeof tfjs;

export interface Esrgan {
  scale: number;
  /** Context pixels a tile needs on each side for a seamless result (the receptive radius). */
  padding: number;
  /** Whether the upsampling + last convolution run folded (see above). */
  folded: boolean;
  /** Upscales an interleaved RGB region (3 bytes per pixel) to `scale` times its size. */
  upscale(rgb: Uint8Array, width: number, height: number): Promise<Uint8Array>;
  dispose(): void;
}

interface FoldPoint {
  /** The layer whose output feeds the upsampling. */
  trunk: string;
  /** The final convolution. */
  conv: string;
}

function layerName(layer: LayerConfig): string {
  return layer.name ?? layer.config.name ?? '';
}

const same = (value: unknown, expected: number[]) =>
  Array.isArray(value) &&
  value.length === expected.length &&
  value.every((v, i) => v === expected[i]);

/** Where the upsampling + last convolution can be folded, or null when the model has another shape. */
export function findFoldPoint(topology: LayersTopology, scale: number): FoldPoint | null {
  const layers = topology.model_config.config.layers;
  const byName = new Map(layers.map((layer) => [layerName(layer), layer]));
  const outputs = (topology.model_config.config.output_layers ?? []) as unknown[];
  if (outputs.length !== 1 || !Array.isArray(outputs[0])) return null;
  const conv = byName.get(String(outputs[0][0]));
  if (!conv || conv.class_name !== 'Conv2D') return null;
  const c = conv.config;
  const linear = c.activation === undefined || c.activation === 'linear';
  const channelsLast = c.data_format === undefined || c.data_format === 'channels_last';
  if (
    !same(c.kernel_size, [3, 3]) ||
    !same(c.strides ?? [1, 1], [1, 1]) ||
    !same(c.dilation_rate ?? [1, 1], [1, 1]) ||
    c.padding !== 'same' ||
    !linear ||
    !channelsLast
  )
    return null;
  const convInputs = inboundNames(conv);
  const up = convInputs.length === 1 ? byName.get(convInputs[0] as string) : undefined;
  if (!up || up.class_name !== 'UpSampling2D' || !same(up.config.size, [scale, scale])) return null;
  if ((up.config.interpolation ?? 'nearest') !== 'nearest') return null;
  const upInputs = inboundNames(up);
  if (upInputs.length !== 1) return null;
  return { trunk: upInputs[0] as string, conv: layerName(conv) };
}

/**
 * The 3×3 kernel (and bias) on the low-resolution tensor equivalent to nearest
 * upsampling by `scale` then the 3×3 `kernel` ([3, 3, in, out], HWIO). Output channel
 * (i·scale + j)·out + c is sub-pixel (i, j) of colour c, the order depth-to-space expects.
 * Sub-pixel row i reading high-resolution row offset dy lands in low-resolution row
 * floor((i + dy) / scale) ∈ {−1, 0, 1}; the same holds for columns.
 */
export function foldKernel(
  kernel: Float32Array,
  bias: Float32Array,
  channelsIn: number,
  channelsOut: number,
  scale: number,
): { kernel: Float32Array; bias: Float32Array } {
  const foldedOut = scale * scale * channelsOut;
  const folded = new Float32Array(9 * channelsIn * foldedOut);
  for (let i = 0; i < scale; i++) {
    for (let j = 0; j < scale; j++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const a = Math.floor((i + dy) / scale) + 1;
          const b = Math.floor((j + dx) / scale) + 1;
          for (let ci = 0; ci < channelsIn; ci++) {
            const from = (((dy + 1) * 3 + (dx + 1)) * channelsIn + ci) * channelsOut;
            const to = ((a * 3 + b) * channelsIn + ci) * foldedOut + (i * scale + j) * channelsOut;
            for (let c = 0; c < channelsOut; c++)
              folded[to + c] = (folded[to + c] as number) + (kernel[from + c] as number);
          }
        }
      }
    }
  }
  const foldedBias = new Float32Array(foldedOut);
  for (let k = 0; k < foldedOut; k++) foldedBias[k] = bias[k % channelsOut] as number;
  return { kernel: folded, bias: foldedBias };
}

/** Loads a model from its files and prepares it for `scale`× tiles; `fold: false` runs the graph as shipped. */
export async function loadEsrgan(
  tf: Tf,
  files: ModelFiles,
  scale: number,
  options: { fold?: boolean } = {},
): Promise<Esrgan> {
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: files.modelTopology as unknown as object,
      weightSpecs: files.weightSpecs as never,
      weightData: files.weightData,
    }),
  );
  const padding = receptiveRadius(files.modelTopology);
  const point = options.fold === false ? null : findFoldPoint(files.modelTopology, scale);

  let run: (input: tfjs.Tensor4D) => tfjs.Tensor;
  const owned: tfjs.Tensor[] = [];
  if (point) {
    const trunk = tf.model({
      inputs: model.inputs,
      outputs: model.getLayer(point.trunk).output as tfjs.SymbolicTensor,
    });
    const [kernel, bias] = model.getLayer(point.conv).getWeights();
    if (!kernel || !bias) throw new Error(`Layer ${point.conv} has no kernel or bias`);
    const [, , channelsIn, channelsOut] = kernel.shape as [number, number, number, number];
    const folded = foldKernel(
      kernel.dataSync() as Float32Array,
      bias.dataSync() as Float32Array,
      channelsIn,
      channelsOut,
      scale,
    );
    const foldedKernel = tf.tensor4d(folded.kernel, [
      3,
      3,
      channelsIn,
      scale * scale * channelsOut,
    ]);
    const foldedBias = tf.tensor1d(folded.bias);
    owned.push(foldedKernel, foldedBias);
    // Each big tensor is freed as soon as the next exists: the wasm heap never shrinks, so
    // the peak of one tile is what the process keeps.
    run = (input) => {
      const features = trunk.predict(input) as tfjs.Tensor4D;
      const subPixels = tf.fused.conv2d({
        x: features,
        filter: foldedKernel,
        strides: 1,
        pad: 'same',
        bias: foldedBias,
      });
      features.dispose();
      const output = tf.depthToSpace(subPixels, scale, 'NHWC');
      subPixels.dispose();
      return output;
    };
  } else {
    run = (input) => model.predict(input) as tfjs.Tensor;
  }

  return {
    scale,
    padding,
    folded: point !== null,
    async upscale(rgb, width, height) {
      if (rgb.length !== width * height * 3)
        throw new RangeError(
          `Expected ${width * height * 3} bytes for ${width}×${height} RGB, got ${rgb.length}`,
        );
      const output = tf.tidy(() => run(tf.tensor4d(Float32Array.from(rgb), [1, height, width, 3])));
      try {
        const [, outHeight, outWidth] = output.shape;
        if (outHeight !== height * scale || outWidth !== width * scale) {
          throw new Error(
            `The model gave ${outWidth}×${outHeight} for a ${width}×${height} tile at ${scale}x`,
          );
        }
        // The models work in 0–255 and overshoot a little at hard edges: a clamped array
        // clamps and rounds (half to even, like tf.round) without three more tensors.
        const values = (await output.data()) as Float32Array;
        return new Uint8Array(Uint8ClampedArray.from(values).buffer);
      } finally {
        output.dispose();
      }
    },
    dispose() {
      for (const tensor of owned) tensor.dispose();
      model.dispose();
    },
  };
}
