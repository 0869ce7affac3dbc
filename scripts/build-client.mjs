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

for (const file of ['index.mjs', 'sell-my-images.js', 'react.mjs']) {
  const bytes = readFileSync(path.join(dist, file));
  console.log(
    `client/dist/${file}: ${bytes.length} bytes, ${gzipSync(bytes, { level: 9 }).length} bytes gzipped`,
  );
}
