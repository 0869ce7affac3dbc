// The script tag's second pass (scripts/build-client.mjs, bench/client-size.ts): terser after
// esbuild's minification, a few per cent smaller gzipped (it inlines and folds more).
import { minify } from 'terser';

/** `code` (esbuild's minified IIFE) through terser, for browsers from 2020 on. */
export async function squeeze(code) {
  const result = await minify(code, { ecma: 2020, compress: { passes: 3 }, mangle: true });
  if (result.code === undefined) throw new Error('terser wrote nothing');
  return result.code;
}
