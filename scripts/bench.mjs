#!/usr/bin/env node
// `npm run bench`: every benchmark in bench/, one after the other (each prints its figures,
// the ratio against its in-run baseline, and a JSON line).
import { spawnSync } from 'node:child_process';

const benches = [
  'client-size',
  'prices-throughput',
  'webhook-storm',
  'download-throughput',
  'download-s3',
  'pipeline',
  'validate-result',
  'analytics',
  'local-ai',
  'fuzz-public-routes',
  'preview-cache',
];
const only = process.argv.slice(2);
let failed = 0;
for (const name of benches.filter((b) => only.length === 0 || only.includes(b))) {
  console.log(`\n=== bench/${name}.ts ===`);
  const { status } = spawnSync('npx', ['tsx', `bench/${name}.ts`], {
    stdio: 'inherit',
    env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' },
  });
  if (status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
