#!/usr/bin/env node
// Builds the `strapi-plugin-sell-my-images` command (cli/init.ts) to dist/cli/init.js, the
// package's "bin". recast, @babel/parser and diff are bundled in, so the published
// package gains no runtime dependency for a command run once per app.
import { chmodSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const outfile = path.join(root, 'dist', 'cli', 'init.js');

await build({
  entryPoints: [path.join(root, 'cli/init.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
  legalComments: 'none',
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
console.log(`dist/cli/init.js: ${statSync(outfile).size} bytes`);
