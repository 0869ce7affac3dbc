#!/usr/bin/env node
// Builds the frontend helper: an ES module (client/dist/index.mjs, with types) and the
// self-initialising script served at /api/sell-my-images/client.js (client/dist/sell-my-images.js),
// both minified, no dependencies. Prints their sizes, gzipped too.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = path.join(root, 'client', 'dist');
const common = {
  bundle: true,
  minify: true,
  target: 'es2019',
  legalComments: 'none',
  logLevel: 'warning',
};

rmSync(path.join(dist, 'types'), { recursive: true, force: true });
await build({
  ...common,
  entryPoints: [path.join(root, 'client/src/index.ts')],
  format: 'esm',
  outfile: path.join(dist, 'index.mjs'),
});
// "My purchases" on its own entry: a page with only buy buttons does not load it.
await build({
  ...common,
  entryPoints: [path.join(root, 'client/src/purchases.ts')],
  format: 'esm',
  outfile: path.join(dist, 'purchases.mjs'),
});
await build({
  ...common,
  entryPoints: [path.join(root, 'client/src/auto.ts')],
  format: 'iife',
  outfile: path.join(dist, 'sell-my-images.js'),
});
await build({
  ...common,
  entryPoints: [path.join(root, 'client/src/react.tsx')],
  format: 'esm',
  jsx: 'automatic',
  external: ['react', 'react/jsx-runtime'],
  outfile: path.join(dist, 'react.mjs'),
});
await build({
  ...common,
  entryPoints: [path.join(root, 'client/src/purchases-react.tsx')],
  format: 'esm',
  jsx: 'automatic',
  external: ['react', 'react/jsx-runtime'],
  outfile: path.join(dist, 'react-purchases.mjs'),
});
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
  'purchases.mjs',
  'sell-my-images.js',
  'react.mjs',
  'react-purchases.mjs',
];
for (const file of built) {
  const bytes = readFileSync(path.join(dist, file));
  console.log(
    `client/dist/${file}: ${bytes.length} bytes, ${gzipSync(bytes, { level: 9 }).length} bytes gzipped`,
  );
}
