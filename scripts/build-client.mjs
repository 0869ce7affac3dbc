#!/usr/bin/env node
// Builds the frontend helper: the ES modules (client/dist/index.mjs, cart.mjs, react.mjs,
// cart-react.mjs, purchases.mjs and react-purchases.mjs, sharing chunks, with types) and the self-initialising script served at
// /api/sell-my-images/client.js (client/dist/sell-my-images.js), all minified, no
// dependencies. Prints their sizes, gzipped too (an ES module's own file, its chunks apart).
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { build } from 'esbuild';
import { squeeze } from './client-squeeze.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = path.join(root, 'client', 'dist');
const common = {
  bundle: true,
  minify: true,
  target: 'es2020',
  legalComments: 'none',
  logLevel: 'warning',
};

rmSync(path.join(dist, 'types'), { recursive: true, force: true });
rmSync(path.join(dist, 'chunks'), { recursive: true, force: true });
// The ES modules in one build with code splitting: what the entries share (the buy dialog, its
// registry of extra actions, the API client) is one chunk, so `enableCart` from
// `/client/cart` adds "Add to cart" to the dialog of `/client` and `/react`.
await build({
  ...common,
  entryPoints: {
    index: path.join(root, 'client/src/index.ts'),
    cart: path.join(root, 'client/src/cart.ts'),
    react: path.join(root, 'client/src/react.tsx'),
    'cart-react': path.join(root, 'client/src/cart-react.tsx'),
    purchases: path.join(root, 'client/src/purchases.ts'),
    'react-purchases': path.join(root, 'client/src/purchases-react.tsx'),
  },
  format: 'esm',
  splitting: true,
  jsx: 'automatic',
  external: ['react', 'react/jsx-runtime'],
  outdir: dist,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
});
await build({
  ...common,
  entryPoints: [path.join(root, 'client/src/auto.ts')],
  format: 'iife',
  outfile: path.join(dist, 'sell-my-images.js'),
});
// The script tag's budget (bench/client-size.ts): a second pass with terser.
const script = path.join(dist, 'sell-my-images.js');
writeFileSync(script, await squeeze(readFileSync(script, 'utf8')));
execFileSync(
  process.execPath,
  [
    path.join(root, 'node_modules/typescript/bin/tsc'),
    '-p',
    path.join(root, 'client/tsconfig.json'),
  ],
  { stdio: 'inherit' },
);
// Types for `import … from 'strapi-plugin-sell-my-images/client'` (an .mjs file needs a .d.mts beside it).
// The types keep the repository's layout (client/src, and the shared contracts they use).
writeFileSync(path.join(dist, 'index.d.mts'), "export * from './types/client/src/index.js';\n");
writeFileSync(path.join(dist, 'react.d.mts'), "export * from './types/client/src/react.js';\n");
writeFileSync(path.join(dist, 'cart.d.mts'), "export * from './types/client/src/cart.js';\n");
writeFileSync(
  path.join(dist, 'cart-react.d.mts'),
  "export * from './types/client/src/cart-react.js';\n",
);
writeFileSync(
  path.join(dist, 'purchases.d.mts'),
  "export * from './types/client/src/purchases.js';\n",
);
writeFileSync(
  path.join(dist, 'react-purchases.d.mts'),
  "export * from './types/client/src/purchases-react.js';\n",
);

const built = [
  'index.mjs',
  'sell-my-images.js',
  'react.mjs',
  'cart.mjs',
  'cart-react.mjs',
  'purchases.mjs',
  'react-purchases.mjs',
];
for (const file of built) {
  const bytes = readFileSync(path.join(dist, file));
  console.log(
    `client/dist/${file}: ${bytes.length} bytes, ${gzipSync(bytes, { level: 9 }).length} bytes gzipped`,
  );
}
