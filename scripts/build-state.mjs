// Decides whether the plugin and the playground need a (re)build: a build is due when
// its output is missing or older than any of its sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

const outputTime = (file) => (existsSync(file) ? statSync(file).mtimeMs : -1);

export function pluginBuildDue() {
  const sources = ['server', 'admin', 'client', 'shared', 'cli', 'package.json'].map((p) =>
    path.join(ROOT, p),
  );
  const built = Math.min(
    outputTime(path.join(ROOT, 'dist/server/index.js')),
    outputTime(path.join(ROOT, 'dist/admin/index.js')),
    outputTime(path.join(ROOT, 'dist/workers/esrgan-worker.js')),
    outputTime(path.join(ROOT, 'dist/cli/init.js')),
  );
  return built < Math.max(...sources.map(newestMtime));
}

export function playgroundBuildDue() {
  // The playground bundles the plugin's admin; server-only plugin changes need no admin rebuild.
  const sources = [
    'playground/src',
    'playground/config',
    'playground/package.json',
    'admin',
    'shared',
  ].map((p) => path.join(ROOT, p));
  const built = outputTime(path.join(ROOT, 'playground/dist/build/index.html'));
  return built < Math.max(...sources.map(newestMtime));
}
