/**
 * Runs one of the fakes' command lines (tests/fakes/<fake>/cli.ts) through tsx, the way a
 * developer starts it, for the tests of that command line.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = path.resolve(__dirname, '../../..');
const FIRST_LINE_LIMIT_MS = 15_000;
const EXIT_LIMIT_MS = 10_000;

/**
 * Starts `tests/fakes/<script>` with `env` added to this process's environment, hands the
 * JSON of its first stdout line to `use`, then sends SIGTERM and answers the exit code
 * (`'timeout'`, after which the process is killed, when it does not exit within 10 s).
 * Fails when the process exits or prints nothing within 15 s before that first line.
 */
export async function withCli<Info>(
  script: string,
  env: Record<string, string>,
  use: (info: Info) => Promise<void>,
): Promise<number | null | 'timeout'> {
  const child = spawn(
    path.join(ROOT, 'node_modules/.bin/tsx'),
    [path.join(ROOT, 'tests/fakes', script)],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  try {
    const line = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      const timer = setTimeout(() => {
        lines.close();
        reject(new Error(`CLI printed nothing within 15 s\n${stderr}`));
      }, FIRST_LINE_LIMIT_MS);
      lines.once('line', (text) => {
        clearTimeout(timer);
        lines.close();
        resolve(text);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`CLI exited early with ${code}\n${stderr}`));
      });
    });
    await use(JSON.parse(line) as Info);
  } finally {
    child.kill('SIGTERM');
  }
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), EXIT_LIMIT_MS);
  });
  const code = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  if (code === 'timeout') child.kill('SIGKILL');
  return code;
}
