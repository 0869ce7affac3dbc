/**
 * `npx strapi-plugin-sell-my-images init` (cli/, docs/architecture.md "init") on copies of
 * a new Strapi 5.54 TypeScript app and JavaScript app (tests/fixtures/), real files in a
 * temporary folder: what it changes, that a second run changes nothing, --dry-run, the
 * refusal outside an app, kept content and .env values, and that the edited TypeScript
 * compiles under a strict tsc against the real @strapi/strapi types.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { env } from '@strapi/utils';
import { runInit, type InitOptions } from '../../cli/run-init';

const ROOT = path.resolve(__dirname, '..', '..');
/** Node's own loader, as Strapi loads a JavaScript app's config files. */
const loadConfig = createRequire(__filename);
const temps: string[] = [];

function app(fixture: 'strapi-ts-app' | 'strapi-js-app'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'smi-init-'));
  temps.push(dir);
  cpSync(path.join(ROOT, 'tests', 'fixtures', fixture), dir, { recursive: true });
  return dir;
}

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

async function init(cwd: string, options: Partial<InitOptions> = {}) {
  const lines: string[] = [];
  const result = await runInit({
    cwd,
    dryRun: false,
    withEmail: false,
    out: (line) => lines.push(line),
    ...options,
  });
  return { ...result, output: lines.join('\n') };
}

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');

function snapshot(dir: string, files: string[]): Record<string, string | null> {
  return Object.fromEntries(
    files.map((file) => [file, existsSync(path.join(dir, file)) ? read(dir, file) : null]),
  );
}

/** tsc --noEmit on a config written in `dir`, resolving @strapi/strapi from this repo. */
function linkModules(dir: string): void {
  if (!existsSync(path.join(dir, 'node_modules'))) {
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  }
}

function tsc(dir: string, compilerOptions: Record<string, unknown>, include: string[]) {
  linkModules(dir);
  writeFileSync(
    path.join(dir, 'tsconfig.check.json'),
    JSON.stringify({
      extends: './tsconfig.json',
      compilerOptions: { noEmit: true, incremental: false, types: [], ...compilerOptions },
      include,
    }),
  );
  const run = spawnSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.check.json'],
    { cwd: dir, encoding: 'utf8' },
  );
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('init on a new TypeScript app', () => {
  test('changes config/plugins.ts, config/server.ts and .env, then nothing on a second run', async () => {
    const dir = app('strapi-ts-app');
    const first = await init(dir);
    expect(first.exitCode).toBe(0);
    expect(first.changed.sort()).toEqual(['.env', 'config/plugins.ts', 'config/server.ts']);
    expect(read(dir, 'config/plugins.ts')).toContain("'sell-my-images': { enabled: true },");
    expect(read(dir, 'config/server.ts')).toContain('cron: { enabled: true },');
    expect(first.output).toContain('No e-mail provider is configured');
    expect(first.output).toContain('Settings → Sell My Images');

    const env1 = read(dir, '.env');
    expect(env1).toMatch(/^SMI_ENCRYPTION_KEY=[A-Za-z0-9+/]{43}=$/m);
    expect(env1).toContain('SMI_PUBLIC_URL=http://localhost:1337');
    expect(env1).toContain('# SMI_STRIPE_SECRET_KEY=');
    expect(env1).toContain('# SMI_STRIPE_WEBHOOK_SECRET=');
    // One comment line above every variable.
    const lines = env1.trimEnd().split('\n');
    expect(lines).toHaveLength(8);
    lines.forEach((line, i) => {
      if (i % 2 === 0) expect(line).toMatch(/^# Sell My Images: /);
      else expect(line).toMatch(/^(# )?SMI_[A-Z_]+=/);
    });

    const files = ['.env', 'config/plugins.ts', 'config/server.ts'];
    const before = snapshot(dir, files);
    const second = await init(dir, { withEmail: false });
    expect(second.changed).toEqual([]);
    expect(second.exitCode).toBe(0);
    expect(second.output).toMatch(/^Nothing to change: /m);
    expect(snapshot(dir, files)).toEqual(before);
  });

  test('--dry-run shows a unified diff of every file and writes nothing', async () => {
    const dir = app('strapi-ts-app');
    const files = ['.env', 'config/plugins.ts', 'config/server.ts'];
    const before = snapshot(dir, files);
    const result = await init(dir, { dryRun: true, withEmail: true });
    expect(result.changed.sort()).toEqual(files);
    expect(snapshot(dir, files)).toEqual(before);
    expect(result.output).toContain('+++ b/config/plugins.ts');
    expect(result.output).toContain("+  'sell-my-images': { enabled: true },");
    expect(result.output).toContain('+++ b/config/server.ts');
    expect(result.output).toContain('+  cron: { enabled: true },');
    expect(result.output).toContain('--- /dev/null\n+++ b/.env');
    expect(result.output).toContain(
      '+SMI_ENCRYPTION_KEY=<32 random bytes, base64, generated when written>',
    );
    expect(result.output).toContain('+SMTP_HOST=');
    expect(result.output).toContain('nothing was written');
  });

  test('the edited TypeScript compiles: the app build, and strict against the real Strapi types', async () => {
    // A new app, with the e-mail provider (which needs `env` in the plugins function).
    const fresh = app('strapi-ts-app');
    expect((await init(fresh, { withEmail: true })).exitCode).toBe(0);
    expect(read(fresh, 'config/plugins.ts')).toContain("host: env('SMTP_HOST'),");
    // An app whose configs were written the untyped way the old README showed (TS7031
    // under strict): init types the parameter it touches.
    const owned = app('strapi-ts-app');
    writeFileSync(
      path.join(owned, 'config/plugins.ts'),
      "// Our plugins.\nexport default ({ env }) => ({\n  'users-permissions': { config: { jwtSecret: env('JWT_SECRET', 'dev') } },\n});\n",
    );
    writeFileSync(
      path.join(owned, 'config/server.ts'),
      "export default ({ env }) => ({\n  host: env('HOST', '0.0.0.0'),\n  proxy: { koa: true, maxIpsCount: 1 }, // behind nginx\n});\n",
    );
    expect(tsc(owned, { strict: true }, ['config/plugins.ts']).output).toContain('TS7031');
    expect((await init(owned, { withEmail: true })).changed.sort()).toEqual([
      '.env',
      'config/plugins.ts',
      'config/server.ts',
    ]);

    linkModules(owned);
    // The README's "by hand" snippet, in the same strict program.
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const byHand = /<summary>By hand[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(byHand).toContain("'sell-my-images': { enabled: true },");
    writeFileSync(path.join(fresh, 'config/readme-plugins.ts'), byHand ?? '');
    // The app's own build settings (the template's tsconfig) over every config file.
    const build = tsc(fresh, {}, ['config/**/*.ts']);
    expect(build.output).toBe('');
    expect(build.status).toBe(0);
    // strict: the template's own admin.ts/server.ts read env without defaults and do not
    // pass strict themselves, so the strict check covers what init wrote or typed.
    const strict = tsc(fresh, { strict: true, noUnusedLocals: true, rootDir: os.tmpdir() }, [
      'config/plugins.ts',
      'config/readme-plugins.ts',
      path.relative(fresh, path.join(owned, 'config/plugins.ts')),
      path.relative(fresh, path.join(owned, 'config/server.ts')),
    ]);
    expect(strict.output).toBe('');
    expect(strict.status).toBe(0);
  }, 60_000);
});

describe('init on an existing configuration', () => {
  test('keeps what config/plugins.ts and config/server.ts hold, and adds only what is missing', async () => {
    const dir = app('strapi-ts-app');
    const plugins =
      "import type { Core } from '@strapi/strapi';\n\n" +
      'export default ({ env }: Core.Config.Shared.ConfigParams) => ({\n' +
      '  // Signed-in members.\n' +
      "  'users-permissions': { config: { jwtSecret: env('JWT_SECRET') } }\n" +
      '});\n';
    const server =
      'export default ({ env }) => ({\n' +
      "  host: env('HOST', '0.0.0.0'),\n" +
      "  port: env.int('PORT', 1337),\n" +
      '  cron: { enabled: false },\n' +
      '});\n';
    writeFileSync(path.join(dir, 'config/plugins.ts'), plugins);
    writeFileSync(path.join(dir, 'config/server.ts'), server);
    await init(dir);
    expect(read(dir, 'config/plugins.ts')).toBe(
      plugins.replace(
        "env('JWT_SECRET') } }\n",
        "env('JWT_SECRET') } },\n  'sell-my-images': { enabled: true },\n",
      ),
    );
    expect(read(dir, 'config/server.ts')).toBe(
      server
        .replace('enabled: false', 'enabled: true')
        .replace('({ env })', '({ env }: Core.Config.Shared.ConfigParams)')
        .replace(/^/, "import type { Core } from '@strapi/strapi';\n\n"),
    );
  });

  test('never overwrites a .env value, and leaves a configured e-mail provider alone', async () => {
    const dir = app('strapi-ts-app');
    const env0 =
      'HOST=0.0.0.0\nSMI_PUBLIC_URL=https://shop.example.com\nSMI_ENCRYPTION_KEY=keep-me';
    writeFileSync(path.join(dir, '.env'), env0);
    writeFileSync(
      path.join(dir, 'config/plugins.ts'),
      "export default () => ({ email: { config: { provider: 'sendmail' } } });\n",
    );
    const result = await init(dir, { withEmail: true });
    expect(result.output).not.toContain('No e-mail provider');
    const env1 = read(dir, '.env');
    expect(env1.startsWith(`${env0}\n\n`)).toBe(true);
    expect(env1.match(/SMI_PUBLIC_URL=/g)).toHaveLength(1);
    expect(env1.match(/SMI_ENCRYPTION_KEY=/g)).toHaveLength(1);
    expect(env1).toContain('# SMI_STRIPE_SECRET_KEY=');
    expect(env1).not.toContain('SMTP_HOST');
    expect(read(dir, 'config/plugins.ts')).toBe(
      "export default () => ({ email: { config: { provider: 'sendmail' } }, 'sell-my-images': { enabled: true } });\n",
    );
  });

  test('says what to add by hand when config/plugins has a shape it does not know', async () => {
    const dir = app('strapi-ts-app');
    writeFileSync(path.join(dir, 'config/plugins.ts'), 'export default makeConfig();\n');
    const result = await init(dir);
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain(
      "could not edit config/plugins.ts automatically; add this to the object it exports:\n'sell-my-images': { enabled: true }",
    );
    expect(read(dir, 'config/plugins.ts')).toBe('export default makeConfig();\n');
  });
});

describe('init on a new JavaScript app', () => {
  test('creates config/plugins.js and enables cron, as Strapi reads them', async () => {
    const dir = app('strapi-js-app');
    const result = await init(dir, { withEmail: true });
    expect(result.changed.sort()).toEqual(['.env', 'config/plugins.js', 'config/server.js']);
    const plugins = loadConfig(path.join(dir, 'config/plugins.js'))({ env });
    expect(plugins['sell-my-images']).toEqual({ enabled: true });
    expect(plugins.email.config.provider).toBe('nodemailer');
    // An empty SMTP_USER (as init writes it) is no login, not an empty one nodemailer refuses.
    expect(plugins.email.config.providerOptions.auth).toBeUndefined();
    process.env.SMTP_USER = 'mailer';
    process.env.SMTP_PASS = 'secret';
    try {
      expect(
        loadConfig(path.join(dir, 'config/plugins.js'))({ env }).email.config.providerOptions.auth,
      ).toEqual({ user: 'mailer', pass: 'secret' });
    } finally {
      delete process.env.SMTP_USER;
      delete process.env.SMTP_PASS;
    }
    const server = loadConfig(path.join(dir, 'config/server.js'))({ env });
    expect(server.cron).toEqual({ enabled: true });
    expect(server.port).toBe(1337);
    expect(read(dir, '.env')).toContain('SMTP_FROM=');
    expect((await init(dir)).changed).toEqual([]);
  });
});

describe('init outside a Strapi app', () => {
  test('refuses with one sentence and exit code 1', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'smi-init-'));
    temps.push(dir);
    expect(await init(dir)).toMatchObject({ exitCode: 1, changed: [] });
    writeFileSync(path.join(dir, 'package.json'), '{"dependencies":{"express":"5.0.0"}}');
    const refused = await init(dir);
    expect(refused.exitCode).toBe(1);
    expect(refused.output).toBe(
      `${dir} is not a Strapi app (its package.json does not depend on @strapi/strapi).`,
    );
    expect(existsSync(path.join(dir, '.env'))).toBe(false);

    // The command itself: arguments and exit code.
    const cli = spawnSync(
      process.execPath,
      [require.resolve('tsx/cli'), path.join(ROOT, 'cli/init.ts'), 'init', '--cwd', dir],
      { encoding: 'utf8' },
    );
    expect(cli.status).toBe(1);
    expect(cli.stdout.trim()).toBe(refused.output);
  });
});
