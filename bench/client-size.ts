/**
 * Size of the frontend helper, built from source the way scripts/build-client.mjs builds
 * it (esbuild, minified, es2020: browsers from 2020 on): raw, gzip and brotli bytes of each shipped variant.
 * Target: the script a site loads (the self-initialising one served at
 * /api/sell-my-images/client.js) ≤ 8 KB min+gzip (with the cart, the previews and the
 * purchases page). Baseline in the same run: the same
 * bundle unminified, so the ratio shows what minification buys.
 */
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { build, type BuildOptions } from 'esbuild';
import { squeeze } from '../scripts/client-squeeze.mjs';
import { printTable } from './lib';

const ROOT = path.resolve(__dirname, '..');
const BUDGET = 8 * 1024;

const VARIANTS: Array<{ name: string; entry: string; options: BuildOptions }> = [
  { name: 'client.js (script tag)', entry: 'client/src/auto.ts', options: { format: 'iife' } },
  { name: 'client ES module', entry: 'client/src/index.ts', options: { format: 'esm' } },
  {
    // A site using the cart: `/client` and `/client/cart` (only esbuild's input here is virtual).
    name: 'client + cart ES module',
    entry: 'client/src/cart.ts',
    options: {
      format: 'esm',
      stdin: {
        contents: "export * from './index'; export { enableCart } from './cart';",
        resolveDir: path.join(ROOT, 'client/src'),
        loader: 'ts',
      },
    },
  },
  {
    name: 'react component',
    entry: 'client/src/react.tsx',
    options: { format: 'esm', jsx: 'automatic', external: ['react', 'react/jsx-runtime'] },
  },
];

async function bundle(entry: string, options: BuildOptions, minify: boolean): Promise<Buffer> {
  const result = await build({
    entryPoints: options.stdin ? undefined : [path.join(ROOT, entry)],
    bundle: true,
    minify,
    target: 'es2020',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
    ...options,
  });
  const [output] = result.outputFiles ?? [];
  if (!output) throw new Error(`esbuild wrote nothing for ${entry}`);
  // The script tag, as scripts/build-client.mjs builds it: terser after esbuild.
  if (minify && options.format === 'iife') return Buffer.from(await squeeze(output.text));
  return Buffer.from(output.contents);
}

async function main() {
  const rows: Array<Record<string, string | number>> = [];
  const json: Record<string, number> = {};
  for (const variant of VARIANTS) {
    const [min, plain] = await Promise.all([
      bundle(variant.entry, variant.options, true),
      bundle(variant.entry, variant.options, false),
    ]);
    const gzip = gzipSync(min, { level: 9 }).length;
    const plainGzip = gzipSync(plain, { level: 9 }).length;
    rows.push({
      variant: variant.name,
      'min bytes': min.length,
      'min+gzip': gzip,
      'min+brotli': brotliCompressSync(min).length,
      'unminified+gzip (baseline)': plainGzip,
      ratio: `${(gzip / plainGzip).toFixed(2)}x`,
    });
    json[`${variant.entry}_gzip`] = gzip;
  }
  printTable(rows);
  const script = json['client/src/auto.ts_gzip'];
  console.log(
    `script tag : ${(script / 1024).toFixed(2)} KB min+gzip, ${((script / BUDGET) * 100).toFixed(0)}% of the 8 KB budget${script > BUDGET ? ' — OVER BUDGET' : ''}`,
  );
  console.log(JSON.stringify({ bench: 'client-size', budget: BUDGET, ...json }));
  if (script > BUDGET) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
