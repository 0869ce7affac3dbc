/**
 * The ESRGAN models shipped inside the `@upscalerjs/esrgan-*` npm packages: TensorFlow.js
 * layers models in the package's `models/x2|x3|x4|x8` folders (model.json plus weight
 * shards). They are read from disk here (no network, no tfjs import: the main thread uses
 * this too) and handed to `tf.io.fromMemory` in the inference worker.
 *
 * These are the packages' "rdn" models (input and output range 0–255), built from
 * standard Keras layers only, so no custom layer has to be registered (the packages'
 * `setup()` registers MultiplyBeta/PixelShuffle only for their other architectures);
 * `readModelFiles` refuses a model that would need one.
 */
import { LOCAL_AI_MODELS, type LocalAiModel } from '../../../../shared/contracts/settings';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ModelScale } from './plan';

export { LOCAL_AI_MODELS, type LocalAiModel };

export const MODEL_PACKAGES: Readonly<Record<LocalAiModel, string>> = {
  slim: '@upscalerjs/esrgan-slim',
  medium: '@upscalerjs/esrgan-medium',
};

export const MODEL_LABELS: Readonly<Record<LocalAiModel, string>> = {
  slim: 'ESRGAN slim',
  medium: 'ESRGAN medium',
};

/** The model packages a site owner installs to enable local-ai (an engine comes on top, see engines). */
export const LOCAL_AI_PACKAGES = [MODEL_PACKAGES.slim, MODEL_PACKAGES.medium] as const;

export class LocalAiUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalAiUnavailableError';
  }
}

/**
 * The folder of an installed package. The model packages do not export their
 * package.json, so `require.resolve` cannot name their root: the module lookup paths are
 * searched instead, then the app's own node_modules (a linked plugin lives elsewhere).
 */
export function packageDir(name: string): string | null {
  const candidates = [
    ...(require.resolve.paths(name) ?? []),
    path.join(process.cwd(), 'node_modules'),
  ];
  for (const dir of candidates) {
    const root = path.join(dir, name);
    if (existsSync(path.join(root, 'package.json'))) return root;
  }
  return null;
}

/** `<package>/models/x<scale>`; throws LocalAiUnavailableError when the package or the folder is missing. */
export function modelFolder(model: LocalAiModel, scale: ModelScale): string {
  const name = MODEL_PACKAGES[model];
  const root = packageDir(name);
  if (!root)
    throw new LocalAiUnavailableError(
      `${name} is not installed (install it to use the local-ai upscaler)`,
    );
  const folder = path.join(root, 'models', `x${scale}`);
  if (!existsSync(path.join(folder, 'model.json')))
    throw new LocalAiUnavailableError(`${name} has no ${scale}x model`);
  return folder;
}

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | 'string' | 'complex64';
  [key: string]: unknown;
}

/** What `tf.io.fromMemory` takes. */
export interface ModelFiles {
  modelTopology: LayersTopology;
  weightSpecs: WeightSpec[];
  weightData: ArrayBuffer;
}

export interface LayerConfig {
  class_name: string;
  name?: string;
  config: Record<string, unknown> & { name?: string };
  inbound_nodes?: unknown[];
}

export interface LayersTopology {
  model_config: {
    class_name: string;
    config: { layers: LayerConfig[]; input_layers?: unknown[]; output_layers?: unknown[] };
  };
  [key: string]: unknown;
}

/** Layers tfjs-layers knows without registration; anything else would need a package's custom `setup()`. */
const BUILT_IN_LAYERS = new Set([
  'InputLayer',
  'Conv2D',
  'Activation',
  'Add',
  'Concatenate',
  'UpSampling2D',
  'Functional',
  'Model',
]);

/** Layers of the packages' other architecture (thick): the ONNX converter knows them, tfjs would need the package's `setup()`. */
const CONVERTED_LAYERS = /^(MultiplyBeta|PixelShuffle\d+x)$/;

/**
 * Reads model.json and its weight shards (in manifest order) from a model folder.
 * `converted`: the model is for the ONNX converter, which also knows the thick model's layers.
 */
export function readModelFiles(folder: string, { converted = false } = {}): ModelFiles {
  const json = JSON.parse(readFileSync(path.join(folder, 'model.json'), 'utf8')) as {
    format?: string;
    modelTopology?: LayersTopology;
    weightsManifest?: Array<{ paths: string[]; weights: WeightSpec[] }>;
  };
  if (
    json.format !== 'layers-model' ||
    !json.modelTopology?.model_config ||
    !Array.isArray(json.weightsManifest)
  ) {
    throw new LocalAiUnavailableError(`${folder}/model.json is not a TensorFlow.js layers model`);
  }
  const unknown = json.modelTopology.model_config.config.layers
    .map((layer) => layer.class_name)
    .filter((name) => !BUILT_IN_LAYERS.has(name) && !(converted && CONVERTED_LAYERS.test(name)));
  if (unknown.length)
    throw new LocalAiUnavailableError(
      `${folder} needs custom layers this plugin does not provide: ${[...new Set(unknown)].join(', ')}`,
    );
  const shards: Buffer[] = [];
  const weightSpecs: WeightSpec[] = [];
  for (const group of json.weightsManifest) {
    for (const shard of group.paths) {
      // Shard names come from the package; keep them inside its folder all the same.
      const file = path.resolve(folder, shard);
      if (path.dirname(file) !== path.resolve(folder))
        throw new LocalAiUnavailableError(`Unexpected weight path ${shard}`);
      shards.push(readFileSync(file));
    }
    weightSpecs.push(...group.weights);
  }
  const all = Buffer.concat(shards);
  const weightData = all.buffer.slice(
    all.byteOffset,
    all.byteOffset + all.byteLength,
  ) as ArrayBuffer;
  return { modelTopology: json.modelTopology, weightSpecs, weightData };
}

/** The names of the layers a layer reads from. */
export function inboundNames(layer: LayerConfig): string[] {
  // Keras: inbound_nodes = [[[name, nodeIndex, tensorIndex, kwargs], ...], ...]
  const names: string[] = [];
  for (const node of layer.inbound_nodes ?? []) {
    if (!Array.isArray(node)) continue;
    for (const entry of node)
      if (Array.isArray(entry) && typeof entry[0] === 'string') names.push(entry[0]);
  }
  return names;
}

const pair = (value: unknown, fallback: number): [number, number] =>
  Array.isArray(value)
    ? [Number(value[0] ?? fallback), Number(value[1] ?? fallback)]
    : [Number(value ?? fallback), Number(value ?? fallback)];

/**
 * How far (in input pixels) an output pixel can see: the largest, over the layer graph's
 * paths, of the sum of each convolution's reach (dilation × (kernel − 1) / 2), counted in
 * input pixels (a convolution after an upsampling by s reaches 1/s as far). A tile padded
 * by at least this much gives the same output as the whole image.
 */
export function receptiveRadius(topology: LayersTopology): number {
  const layers = topology.model_config.config.layers;
  const byName = new Map(layers.map((layer) => [layer.name ?? layer.config.name ?? '', layer]));
  const memo = new Map<string, { reach: number; scale: number }>();
  const visit = (name: string, depth: number): { reach: number; scale: number } => {
    const known = memo.get(name);
    if (known) return known;
    const layer = byName.get(name);
    if (!layer || depth > layers.length)
      throw new LocalAiUnavailableError(`Unreadable model graph at layer "${name}"`);
    const inputs = inboundNames(layer).map((input) => visit(input, depth + 1));
    let reach = Math.max(0, ...inputs.map((input) => input.reach));
    let scale = Math.max(1, ...inputs.map((input) => input.scale));
    if (layer.class_name === 'Conv2D') {
      const [kh, kw] = pair(layer.config.kernel_size, 1);
      const [dh, dw] = pair(layer.config.dilation_rate, 1);
      reach += Math.max(dh * (kh - 1), dw * (kw - 1)) / 2 / scale;
    } else if (layer.class_name === 'UpSampling2D') {
      scale *= Math.max(...pair(layer.config.size, 2));
    }
    const result = { reach, scale };
    memo.set(name, result);
    return result;
  };
  const outputs = (topology.model_config.config.output_layers ?? []) as unknown[];
  const outputNames = outputs
    .map((entry) => (Array.isArray(entry) ? String(entry[0]) : ''))
    .filter(Boolean);
  const last = layers[layers.length - 1];
  const names = outputNames.length
    ? outputNames
    : last
      ? [last.name ?? last.config.name ?? '']
      : [];
  return Math.ceil(Math.max(0, ...names.map((name) => visit(name, 0).reach)));
}

/**
 * Largest tile side per model and factor. A tile's working memory grows with its area and
 * the model's width (measured per processed pixel: slim ≈ 2.5 KB at 2x–4x and ≈ 5 KB at
 * 8x; medium ≈ 9 KB, whose ten dense blocks are concatenated into 640 channels), and the
 * wasm heap keeps its peak: these caps hold one tile near 400 MB whatever the setting.
 */
const MAX_TILE_SIZE: Readonly<Record<LocalAiModel, Readonly<Record<ModelScale, number>>>> = {
  slim: { 2: 384, 3: 384, 4: 384, 8: 256 },
  medium: { 2: 192, 3: 192, 4: 192, 8: 192 },
};

/** The tile side actually used: the setting, capped by the model's memory bound. */
export function effectiveTileSize(
  model: LocalAiModel,
  scale: ModelScale,
  requested: number,
): number {
  return Math.max(16, Math.min(Math.floor(requested), MAX_TILE_SIZE[model][scale]));
}

const radiusCache = new Map<string, number>();

/** The receptive radius of an installed model (read from its model.json once). */
export function modelPadding(model: LocalAiModel, scale: ModelScale): number {
  const key = `${model}-${scale}`;
  let radius = radiusCache.get(key);
  if (radius === undefined) {
    const folder = modelFolder(model, scale);
    const json = JSON.parse(readFileSync(path.join(folder, 'model.json'), 'utf8')) as {
      modelTopology: LayersTopology;
    };
    radius = receptiveRadius(json.modelTopology);
    radiusCache.set(key, radius);
  }
  return radius;
}
