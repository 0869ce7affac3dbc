/**
 * What `npm publish` would ship (docs/architecture.md, "Package layout"): the package's
 * metadata, the README as the registry shows it, the libraries taken from Strapi's admin,
 * and the packed file list itself (`npm pack --dry-run`, once the plugin is built).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

interface PackageJson {
  license?: string;
  homepage?: string;
  repository?: { type?: string; url?: string } | string;
  bugs?: { url?: string } | string;
  files?: string[];
  bin?: string | Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const pkg = readJson<PackageJson>(path.join(ROOT, 'package.json'));
const REPOSITORY = 'https://github.com/sell-my-images/strapi-plugin-sell-my-images';

/** `./dist/x.js` → `dist/x.js`, as `npm pack` names files. */
const packed = (target: string) => target.replace(/^\.\//, '');

/** Every file `exports` and `bin` point at (a `source` is the build's input, not shipped). */
function shippedTargets(): string[] {
  const targets: string[] = [];
  for (const entry of Object.values(pkg.exports)) {
    if (typeof entry === 'string') targets.push(entry);
    else
      for (const [condition, target] of Object.entries(entry))
        if (condition !== 'source') targets.push(target);
  }
  if (typeof pkg.bin === 'string') targets.push(pkg.bin);
  else if (pkg.bin) targets.push(...Object.values(pkg.bin));
  return targets.map(packed);
}

describe('package.json for the registry', () => {
  it('names its licence, repository, homepage and issue tracker', () => {
    expect(pkg.license).toBe('MIT');
    expect(pkg.repository).toEqual({ type: 'git', url: `git+${REPOSITORY}.git` });
    expect(pkg.homepage).toBe(`${REPOSITORY}#readme`);
    expect(pkg.bugs).toEqual({ url: `${REPOSITORY}/issues` });
  });

  it('has a LICENSE file with the MIT text the `license` field names', () => {
    const license = readFileSync(path.join(ROOT, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License\n/);
    expect(license).toContain('Copyright (c) 2026 Sell My Images for Strapi contributors');
    expect(license).toContain('THE SOFTWARE IS PROVIDED "AS IS"');
  });

  it('declares the types of the Strapi entries at clean paths beside their bundles', () => {
    expect(pkg.exports['./strapi-server']).toMatchObject({
      types: './dist/server/src/index.d.ts',
      require: './dist/server/index.js',
    });
    expect(pkg.exports['./strapi-admin']).toMatchObject({
      types: './dist/admin/src/index.d.ts',
      require: './dist/admin/index.js',
    });
  });

  it('takes the admin libraries from Strapi’s admin (peers), testing against its versions', () => {
    const admin = readJson<PackageJson>(path.join(ROOT, 'node_modules/@strapi/admin/package.json'));
    const provided = ['@strapi/design-system', '@strapi/icons', 'react-intl', 'react-query'];
    for (const name of provided) {
      expect({ name, dependency: pkg.dependencies?.[name] }).toEqual({
        name,
        dependency: undefined,
      });
      expect({ name, peer: pkg.peerDependencies?.[name] }).toEqual({
        name,
        peer: `^${admin.dependencies?.[name]}`,
      });
      expect({ name, dev: pkg.devDependencies?.[name] }).toEqual({
        name,
        dev: admin.dependencies?.[name],
      });
    }
    for (const name of ['react', 'react-dom', 'react-router-dom', 'styled-components']) {
      expect({ name, dependency: pkg.dependencies?.[name] }).toEqual({
        name,
        dependency: undefined,
      });
      expect(pkg.peerDependencies?.[name]).toBe(admin.peerDependencies?.[name]);
    }
  });
});

describe('README on the registry', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  // Code samples may show <img> markup of a site; only the README's own images count.
  const prose = readme.replace(/^```[\s\S]*?^```/gm, '');
  const images = [
    ...Array.from(prose.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g), (match) => match[1]),
    ...Array.from(prose.matchAll(/<img\b[^>]*\bsrc="([^"]+)"/g), (match) => match[1]),
  ];

  it('links its images absolutely, so npmjs.com can show them', () => {
    expect(images.length).toBeGreaterThan(0);
    const relative = images.filter((src) => !src.startsWith('https://'));
    expect(relative).toEqual([]);
  });

  it('points them at files of the repository', () => {
    const raw =
      'https://raw.githubusercontent.com/sell-my-images/strapi-plugin-sell-my-images/main/';
    for (const src of images.filter((image) => image.startsWith(raw)))
      expect({ src, exists: existsSync(path.join(ROOT, src.slice(raw.length))) }).toEqual({
        src,
        exists: true,
      });
  });
});

interface PackResult {
  files: Array<{ path: string; size: number }>;
  entryCount: number;
  size: number;
  unpackedSize: number;
}

const built = existsSync(path.join(ROOT, 'dist/server/index.js'));
if (!built && process.env.CI !== 'true')
  console.warn(
    'package-contents: dist/ is missing, run `npm run build:plugin` to check the packed files',
  );

describe('the packed files (npm pack --dry-run)', () => {
  if (!built) {
    // CI builds before testing, so there a missing build is a failure, not a skip.
    const check = process.env.CI === 'true' ? it : it.skip;
    check('needs the built plugin (dist/)', () => {
      expect(existsSync(path.join(ROOT, 'dist/server/index.js'))).toBe(true);
    });
    return;
  }

  const [pack] = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as PackResult[];
  const files = pack.files.map((file) => file.path);
  const fileSet = new Set(files);

  it('holds the licence, the README and package.json', () => {
    for (const file of ['LICENSE', 'README.md', 'package.json']) expect(files).toContain(file);
  });

  it('holds every file `exports` and `bin` point at, the ESRGAN worker and the frontend helper', () => {
    const wanted = [
      ...shippedTargets(),
      'dist/workers/esrgan-worker.js',
      'client/dist/sell-my-images.js',
    ];
    expect(wanted.filter((file) => !fileSet.has(file))).toEqual([]);
  });

  it('lists in `files` only what exists', () => {
    for (const entry of pkg.files ?? [])
      expect({
        entry,
        packed: files.some((file) => file === entry || file.startsWith(`${entry}/`)),
      }).toEqual({ entry, packed: true });
  });

  it('ships no tests, playground, sources or source maps', () => {
    const unwanted = files.filter(
      (file) =>
        /^(tests|playground|scripts|bench|docs|server|admin|shared)\//.test(file) ||
        file.endsWith('.map') ||
        (/\.tsx?$/.test(file) && !/\.d\.ts$/.test(file)),
    );
    expect(unwanted).toEqual([]);
  });

  it('has its declarations at clean paths, none under a doubled src/…/src/', () => {
    const declarations = files.filter((file) => /\.d\.m?ts$/.test(file));
    expect(declarations.length).toBeGreaterThan(0);
    expect(declarations.filter((file) => /(^|\/)src\/(.+\/)?src\//.test(file))).toEqual([]);
  });

  it('resolves every relative import of a declaration inside the package', () => {
    const dangling: string[] = [];
    for (const file of files.filter((name) => /\.d\.m?ts$/.test(name))) {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      const specifiers = Array.from(
        text.matchAll(/(?:from\s+|import\()\s*'(\.{1,2}\/[^']+)'/g),
        (match) => match[1],
      );
      for (const specifier of specifiers) {
        const base = path.posix.join(path.posix.dirname(file), specifier).replace(/\.(m?js)$/, '');
        const candidates = [`${base}.d.ts`, `${base}.d.mts`, `${base}/index.d.ts`, base];
        if (!candidates.some((candidate) => fileSet.has(candidate)))
          dangling.push(`${file} → ${specifier}`);
      }
    }
    expect(dangling).toEqual([]);
  });
});
