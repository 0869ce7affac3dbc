/**
 * The direction of dependencies docs/architecture.md "Domains" describes, checked on the
 * imports of every source file: a domain imports only the layers below it, the shared
 * contracts import nothing of the server, the admin or the client, and the admin and the
 * client reach the server only through those contracts.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** Server layers, lowest first: each may import itself and every layer listed before it. */
const LAYERS = [
  'utils',
  'validation',
  'settings',
  'media',
  'jobs',
  'upscalers',
  'commerce',
  'delivery',
  'analytics',
  'fulfilment',
  'previews',
  'setup',
] as const;
/** Folders and files at the edge (Strapi's entry points): they may import any layer. */
const EDGE = [
  'controllers',
  'middlewares',
  'routes',
  'services',
  'policies',
  'bootstrap.ts',
  'register.ts',
  'destroy.ts',
  'lifecycles.ts',
  'index.ts',
  'permissions.ts',
];
/** Below every layer: Strapi's declarations the whole server reads. */
const FOUNDATION = ['plugin-id.ts', 'config', 'content-types'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

function relativeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const found = [
    ...source.matchAll(/\b(?:from|import|require)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g),
  ];
  return found.map((match) => path.resolve(path.dirname(file), match[1] as string));
}

const topOf = (file: string, base: string) =>
  path.relative(base, file).split(path.sep)[0] as string;

function serverLayer(file: string): string {
  const top = topOf(file, path.join(ROOT, 'server', 'src'));
  if (EDGE.includes(top)) return 'edge';
  if (FOUNDATION.includes(top)) return 'foundation';
  return top;
}

const rank = (layer: string) =>
  layer === 'foundation' ? -1 : layer === 'edge' ? LAYERS.length : LAYERS.indexOf(layer as never);

describe('architecture: the direction of dependencies', () => {
  const serverFiles = files(path.join(ROOT, 'server', 'src'));

  it('places every server file in a known layer', () => {
    const known = (layer: string) => layer === 'edge' || layer === 'foundation' || rank(layer) >= 0;
    const unknown = serverFiles.filter((file) => !known(serverLayer(file)));
    expect(unknown.map((file) => path.relative(ROOT, file))).toEqual([]);
  });

  it('lets a server layer import only itself, the layers below it and the shared code', () => {
    const violations: string[] = [];
    for (const file of serverFiles) {
      const from = serverLayer(file);
      for (const target of relativeImports(file)) {
        if (target.startsWith(path.join(ROOT, 'shared'))) continue;
        if (target.startsWith(path.join(ROOT, 'package.json'))) continue;
        if (!target.startsWith(path.join(ROOT, 'server', 'src'))) {
          violations.push(`${path.relative(ROOT, file)} → ${path.relative(ROOT, target)}`);
          continue;
        }
        const to = serverLayer(target);
        if (to === 'edge' && from !== 'edge') {
          violations.push(
            `${path.relative(ROOT, file)} (${from}) → ${path.relative(ROOT, target)} (edge)`,
          );
        } else if (rank(to) > rank(from)) {
          violations.push(
            `${path.relative(ROOT, file)} (${from}) → ${path.relative(ROOT, target)} (${to})`,
          );
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps the shared contracts free of server, admin and client code', () => {
    const outside = files(path.join(ROOT, 'shared')).flatMap((file) =>
      relativeImports(file)
        .filter((target) => !target.startsWith(path.join(ROOT, 'shared')))
        .map((target) => `${path.relative(ROOT, file)} → ${path.relative(ROOT, target)}`),
    );
    expect(outside).toEqual([]);
  });

  it.each(['admin', 'client'])('lets the %s reach the server only through shared/', (part) => {
    const crossing = files(path.join(ROOT, part, 'src')).flatMap((file) =>
      relativeImports(file)
        .filter((target) => target.startsWith(path.join(ROOT, 'server')))
        .map((target) => `${path.relative(ROOT, file)} → ${path.relative(ROOT, target)}`),
    );
    expect(crossing).toEqual([]);
  });

  it('lets the client import only types from shared/ (it stays dependency-free)', () => {
    const valueImports = files(path.join(ROOT, 'client', 'src')).flatMap((file) => {
      const source = readFileSync(file, 'utf8');
      return [
        ...source.matchAll(
          /^import\s+(?!type\b)[^;]*?from\s+['"](\.\.\/\.\.\/shared\/[^'"]+)['"]/gm,
        ),
      ].map((match) => `${path.relative(ROOT, file)} → ${match[1]}`);
    });
    expect(valueImports).toEqual([]);
  });
});
