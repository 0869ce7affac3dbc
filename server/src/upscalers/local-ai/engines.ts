/**
 * Which engine runs the models (docs/architecture.md "Local AI engines"): ONNX Runtime's
 * native CPU kernels when `onnxruntime-node` is installed, TensorFlow.js on WebAssembly
 * otherwise. The setting `localAiEngine` may pin one; `auto` takes the fastest installed.
 * Only package lookups here (no loading): the main thread asks this on every quote.
 */
import {
  LOCAL_AI_ENGINE_SETTINGS,
  type LocalAiEngine,
  type LocalAiEngineSetting,
} from '../../../../shared/contracts/settings';
import { packageDir } from './models';
import { onnxRuntimeInstalled } from './onnx-runtime';

export { LOCAL_AI_ENGINE_SETTINGS, type LocalAiEngine, type LocalAiEngineSetting };

/** The packages each engine needs (the model packages come on top). */
export const ENGINE_PACKAGES: Readonly<Record<LocalAiEngine, readonly string[]>> = {
  onnx: ['onnxruntime-node'],
  tfjs: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'],
};

export const ENGINE_LABELS: Readonly<Record<LocalAiEngine, string>> = {
  onnx: 'ONNX Runtime',
  tfjs: 'TensorFlow.js (WebAssembly)',
};

const installed = (engine: LocalAiEngine): boolean =>
  engine === 'onnx'
    ? onnxRuntimeInstalled()
    : ENGINE_PACKAGES.tfjs.every((name) => packageDir(name) !== null);

/** The engine a setting means on this installation, or null when none it allows is installed. */
export function resolveEngine(setting: LocalAiEngineSetting = 'auto'): LocalAiEngine | null {
  if (setting !== 'auto') return installed(setting) ? setting : null;
  if (installed('onnx')) return 'onnx';
  return installed('tfjs') ? 'tfjs' : null;
}

/** The packages missing for a setting (for `auto`: ONNX Runtime, the recommended one). */
export function missingEnginePackages(setting: LocalAiEngineSetting = 'auto'): string[] {
  if (resolveEngine(setting)) return [];
  const engine: LocalAiEngine = setting === 'auto' ? 'onnx' : setting;
  return engine === 'onnx'
    ? [...ENGINE_PACKAGES.onnx]
    : ENGINE_PACKAGES.tfjs.filter((name) => packageDir(name) === null);
}
