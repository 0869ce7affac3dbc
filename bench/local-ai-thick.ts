/**
 * Part of bench/local-ai.ts: ESRGAN thick (the dev dependency @upscalerjs/esrgan-thick, its
 * custom layers converted by the same converter as the offered models) on the ONNX engine:
 * seconds per processed megapixel of one tile, its receptive padding, and what that padding
 * makes of a 1 MP image (every tile processes its padding too), so the README can say why
 * it is or is not offered.
 */
import path from 'node:path';
import { packageDir, readModelFiles } from '../server/src/upscalers/local-ai/models';
import { convertToOnnx } from '../server/src/upscalers/local-ai/onnx-convert';
import { loadOnnxEsrgan } from '../server/src/upscalers/local-ai/onnx-esrgan';
import { loadOnnxRuntime } from '../server/src/upscalers/local-ai/onnx-runtime';
import { planTiles, processedPixels } from '../server/src/upscalers/local-ai/tiling';
import { threadsPerJob } from '../server/src/upscalers/local-ai/worker-threads';
import { SETTINGS_DEFAULTS } from '../shared/contracts/settings';

export interface ThickResult {
  tile: number;
  padding: number;
  tileSeconds: number;
  secondsPerProcessedMegapixel: number;
  /** Processed pixels per input pixel of a 1000×1000 image in `tile`-px tiles with the padding. */
  overhead: number;
  secondsPerInputMegapixel: number;
  convertSeconds: number;
}

export async function thick(tile = 192): Promise<ThickResult | null> {
  const root = packageDir('@upscalerjs/esrgan-thick');
  if (!root) return null;
  const started = performance.now();
  const files = readModelFiles(path.join(root, 'models', 'x4'), { converted: true });
  const onnx = convertToOnnx(files, { scale: 4, inputRange: 1 });
  const convertSeconds = (performance.now() - started) / 1000;
  const threads = threadsPerJob(SETTINGS_DEFAULTS.localAiConcurrency);
  const o = await loadOnnxEsrgan(loadOnnxRuntime(), onnx, files, 4, { threads });
  try {
    const rgb = Uint8Array.from({ length: tile * tile * 3 }, (_, i) => (i * 37) % 256);
    await o.run(rgb.subarray(0, 16 * 16 * 3), 16, 16); // session warm-up
    const t = performance.now();
    await o.upscale(rgb, tile, tile);
    const tileSeconds = (performance.now() - t) / 1000;
    const secondsPerProcessedMegapixel = tileSeconds / ((tile * tile) / 1e6);
    const overhead = processedPixels(planTiles(1000, 1000, tile, o.padding)) / 1e6;
    return {
      tile,
      padding: o.padding,
      tileSeconds,
      secondsPerProcessedMegapixel,
      overhead,
      secondsPerInputMegapixel: secondsPerProcessedMegapixel * overhead,
      convertSeconds,
    };
  } finally {
    o.dispose();
  }
}
