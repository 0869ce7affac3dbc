#!/usr/bin/env node
// Declarations of the shared contracts for the published package (docs/architecture.md,
// "Package layout"). `strapi-plugin build` declares server/src into dist/server/src and
// admin/src into dist/admin/src, keeping their imports of ../../shared/…; those resolve to
// dist/shared, which this step fills (the SDK only declares files under each entry's folder).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

rmSync(path.join(root, 'dist/shared'), { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    path.join(root, 'node_modules/typescript/bin/tsc'),
    '-p',
    path.join(root, 'shared/tsconfig.build.json'),
  ],
  { stdio: 'inherit' },
);
