/**
 * TensorFlow.js layers model → ONNX graph, for the layer types the `@upscalerjs/esrgan-*`
 * models are made of (docs/architecture.md "Local AI engines"): Conv2D (with its
 * activation), Activation, Add, Concatenate, UpSampling2D (nearest), and the thick
 * model's MultiplyBeta and PixelShuffle (a depth-to-space). The weights are the
 * package's own, reordered from Keras' HWIO to ONNX's OIHW.
 *
 * The graph takes and gives NHWC float tensors in 0–255 like the tfjs engine (a model
 * trained on 0–1 is scaled inside the graph) and runs NCHW inside, the layout ONNX
 * Runtime's convolutions want. The upsampling + last convolution are folded into one
 * convolution and a depth-to-space (see esrgan.ts): same arithmetic, a fraction of the work.
 */
import { findFoldPoint, foldKernel } from './esrgan';
import { inboundNames, LocalAiUnavailableError, type LayerConfig, type ModelFiles } from './models';
import {
  ATTRIBUTE,
  encodeModel,
  FLOAT,
  floatBytes,
  type OnnxAttribute,
  type OnnxGraph,
  type OnnxNode,
} from './onnx-proto';

/** Bumped when the converter's output changes: it names the cached files (see onnx-cache). */
export const CONVERTER_VERSION = 1;

export const INPUT_NAME = 'rgb';
export const OUTPUT_NAME = 'upscaled';

interface ConvertOptions {
  /** The model's factor (the depth-to-space block of the folded end). */
  scale: number;
  /** The range the model was trained on: 255 for the rdn models, 1 for thick. */
  inputRange: 1 | 255;
  /** Fold the upsampling into the last convolution (default true). */
  fold?: boolean;
}

const ints = (name: string, values: number[]): OnnxAttribute => ({
  name,
  type: ATTRIBUTE.INTS,
  ints: values,
});
const int = (name: string, value: number): OnnxAttribute => ({
  name,
  type: ATTRIBUTE.INT,
  i: value,
});
const text = (name: string, value: string): OnnxAttribute => ({
  name,
  type: ATTRIBUTE.STRING,
  s: new TextEncoder().encode(value),
});

const layerName = (layer: LayerConfig) => layer.name ?? layer.config.name ?? '';

const pair = (value: unknown): [number, number] =>
  Array.isArray(value) ? [Number(value[0]), Number(value[1])] : [Number(value), Number(value)];

/** Keras [kh, kw, in, out] → ONNX [out, in, kh, kw]. */
export function hwioToOihw(kernel: Float32Array, shape: number[]): Float32Array {
  const [kh, kw, cin, cout] = shape as [number, number, number, number];
  const out = new Float32Array(kernel.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++) {
        const from = ((y * kw + x) * cin + i) * cout;
        for (let o = 0; o < cout; o++)
          out[((o * cin + i) * kh + y) * kw + x] = kernel[from + o] as number;
      }
  return out;
}

/** The model's weights by name ("<layer>/kernel", "<layer>/bias"), as float arrays with their shapes. */
function weightsByName(files: ModelFiles): Map<string, { values: Float32Array; shape: number[] }> {
  const weights = new Map<string, { values: Float32Array; shape: number[] }>();
  let offset = 0;
  for (const spec of files.weightSpecs) {
    if (spec.dtype !== 'float32' || spec.quantization)
      throw new LocalAiUnavailableError(`Weight ${spec.name} is not plain float32`);
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(files.weightData.slice(offset, offset + count * 4));
    weights.set(spec.name, { values, shape: spec.shape });
    offset += count * 4;
  }
  if (offset !== files.weightData.byteLength)
    throw new LocalAiUnavailableError('The weight files do not match the model manifest');
  return weights;
}

/** Converts a model to an ONNX graph (see above); throws LocalAiUnavailableError on a layer it cannot convert. */
export function convertToOnnxGraph(files: ModelFiles, options: ConvertOptions): OnnxGraph {
  const config = files.modelTopology.model_config.config;
  const weights = weightsByName(files);
  const nodes: OnnxNode[] = [];
  const initializers: OnnxGraph['initializers'] = [];
  /** The ONNX value each Keras layer's output became. */
  const outputOf = new Map<string, string>();
  const point = options.fold === false ? null : findFoldPoint(files.modelTopology, options.scale);

  const constant = (name: string, values: Float32Array, dims: number[]): string => {
    initializers.push({ name, dims, dataType: FLOAT, rawData: floatBytes(values) });
    return name;
  };
  const node = (opType: string, name: string, input: string[], attribute: OnnxAttribute[] = []) => {
    nodes.push({ opType, name, input, output: [name], attribute });
    return name;
  };
  const weight = (layer: string, kind: 'kernel' | 'bias') => {
    const found = weights.get(`${layer}/${kind}`);
    if (!found) throw new LocalAiUnavailableError(`Layer ${layer} has no ${kind}`);
    return found;
  };
  const conv = (
    name: string,
    input: string,
    kernel: Float32Array,
    shape: number[],
    bias: Float32Array,
    padding: string,
  ) => {
    const [kh, kw] = shape as [number, number];
    const cout = shape[3] as number;
    const pads =
      padding === 'same' ? [(kh - 1) / 2, (kw - 1) / 2, (kh - 1) / 2, (kw - 1) / 2] : [0, 0, 0, 0];
    const w = constant(`${name}/W`, hwioToOihw(kernel, shape), [cout, shape[2] as number, kh, kw]);
    const b = constant(`${name}/B`, bias, [cout]);
    return node('Conv', name, [input, w, b], [ints('kernel_shape', [kh, kw]), ints('pads', pads)]);
  };
  const activation = (name: string, input: string, kind: unknown) => {
    if (kind === undefined || kind === 'linear') return input;
    if (kind === 'relu') return node('Relu', `${name}/relu`, [input]);
    throw new LocalAiUnavailableError(`Activation "${String(kind)}" is not supported`);
  };

  for (const layer of config.layers) {
    const name = layerName(layer);
    const inputs = inboundNames(layer).map((input) => {
      const value = outputOf.get(input);
      if (!value)
        throw new LocalAiUnavailableError(`Layer ${name} reads ${input} before it exists`);
      return value;
    });
    const c = layer.config;
    switch (layer.class_name) {
      case 'InputLayer': {
        let value = node('Transpose', `${name}/nchw`, [INPUT_NAME], [ints('perm', [0, 3, 1, 2])]);
        if (options.inputRange === 1)
          value = node('Mul', `${name}/unit`, [
            value,
            constant(`${name}/1_255`, Float32Array.of(1 / 255), []),
          ]);
        outputOf.set(name, value);
        break;
      }
      case 'Conv2D': {
        if (point && name === point.conv) {
          // The folded end: one convolution on the low-resolution features, then depth-to-space.
          const kernel = weight(name, 'kernel');
          const [, , cin, cout] = kernel.shape as [number, number, number, number];
          const folded = foldKernel(
            kernel.values,
            weight(name, 'bias').values,
            cin,
            cout,
            options.scale,
          );
          const trunk = outputOf.get(point.trunk) as string;
          const subPixels = conv(
            name,
            trunk,
            folded.kernel,
            [3, 3, cin, options.scale ** 2 * cout],
            folded.bias,
            'same',
          );
          outputOf.set(
            name,
            node(
              'DepthToSpace',
              `${name}/d2s`,
              [subPixels],
              [int('blocksize', options.scale), text('mode', 'DCR')],
            ),
          );
          break;
        }
        const [sh, sw] = pair(c.strides ?? 1);
        const [dh, dw] = pair(c.dilation_rate ?? 1);
        const channelsLast = c.data_format === undefined || c.data_format === 'channels_last';
        if (sh !== 1 || sw !== 1 || dh !== 1 || dw !== 1 || !channelsLast || (c.groups ?? 1) !== 1)
          throw new LocalAiUnavailableError(
            `Conv2D ${name} has options the converter does not support`,
          );
        const kernel = weight(name, 'kernel');
        const bias =
          c.use_bias === false
            ? new Float32Array(kernel.shape[3] as number)
            : weight(name, 'bias').values;
        const out = conv(
          name,
          inputs[0] as string,
          kernel.values,
          kernel.shape,
          bias,
          String(c.padding),
        );
        outputOf.set(name, activation(name, out, c.activation));
        break;
      }
      case 'Activation':
        outputOf.set(name, activation(name, inputs[0] as string, c.activation));
        break;
      case 'Add':
        outputOf.set(name, node(inputs.length === 2 ? 'Add' : 'Sum', name, inputs));
        break;
      case 'Concatenate': {
        const axis = Number(c.axis ?? -1);
        if (axis !== -1 && axis !== 3)
          throw new LocalAiUnavailableError(`Concatenate ${name} on axis ${axis} is not supported`);
        outputOf.set(name, node('Concat', name, inputs, [int('axis', 1)]));
        break;
      }
      case 'MultiplyBeta': {
        const beta = Float32Array.of(Number(c.beta ?? 0.2));
        outputOf.set(
          name,
          node('Mul', name, [inputs[0] as string, constant(`${name}/beta`, beta, [])]),
        );
        break;
      }
      case 'UpSampling2D': {
        if (point && inboundNames(layer)[0] === point.trunk) {
          outputOf.set(name, inputs[0] as string); // folded into the next convolution
          break;
        }
        const [fh, fw] = pair(c.size ?? 2);
        if ((c.interpolation ?? 'nearest') !== 'nearest')
          throw new LocalAiUnavailableError(`UpSampling2D ${name} is not nearest-neighbour`);
        const scales = constant(`${name}/scales`, Float32Array.of(1, 1, fh, fw), [4]);
        outputOf.set(
          name,
          node(
            'Resize',
            name,
            [inputs[0] as string, '', scales],
            [
              text('mode', 'nearest'),
              text('coordinate_transformation_mode', 'asymmetric'),
              text('nearest_mode', 'floor'),
            ],
          ),
        );
        break;
      }
      default: {
        const shuffle = /^PixelShuffle(\d+)x$/.exec(layer.class_name);
        if (!shuffle)
          throw new LocalAiUnavailableError(`Layer type ${layer.class_name} is not supported`);
        outputOf.set(
          name,
          node('DepthToSpace', name, inputs, [
            int('blocksize', Number(shuffle[1])),
            text('mode', 'DCR'),
          ]),
        );
      }
    }
  }

  const outputs = (config.output_layers ?? []) as unknown[];
  const last = Array.isArray(outputs[0])
    ? String(outputs[0][0])
    : layerName(config.layers.at(-1) as LayerConfig);
  let result = outputOf.get(last);
  if (!result) throw new LocalAiUnavailableError('The model has no output layer');
  if (options.inputRange === 1)
    result = node('Mul', 'output/255', [result, constant('output/x255', Float32Array.of(255), [])]);
  nodes.push({
    opType: 'Transpose',
    name: 'output/nhwc',
    input: [result],
    output: [OUTPUT_NAME],
    attribute: [ints('perm', [0, 2, 3, 1])],
  });
  return {
    name: 'esrgan',
    nodes,
    initializers,
    inputs: [{ name: INPUT_NAME, shape: [1, 'height', 'width', 3] }],
    outputs: [{ name: OUTPUT_NAME, shape: [1, 'outHeight', 'outWidth', 3] }],
  };
}

/** The serialized ONNX model of a tfjs layers model. */
export function convertToOnnx(files: ModelFiles, options: ConvertOptions): Uint8Array {
  return encodeModel(convertToOnnxGraph(files, options), String(CONVERTER_VERSION));
}
