/**
 * What the fakes' command lines (tests/fakes/<fake>/cli.ts) have in common: reading integers
 * from the environment, printing one JSON line once the fake listens, and stopping it on
 * SIGTERM/SIGINT (exit 0 once closed, 1 when closing fails or outlasts the shutdown limit).
 */

/** A fake as its command line sees it: what to print once listening, and how to stop it. */
export interface CliFake {
  info: Record<string, unknown>;
  close(): Promise<void>;
}

export interface CliOptions {
  /** Prefixes the messages on stderr, e.g. `stripe fake`. */
  label: string;
  /** How long closing may take before the process exits with 1 anyway. */
  shutdownLimitMs: number;
}

/**
 * An optional non-negative integer from the environment (unset or empty: undefined).
 * With `port`, it must also be at most 65 535.
 */
export function envInteger(name: string, kind: 'port' | 'count' = 'count'): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  const max = kind === 'port' ? 65_535 : Number.MAX_SAFE_INTEGER;
  if (!Number.isInteger(value) || value < 0 || value > max)
    throw new Error(
      `${name} must be ${kind === 'port' ? 'a port number' : 'a non-negative integer'}, got ${raw}`,
    );
  return value;
}

/** Starts the fake, prints its JSON line, and stops it on the first SIGTERM or SIGINT. */
export function runCli(start: () => Promise<CliFake>, options: CliOptions): void {
  const fail = (error: unknown): void => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${options.label}: ${message}\n`);
    process.exit(1);
  };
  start().then((fake) => {
    process.stdout.write(`${JSON.stringify(fake.info)}\n`);
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`${options.label}: ${signal}, stopping\n`);
      setTimeout(() => process.exit(1), options.shutdownLimitMs).unref();
      fake.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  }, fail);
}
