/**
 * ONNX Runtime for Node (`onnxruntime-node`), loaded on demand like TensorFlow.js (see
 * tfjs-runtime): only the inference worker and tests import it, so a site without
 * local-ai needs neither the package nor its memory. Its CPU binaries ship inside the
 * npm package; its install script only fetches optional GPU files, which is why the
 * README installs it with `--onnxruntime-node-install=skip`.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { LocalAiUnavailableError } from './models';

export type OnnxRuntime = typeof Ort;

let loaded: OnnxRuntime | null = null;

/** The module, or LocalAiUnavailableError when it is not installed or cannot load here. */
export function loadOnnxRuntime(): OnnxRuntime {
  if (loaded) return loaded;
  const requireHere = createRequire(
    typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'index.js'),
  );
  try {
    loaded = requireHere('onnxruntime-node') as OnnxRuntime;
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new LocalAiUnavailableError(
      code === 'MODULE_NOT_FOUND'
        ? 'onnxruntime-node is not installed (install it to use the ONNX engine)'
        : `onnxruntime-node cannot load on this machine: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  return loaded;
}

/** Whether onnxruntime-node can be resolved from here (without loading its binary). */
export function onnxRuntimeInstalled(): boolean {
  const requireHere = createRequire(
    typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'index.js'),
  );
  try {
    requireHere.resolve('onnxruntime-node');
    return true;
  } catch {
    return false;
  }
}
