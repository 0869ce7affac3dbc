/**
 * Converted models, cached (docs/architecture.md "Local AI engines"): in the worker's
 * memory for its lifetime, and on disk in the OS temporary folder so a restarted worker
 * or instance skips the conversion. The file name carries the package's name and
 * version, the factor and the converter's version, so an upgrade never reads a stale
 * graph; a file is written under a temporary name and renamed, so a reader sees it whole.
 * An ephemeral or read-only disk only costs the conversion (milliseconds) again.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  MODEL_PACKAGES,
  modelFolder,
  packageDir,
  readModelFiles,
  type LocalAiModel,
} from './models';
import { convertToOnnx, CONVERTER_VERSION } from './onnx-convert';
import type { ModelScale } from './plan';

export interface ConvertedModel {
  onnx: Uint8Array;
  files: ReturnType<typeof readModelFiles>;
  /** Whether the bytes came from the disk cache, and its file. */
  cached: boolean;
  file: string;
  key: string;
}

/** The range each model was trained on (thick: 0–1; the rdn models: 0–255). */
const INPUT_RANGE: Readonly<Record<string, 1 | 255>> = { thick: 1 };

export function cacheDir(): string {
  return process.env.SMI_ONNX_CACHE_DIR || path.join(os.tmpdir(), 'sell-my-images-onnx');
}

function packageVersion(name: string): string {
  const root = packageDir(name);
  if (!root) return 'unknown';
  const json = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version?: string;
  };
  return json.version ?? 'unknown';
}

const memory = new Map<string, ConvertedModel>();

/** Forgets a converted model that would not load (a damaged cache file): the next call converts again. */
export function dropConverted(converted: ConvertedModel): void {
  memory.delete(converted.key);
  rmSync(converted.file, { force: true });
}

/** The ONNX graph of an installed model, converted once and cached (see above). */
export function convertedModel(model: LocalAiModel, scale: ModelScale): ConvertedModel {
  const name = MODEL_PACKAGES[model];
  const key = `${name.replace(/[@/]/g, '_')}-${packageVersion(name)}-x${scale}-c${CONVERTER_VERSION}`;
  const known = memory.get(key);
  if (known) return known;
  const files = readModelFiles(modelFolder(model, scale), { converted: true });
  const file = path.join(cacheDir(), `${key}.onnx`);
  let onnx: Uint8Array | null = null;
  try {
    onnx = readFileSync(file);
  } catch {
    // not cached yet (or unreadable): convert
  }
  const cached = onnx !== null;
  if (!onnx) {
    onnx = convertToOnnx(files, { scale, inputRange: INPUT_RANGE[model] ?? 255 });
    const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      mkdirSync(cacheDir(), { recursive: true });
      writeFileSync(temporary, onnx);
      renameSync(temporary, file);
    } catch {
      rmSync(temporary, { force: true });
    }
  }
  const converted = { onnx, files, cached, file, key };
  memory.set(key, converted);
  return converted;
}
