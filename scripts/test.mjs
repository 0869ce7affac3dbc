#!/usr/bin/env node
// `npm test`: builds what is missing or stale, then runs every suite — unit and fakes,
// integration (a real Strapi per suite) on each database in TEST_DATABASES (default:
// DATABASE_CLIENT or sqlite), and the browser tests — and ends with one line
// "N passed, N failed, N skipped". Exit code 1 when anything failed.
//
// Without a Chromium (see find-chromium.mjs) the browser suite is reported as skipped
// with a line that says how to get one, and the exit code stays 0 — except under
// CI=true, where a missing browser is a failure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ROOT, playgroundBuildDue, pluginBuildDue } from './build-state.mjs';
import { findChromium } from './find-chromium.mjs';

process.env.STRAPI_TELEMETRY_DISABLED = 'true';
const resultsDir = path.join(ROOT, '.tmp', 'test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

function run(command, args, env = {}) {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
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

const chromium = findChromium();
const inCi = /^(1|true|yes)$/i.test(process.env.CI ?? '');
const browserMissing = chromium.path === null;
if (browserMissing) {
  const how =
    'install it (`apt-get install chromium` on Debian/Ubuntu) or set CHROMIUM_PATH to a Chromium or Chrome binary';
  console.log(
    `\n!!! ${inCi ? 'FAILED' : 'SKIPPED'}: the browser tests need Chromium and none was found (tried ${chromium.tried.join(', ')}); ${how}. !!!`,
  );
}

const runs = [
  { name: 'unit + admin + fakes', projects: ['unit', 'admin', 'fakes'], env: {} },
  ...databases.map((db) => ({
    name: `integration on ${db}`,
    projects: ['integration'],
    env: { DATABASE_CLIENT: db },
  })),
  {
    name: 'browser (Chromium)',
    projects: ['e2e'],
    env: {
      DATABASE_CLIENT: databases[0],
      ...(chromium.path ? { CHROMIUM_PATH: chromium.path } : {}),
    },
    // No browser: jest still collects the suite, and a name pattern that matches no test
    // reports every test as skipped without running a hook (no Strapi is booted).
    args: browserMissing ? ['--testNamePattern', '^no browser: skipped$'] : [],
    missingBrowser: browserMissing,
  },
];

const summary = [];
for (const [index, suite] of runs.entries()) {
  const outputFile = path.join(resultsDir, `${index}.json`);
  console.log(`\n=== ${suite.name} ===`);
  const status = run(
    'npx',
    [
      'jest',
      '--selectProjects',
      ...suite.projects,
      '--json',
      `--outputFile=${outputFile}`,
      '--maxWorkers=2',
      ...(suite.args ?? []),
      ...process.argv.slice(2),
    ],
    suite.env,
  );
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  try {
    const report = JSON.parse(readFileSync(outputFile, 'utf8'));
    passed = report.numPassedTests;
    failed = report.numFailedTests + report.numRuntimeErrorTestSuites;
    skipped = report.numPendingTests + report.numTodoTests;
  } catch {
    failed = 1; // jest did not even write its report
  }
  if (status !== 0 && failed === 0) failed = 1;
  // Under CI a suite that could not run is a failure, not a skip.
  if (suite.missingBrowser && inCi) {
    failed += Math.max(1, skipped);
    skipped = 0;
  }
  summary.push({ ...suite, passed, failed, skipped });
}

const line = (s) => `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`;
console.log('\n=== Summary ===');
for (const s of summary) console.log(`${s.name.padEnd(28)} ${line(s)}`);
if (browserMissing) {
  console.log(
    `browser (Chromium)           ${inCi ? 'FAILED' : 'skipped'}: no Chromium found; apt-get install chromium, or set CHROMIUM_PATH`,
  );
}
const total = (key) => summary.reduce((n, s) => n + s[key], 0);
console.log(line({ passed: total('passed'), failed: total('failed'), skipped: total('skipped') }));
process.exit(total('failed') === 0 && total('passed') > 0 ? 0 : 1);
