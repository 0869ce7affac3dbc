#!/usr/bin/env node
// Builds the local-ai inference worker (server/src/upscalers/local-ai/inference-worker.ts)
// to dist/workers/esrgan-worker.js. `strapi-plugin build` bundles only the server entry,
// and a worker thread needs a file of its own; the runner finds it next to dist/server.
// Every package stays external: TensorFlow.js, its wasm backend, the model packages and
// sharp are the site's own installed copies (TensorFlow.js alone is ~150 MB).
import { statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const outfile = path.join(root, 'dist', 'workers', 'esrgan-worker.js');

await build({
  entryPoints: [path.join(root, 'server/src/upscalers/local-ai/inference-worker.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  legalComments: 'none',
  logLevel: 'warning',
});
console.log(`dist/workers/esrgan-worker.js: ${statSync(outfile).size} bytes`);
