// The `strapi-plugin-sell-my-images` command (package.json "bin", built to dist/cli/init.js
// by scripts/build-cli.mjs): `init [--cwd <dir>] [--dry-run] [--with-email]`
// (docs/architecture.md, "init").
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { runInit } from './run-init';

const USAGE =
  'Usage: npx strapi-plugin-sell-my-images init [--cwd <dir>] [--dry-run] [--with-email]';

async function askYesNo(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const write = (line: string): void => void process.stdout.write(`${line}\n`);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        cwd: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        'with-email': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 1;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    write(USAGE);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] !== 'init') {
    write(USAGE);
    return 1;
  }
  const result = await runInit({
    cwd: path.resolve(values.cwd ?? process.cwd()),
    dryRun: values['dry-run'],
    withEmail: values['with-email'],
    // Never prompt without a terminal (CI, pipes): the flag decides there.
    ask: process.stdin.isTTY ? askYesNo : undefined,
    out: write,
  });
  return result.exitCode;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `init failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
