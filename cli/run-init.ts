// `npx strapi-plugin-sell-my-images init`: configures a Strapi 5 app (TypeScript or
// JavaScript) for the plugin by editing its files in place (docs/architecture.md, "init").
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { type EditOutcome, editPlugins, editServer, hasEmailProvider } from './config-edits';
import { appendEnv } from './env-file';
import { EMAIL_VARIABLES, PLUGIN_NAME, pluginVariables } from './snippets';

export interface InitOptions {
  cwd: string;
  dryRun: boolean;
  /** `--with-email`; when false, `ask` (interactive runs only) may still say yes. */
  withEmail: boolean;
  ask?: (question: string) => Promise<boolean>;
  out: (line: string) => void;
}

export interface InitResult {
  exitCode: 0 | 1;
  /** Paths (relative to the app) written, or that a dry run would write. */
  changed: string[];
}

interface Change {
  file: string;
  before: string | null;
  after: string;
  summary: string;
}

function read(file: string): string | null {
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

/** Why `dir` is not a Strapi 5 app, or null when it is one. */
export function notAStrapiApp(dir: string): string | null {
  const pkgSource = read(path.join(dir, 'package.json'));
  if (pkgSource === null) return `${dir} has no package.json: run this in a Strapi 5 app.`;
  let deps: Record<string, unknown> = {};
  try {
    const pkg = JSON.parse(pkgSource) as Record<string, Record<string, unknown> | undefined>;
    deps = { ...pkg.devDependencies, ...pkg.dependencies };
  } catch {
    return `${dir}/package.json is not valid JSON.`;
  }
  if (!('@strapi/strapi' in deps)) {
    return `${dir} is not a Strapi app (its package.json does not depend on @strapi/strapi).`;
  }
  if (!existsSync(path.join(dir, 'config'))) {
    return `${dir} has no config/ folder: run this in a Strapi 5 app.`;
  }
  return null;
}

/** config/<name>.ts or .js, whichever exists; the app's language when neither does. */
function configFile(dir: string, name: string, typescript: boolean): string {
  for (const ext of ['ts', 'js', 'mjs', 'cjs']) {
    const candidate = path.join('config', `${name}.${ext}`);
    if (existsSync(path.join(dir, candidate))) return candidate;
  }
  return path.join('config', `${name}.${typescript ? 'ts' : 'js'}`);
}

export async function runInit(options: InitOptions): Promise<InitResult> {
  const { cwd, out } = options;
  const refusal = notAStrapiApp(cwd);
  if (refusal) {
    out(refusal);
    return { exitCode: 1, changed: [] };
  }
  const typescript = existsSync(path.join(cwd, 'tsconfig.json'));
  const changes: Change[] = [];
  const manual: string[] = [];
  const unchanged: string[] = [];
  const collect = (file: string, before: string | null, outcome: EditOutcome): void => {
    if (outcome.status === 'changed') {
      changes.push({ file, before, after: outcome.text, summary: outcome.summary.join(', ') });
    } else if (outcome.status === 'manual') manual.push(outcome.message);
    else unchanged.push(outcome.reason);
  };

  const pluginsFile = configFile(cwd, 'plugins', typescript);
  const pluginsTs = pluginsFile.endsWith('.ts');
  const pluginsBefore = read(path.join(cwd, pluginsFile));
  const emailConfigured = hasEmailProvider(pluginsBefore, pluginsTs);
  let withEmail = options.withEmail;
  if (emailConfigured === false && !withEmail) {
    out(
      "No e-mail provider is configured: the plugin e-mails download links through Strapi's email plugin. " +
        `Run \`npx ${PLUGIN_NAME} init --with-email\` to add an SMTP one (@strapi/provider-email-nodemailer).`,
    );
    if (options.ask) withEmail = await options.ask('Add an SMTP e-mail provider now? [y/N] ');
  }
  withEmail = withEmail && emailConfigured === false;
  collect(
    pluginsFile,
    pluginsBefore,
    editPlugins(pluginsFile, pluginsBefore, pluginsTs, withEmail),
  );

  const serverFile = configFile(cwd, 'server', typescript);
  const serverBefore = read(path.join(cwd, serverFile));
  if (serverBefore === null) manual.push(`${serverFile} not found: add cron: { enabled: true }.`);
  else
    collect(
      serverFile,
      serverBefore,
      editServer(serverFile, serverBefore, serverFile.endsWith('.ts')),
    );

  const envBefore = read(path.join(cwd, '.env'));
  // A dry run shows no key: the one written is generated then (and a key is a secret).
  const key = options.dryRun
    ? '<32 random bytes, base64, generated when written>'
    : randomBytes(32).toString('base64');
  const variables = pluginVariables(key);
  const envAfter = appendEnv(envBefore, withEmail ? [...variables, ...EMAIL_VARIABLES] : variables);
  if (envAfter === null) unchanged.push('.env already has the plugin variables');
  else
    changes.push({
      file: '.env',
      before: envBefore,
      after: envAfter,
      summary: 'adds the plugin variables',
    });

  for (const change of changes) {
    if (options.dryRun) {
      out(
        createTwoFilesPatch(
          change.before === null ? '/dev/null' : `a/${change.file}`,
          `b/${change.file}`,
          change.before ?? '',
          change.after,
        ),
      );
    } else {
      writeFileSync(path.join(cwd, change.file), change.after);
      out(`${change.before === null ? 'Created' : 'Updated'} ${change.file}: ${change.summary}.`);
    }
  }
  for (const message of manual) out(message);
  if (changes.length === 0) {
    out(`Nothing to change: ${unchanged.join('; ')}.`);
  } else if (options.dryRun) {
    out(`Dry run: ${changes.length} file(s) would change; nothing was written.`);
  } else {
    if (withEmail)
      out('Now install the e-mail provider: npm install @strapi/provider-email-nodemailer');
    if (withEmail) out('and set SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASS and SMTP_FROM in .env.');
    out(
      'Next: rebuild and restart Strapi (npm run build, then npm run develop), open ' +
        'Settings → Sell My Images and paste your Stripe test key (sk_test_…).',
    );
  }
  return { exitCode: manual.length > 0 ? 1 : 0, changed: changes.map((c) => c.file) };
}
