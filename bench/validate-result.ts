/**
 * Validation of a 64 MP PNG result (8000 × 8000): time and peak memory of the plugin's
 * validateResult (format, size, full streamed decode), against a naive baseline that
 * decodes the whole image into memory, in the same run. Each runs in a fresh child
 * process so its peak RSS is its own. Targets: ≤ 1.5 s and ≤ 300 MB.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const ROOT = path.resolve(__dirname, '..');
const dir = path.join(ROOT, '.tmp', 'bench');
const file = path.join(dir, 'result-64mp.png');

function measure(mode: 'plugin' | 'naive'): { seconds: number; peakRssMb: number } {
  const script = `
    const sharp = require('sharp');
    const { validateResult } = require(${JSON.stringify(path.join(ROOT, 'server/src/fulfilment/result-validation.ts'))});
    (async () => {
      const start = process.hrtime.bigint();
      if (${JSON.stringify(mode)} === 'plugin') await validateResult(${JSON.stringify(file)}, { expectedWidth: 8000, expectedHeight: 8000 });
      else await sharp(${JSON.stringify(file)}, { limitInputPixels: false }).raw().toBuffer();
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      console.log(JSON.stringify({ seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop() as string);
}

async function main() {
  mkdirSync(dir, { recursive: true });
  // A photo-like 64 MP PNG: noise plus gradients, so it is not trivially compressible.
  const noise = await sharp({
    create: {
      width: 8000,
      height: 8000,
      channels: 3,
      background: '#6b8cce',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .png({ compressionLevel: 1 })
    .toFile(file);
  console.log(
    `input      : ${file} (${noise.width}×${noise.height}, ${(statSync(file).size / 1e6).toFixed(1)} MB)`,
  );
  const naive = measure('naive');
  const plugin = measure('plugin');
  console.log(
    `baseline   : full decode to memory ${naive.seconds.toFixed(2)} s, peak RSS ${naive.peakRssMb.toFixed(0)} MB`,
  );
  console.log(
    `validation : ${plugin.seconds.toFixed(2)} s (target ≤ 1.5 s), peak RSS ${plugin.peakRssMb.toFixed(0)} MB (target ≤ 300 MB)`,
  );
  console.log(
    `ratio      : time ${(plugin.seconds / naive.seconds).toFixed(2)}x, memory ${(plugin.peakRssMb / naive.peakRssMb).toFixed(2)}x of the naive decode`,
  );
  console.log(
    JSON.stringify({
      bench: 'validate-result',
      ...Object.fromEntries(Object.entries(plugin).map(([k, v]) => [`plugin_${k}`, v])),
      naive_seconds: naive.seconds,
      naive_peakRssMb: naive.peakRssMb,
    }),
  );
  rmSync(file, { force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
