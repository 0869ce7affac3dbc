/**
 * The ONNX sessions of one inference worker (the warm pool, see warm-workers): a model
 * is loaded once per worker lifetime, not once per job. One session is kept: a shop
 * sells one model, and 4x and 8x share the 4x model by default (the 8x model, or a change
 * of model, loads its session again: a fraction of a second), so an idle worker never
 * holds a second model's memory.
 */
import type { LocalAiModel } from './models';
import { convertedModel, dropConverted } from './onnx-cache';
import { loadOnnxEsrgan, type OnnxEsrgan } from './onnx-esrgan';
import { loadOnnxRuntime } from './onnx-runtime';
import type { ModelScale } from './plan';

const MAX_SESSIONS = 1;
const sessions = new Map<string, Promise<OnnxEsrgan>>();

async function open(model: LocalAiModel, scale: ModelScale, threads: number): Promise<OnnxEsrgan> {
  const ort = loadOnnxRuntime();
  const converted = convertedModel(model, scale);
  try {
    return await loadOnnxEsrgan(ort, converted.onnx, converted.files, scale, { threads });
  } catch (error) {
    if (!converted.cached) throw error;
    // A damaged cache file: drop it and convert again.
    dropConverted(converted);
    const fresh = convertedModel(model, scale);
    return loadOnnxEsrgan(ort, fresh.onnx, fresh.files, scale, { threads });
  }
}

/** The session of a model and factor with `threads` intra-op threads (opened on first use). */
export function onnxSession(
  model: LocalAiModel,
  scale: ModelScale,
  threads: number,
): Promise<OnnxEsrgan> {
  const key = `${model}-x${scale}-t${threads}`;
  let session = sessions.get(key);
  if (session) {
    sessions.delete(key); // most recently used last
    sessions.set(key, session);
    return session;
  }
  session = open(model, scale, threads);
  sessions.set(key, session);
  session.catch(() => sessions.delete(key));
  while (sessions.size > MAX_SESSIONS) {
    const [oldest, dropped] = sessions.entries().next().value as [string, Promise<OnnxEsrgan>];
    sessions.delete(oldest);
    void dropped.then((esrgan) => esrgan.dispose()).catch(() => undefined);
  }
  return session;
}

/** How many sessions this worker holds (tests). */
export const openSessions = (): number => sessions.size;
