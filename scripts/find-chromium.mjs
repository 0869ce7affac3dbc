// Where the browser tests find Chromium: CHROMIUM_PATH, then /usr/bin/chromium, then
// chromium, chromium-browser, google-chrome or google-chrome-stable on PATH. Null when
// there is none (npm test then reports the browser suite as skipped; CI fails instead).
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

const executable = (file) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

export const CHROMIUM_NAMES = [
  'chromium',
  'chromium-browser',
  'google-chrome',
  'google-chrome-stable',
];

/** The Chromium to use, and where it was found; `{ path: null, tried }` when there is none. */
export function findChromium(env = process.env) {
  const tried = [];
  if (env.CHROMIUM_PATH) {
    tried.push(`CHROMIUM_PATH=${env.CHROMIUM_PATH}`);
    return { path: executable(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null, tried };
  }
  const candidates = [
    '/usr/bin/chromium',
    ...CHROMIUM_NAMES.flatMap((name) =>
      (env.PATH ?? '')
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, name)),
    ),
  ];
  for (const candidate of candidates) {
    tried.push(candidate);
    if (executable(candidate)) return { path: candidate, tried };
  }
  return { path: null, tried };
}
