#!/usr/bin/env node
// `npm test`: builds what is missing or stale, then runs every suite — unit and fakes,
// integration (a real Strapi per suite) on each database in TEST_DATABASES (default:
// DATABASE_CLIENT or sqlite), and the browser tests — and ends with one line
// "N passed, N failed". Exit code 1 when anything failed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ROOT, playgroundBuildDue, pluginBuildDue } from './build-state.mjs';

process.env.STRAPI_TELEMETRY_DISABLED = 'true';
const resultsDir = path.join(ROOT, '.tmp', 'test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

if (process.env.SMI_SKIP_BUILD !== '1') {
  if (pluginBuildDue() && run('npm', ['run', 'build:plugin']) !== 0) process.exit(1);
  if (playgroundBuildDue() && run('npm', ['run', 'build:playground']) !== 0) process.exit(1);
}

const databases = (process.env.TEST_DATABASES ?? process.env.DATABASE_CLIENT ?? 'sqlite')
  .split(',')
  .map((d) => d.trim().toLowerCase().replace('mariadb', 'mysql'))
  .filter(Boolean);

const runs = [
  { name: 'unit + admin + fakes', projects: ['unit', 'admin', 'fakes'], env: {} },
  ...databases.map((db) => ({ name: `integration on ${db}`, projects: ['integration'], env: { DATABASE_CLIENT: db } })),
  { name: 'browser (Chromium)', projects: ['e2e'], env: { DATABASE_CLIENT: databases[0] } },
];

const summary = [];
for (const [index, suite] of runs.entries()) {
  const outputFile = path.join(resultsDir, `${index}.json`);
  console.log(`\n=== ${suite.name} ===`);
  const status = run(
    'npx',
    ['jest', '--selectProjects', ...suite.projects, '--json', `--outputFile=${outputFile}`, '--maxWorkers=2', ...process.argv.slice(2)],
    suite.env,
  );
  let passed = 0;
  let failed = 0;
  try {
    const report = JSON.parse(readFileSync(outputFile, 'utf8'));
    passed = report.numPassedTests;
    failed = report.numFailedTests + report.numRuntimeErrorTestSuites;
  } catch {
    failed = 1; // jest did not even write its report
  }
  if (status !== 0 && failed === 0) failed = 1;
  summary.push({ ...suite, passed, failed });
}

console.log('\n=== Summary ===');
for (const s of summary) console.log(`${s.name.padEnd(28)} ${s.passed} passed, ${s.failed} failed`);
const passed = summary.reduce((n, s) => n + s.passed, 0);
const failed = summary.reduce((n, s) => n + s.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
