/**
 * TensorFlow.js on its WebAssembly backend, loaded on demand (inference worker and
 * tests only: the plugin's server bundle never imports it, so sites that do not use
 * local-ai need neither the packages nor their memory).
 *
 * `@tensorflow/tfjs-node` is not an option (its install downloads a native binary); the
 * pure-JS cpu backend is ~20× slower than wasm. The wasm binaries are read from the
 * installed package's dist folder (a file path: Node's emscripten loader reads it with
 * fs). tfjs 4.11 only uses its threaded build where it can start Web Workers from blobs,
 * which Node cannot, so this is the single-threaded SIMD build; parallelism comes from
 * running several inference workers (local-ai concurrency).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import { LocalAiUnavailableError, packageDir } from './models';

type Tf = typeof tfjs;
interface WasmBackend {
  setWasmPaths(prefixOrFileMap: string | Record<string, string>, usePlatformFetch?: boolean): void;
}

let loading: Promise<Tf> | null = null;

function load<T>(name: string): T {
  // Resolved at run time, from this file's place (the built worker or the source in tests).
  const requireHere = createRequire(
    typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'index.js'),
  );
  try {
    return requireHere(name) as T;
  } catch (error) {
    if ((error as { code?: string }).code === 'MODULE_NOT_FOUND') {
      throw new LocalAiUnavailableError(
        `${name} is not installed (install it to use the local-ai upscaler)`,
      );
    }
    throw error;
  }
}

/** TensorFlow.js with the wasm backend active (loaded once per thread). */
export function loadTensorflow(): Promise<Tf> {
  loading ??= (async () => {
    const tf = load<Tf>('@tensorflow/tfjs');
    const wasm = load<WasmBackend>('@tensorflow/tfjs-backend-wasm');
    const dir = packageDir('@tensorflow/tfjs-backend-wasm');
    if (!dir) throw new LocalAiUnavailableError('@tensorflow/tfjs-backend-wasm is not installed');
    wasm.setWasmPaths(`${path.join(dir, 'dist')}${path.sep}`);
    if (!(await tf.setBackend('wasm')))
      throw new LocalAiUnavailableError('The TensorFlow.js wasm backend could not start');
    await tf.ready();
    tf.enableProdMode();
    return tf;
  })();
  loading.catch(() => (loading = null));
  return loading;
}
