import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, rmSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { createTestDatabase, TMP_ROOT, type TestDatabase } from './databases';
import { freePort } from './ports';

/**
 * The playground's rate limits (playground/config/plugins.ts) lifted out of the way of
 * suites that are not about them: every budget of README "Rate limits", per minute.
 */
export const UNLIMITED_RATES: Record<string, string> = Object.fromEntries(
  [
    'PRICES',
    'CHECKOUT',
    'CHECKOUT_PER_EMAIL',
    'CHECKOUT_PER_IMAGE',
    'CLICKS',
    'JOBS',
    'DOWNLOADS',
    'UPSAMPLER_CALLBACK',
    'PREVIEWS',
    'CART',
  ].map((budget) => [`SMI_RATE_LIMIT_${budget}`, '1000000']),
);

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const PLAYGROUND_DIR = path.join(REPO_ROOT, 'playground');
const SERVE_SCRIPT = path.join(PLAYGROUND_DIR, 'scripts', 'serve.js');

export interface PlaygroundOptions {
  /** Names the database and the log file (e.g. the suite's name). */
  label: string;
  /** Extra environment for the Strapi process (SMI_*, SMTP_*, ...). */
  env?: Record<string, string | undefined>;
  /** Reuse a database (several instances, restarts); otherwise a fresh one is made and dropped. */
  database?: TestDatabase;
  bootTimeoutMs?: number;
  /** Extra Node.js flags for the Strapi process (e.g. --cpu-prof for a benchmark). */
  nodeArgs?: string[];
  /**
   * Another built Strapi app instead of the playground (e.g. a copy of a fixture), started
   * in `dir` with `node <args>`. It gets only the environment below that is not the
   * playground's own (no PUBLIC_DIR, SMI_STORAGE_DIR, test-support token or NODE_ENV).
   */
  app?: { dir: string; args: string[] };
}

/**
 * A real Strapi 5 process: the built playground (with the built plugin), on a
 * database of its own, listening on a free loopback port, with its own uploads
 * folder and log file. Tests talk to it over HTTP only.
 */
export class Playground {
  readonly url: string;
  /** Strapi's REST prefix (`api.rest.prefix`), `/api` unless API_REST_PREFIX says otherwise. */
  readonly apiPrefix: string;
  readonly logFile: string;
  private child: ChildProcess | null = null;
  private logStream: WriteStream | null = null;
  private output = '';
  readonly testSupportToken = randomBytes(16).toString('hex');

  private constructor(
    readonly options: PlaygroundOptions,
    readonly port: number,
    readonly database: TestDatabase,
    private readonly ownsDatabase: boolean,
    readonly publicDir: string,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.apiPrefix = options.env?.API_REST_PREFIX ?? '/api';
    this.logFile = path.join(TMP_ROOT, 'logs', `${options.label}-${port}.log`);
  }

  static async start(options: PlaygroundOptions): Promise<Playground> {
    if (!options.app && !existsSync(path.join(PLAYGROUND_DIR, 'dist', 'build', 'index.html'))) {
      throw new Error('The playground is not built: run `npm run build` first.');
    }
    const database = options.database ?? (await createTestDatabase(options.label));
    const port = await freePort();
    const publicDir = path.join(TMP_ROOT, 'public', `${options.label}-${port}`);
    mkdirSync(path.join(publicDir, 'uploads'), { recursive: true });
    const app = new Playground(options, port, database, !options.database, publicDir);
    await app.boot();
    return app;
  }

  /** The URL of one of the plugin's public routes, e.g. `/health`, under the API prefix. */
  pluginUrl(route: string): string {
    return `${this.url}${this.apiPrefix}/sell-my-images${route}`;
  }

  private get storageDir(): string {
    return path.join(TMP_ROOT, 'storage', `${this.options.label}-${this.port}`);
  }

  /** Everything the process printed so far (stdout and stderr). */
  get logs(): string {
    return this.output;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  environment(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      STRAPI_TELEMETRY_DISABLED: 'true',
      STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true',
      BROWSER: 'none',
      HOST: '127.0.0.1',
      PORT: String(this.port),
      SMI_PUBLIC_URL: this.url,
      ...(this.options.app
        ? {}
        : {
            NODE_ENV: 'test',
            PUBLIC_DIR: this.publicDir,
            SMI_STORAGE_DIR: this.storageDir,
            SMI_TEST_SUPPORT_TOKEN: this.testSupportToken,
          }),
      ...this.database.env,
    };
    for (const [key, value] of Object.entries(this.options.env ?? {})) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }
    return env;
  }

  /** Starts the process (again, after stop or kill) and waits until the health route answers. */
  async boot(): Promise<void> {
    mkdirSync(path.dirname(this.logFile), { recursive: true });
    this.logStream = createWriteStream(this.logFile, { flags: 'a' });
    const { app } = this.options;
    const args = [...(this.options.nodeArgs ?? []), ...(app ? app.args : [SERVE_SCRIPT])];
    const child = spawn(process.execPath, args, {
      cwd: app ? app.dir : PLAYGROUND_DIR,
      env: this.environment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const record = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.output += text;
      this.logStream?.write(text);
    };
    child.stdout?.on('data', record);
    child.stderr?.on('data', record);

    const deadline = Date.now() + (this.options.bootTimeoutMs ?? 120_000);
    let exited: number | null = null;
    child.once('exit', (code) => (exited = code ?? -1));
    while (Date.now() < deadline) {
      if (exited !== null) {
        throw new Error(
          `Strapi exited with code ${exited} while booting. Log:\n${this.output.slice(-4000)}`,
        );
      }
      try {
        const res = await fetch(this.pluginUrl('/health'));
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await this.kill();
    throw new Error(
      `Strapi did not answer within the boot timeout. Log:\n${this.output.slice(-4000)}`,
    );
  }

  /** Graceful stop (SIGTERM, Strapi's destroy), waiting for the process to exit. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM', 20_000);
  }

  /** Hard crash: SIGKILL, no cleanup in the process. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL', 10_000);
  }

  private async signal(signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
    const child = this.child;
    this.child = null;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    }
    await new Promise<void>((resolve) =>
      this.logStream ? this.logStream.end(resolve) : resolve(),
    );
    this.logStream = null;
  }

  /** Stops the process and removes its database (if it made it) and its folders. */
  async destroy(): Promise<void> {
    await this.stop();
    if (this.ownsDatabase) await this.database.drop();
    rmSync(this.publicDir, { recursive: true, force: true });
    rmSync(this.storageDir, { recursive: true, force: true });
  }

  /** A call to the playground's test-support routes (document service over HTTP). */
  async testSupport<T = any>(
    method: 'GET' | 'POST',
    pathname: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.url}/api/test-support${pathname}`, {
      method,
      headers: {
        'content-type': 'application/json',
        'x-test-support-token': this.testSupportToken,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  }
}
