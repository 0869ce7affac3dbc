import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './playground';

/**
 * A copy of a fixture app (tests/fixtures) with the plugin installed from the tarball
 * `npm pack` makes of this repository, as a site owner gets it from the registry.
 */

export const PLUGIN_PACKAGE = 'strapi-plugin-sell-my-images';
/** The e-mail provider `init --with-email` configures; the owner installs it with the plugin. */
export const EMAIL_PROVIDER = '@strapi/provider-email-nodemailer';

export interface CommandResult {
  code: number | null;
  output: string;
}

/**
 * Runs a command to its end (bounded by `timeoutMs`, then killed), stdout and stderr
 * together; never through a shell, stdin closed (so `init` never prompts).
 */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** The fixture copied to `appDir`, with the `.env` a generator writes: `.env.example` with fresh secrets. */
export function copyFixture(fixture: string, appDir: string): void {
  cpSync(path.join(REPO_ROOT, 'tests', 'fixtures', fixture), appDir, { recursive: true });
  const example = readFileSync(path.join(appDir, '.env.example'), 'utf8');
  const secret = () => randomBytes(16).toString('base64');
  writeFileSync(
    path.join(appDir, '.env'),
    example
      .replace(/toBeModified\d/g, secret)
      .replace(/tobemodified/g, secret)
      .replace(/^APP_KEYS=.*$/m, `APP_KEYS="${[1, 2, 3, 4].map(secret).join(',')}"`),
  );
}

/** `npm pack` of this repository (built beforehand) into `dir`: the tarball's path. */
export async function packPlugin(dir: string): Promise<string> {
  if (!existsSync(path.join(REPO_ROOT, 'dist', 'cli', 'init.js'))) {
    throw new Error('The plugin is not built: run `npm run build` first.');
  }
  const packed = await runCommand(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', dir],
    { cwd: REPO_ROOT },
  );
  if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.output}`);
  const [{ filename }] = JSON.parse(packed.output.slice(packed.output.indexOf('['))) as [
    { filename: string },
  ];
  return path.join(dir, filename);
}

/**
 * Installs the packed plugin into the app without the network, in a few seconds.
 *
 * Why not `npm install <tarball> --offline` over a prepared node_modules: with no lockfile
 * npm resolves the app's whole tree and needs the registry documents of every package,
 * which `npm ci` does not cache; tried, it fails at once (ERESOLVE, "@strapi/strapi@undefined"),
 * and online it would resolve and fetch ~1,100 packages, minutes on CI.
 * Why not symlinks to the repository's node_modules: Strapi finds installed plugins by
 * requiring `<name>/package.json` from its own (real) path, which would then be this
 * repository, not the tarball. So the app gets its own node_modules made of hard links to
 * the repository's installed files (`cp -al`, same file system: both under the repo), laid
 * out as npm would lay out the same versions, and the tarball unpacked in the plugin's
 * place, with its `bin` linked and the dependencies added to package.json as
 * `npm install strapi-plugin-sell-my-images @strapi/provider-email-nodemailer` does.
 */
export async function installPacked(appDir: string, tarball: string): Promise<void> {
  const modules = path.join(appDir, 'node_modules');
  const copied = await runCommand('cp', ['-al', path.join(REPO_ROOT, 'node_modules'), modules], {
    cwd: appDir,
  });
  if (copied.code !== 0) throw new Error(`cp -al node_modules failed:\n${copied.output}`);
  // The repository's own workspace links (the plugin is `..` there, the playground a
  // sibling): unlinked, never followed.
  for (const name of [PLUGIN_PACKAGE, 'sell-my-images-playground']) {
    const link = path.join(modules, name);
    const stat = lstatSync(link, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isSymbolicLink()) unlinkSync(link);
    else rmSync(link, { recursive: true }); // the app's own hard-linked copy
  }
  const pluginDir = path.join(modules, PLUGIN_PACKAGE);
  mkdirSync(pluginDir);
  const unpacked = await runCommand(
    'tar',
    ['-xzf', tarball, '-C', pluginDir, '--strip-components=1'],
    {
      cwd: appDir,
    },
  );
  if (unpacked.code !== 0) throw new Error(`tar failed:\n${unpacked.output}`);

  const pkg = JSON.parse(readFileSync(path.join(pluginDir, 'package.json'), 'utf8')) as {
    version: string;
    bin: Record<string, string>;
  };
  for (const [name, target] of Object.entries(pkg.bin)) {
    const link = path.join(modules, '.bin', name);
    rmSync(link, { force: true });
    symlinkSync(path.join('..', PLUGIN_PACKAGE, target), link);
    chmodSync(path.join(pluginDir, target), 0o755);
  }
  const appPkgFile = path.join(appDir, 'package.json');
  const appPkg = JSON.parse(readFileSync(appPkgFile, 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const providerVersion = (
    JSON.parse(readFileSync(path.join(modules, EMAIL_PROVIDER, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  const dependencies = {
    ...appPkg.dependencies,
    [EMAIL_PROVIDER]: providerVersion,
    [PLUGIN_PACKAGE]: `^${pkg.version}`,
  };
  appPkg.dependencies = Object.fromEntries(
    Object.entries(dependencies).sort(([a], [b]) => a.localeCompare(b)),
  );
  writeFileSync(appPkgFile, `${JSON.stringify(appPkg, null, 2)}\n`);
}
