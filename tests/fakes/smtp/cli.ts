/**
 * Runs the SMTP capture as a process: `npx tsx tests/fakes/smtp/cli.ts`.
 * Environment: SMTP_CAPTURE_PORT (default 0 = free port), SMTP_CAPTURE_INBOX_PORT
 * (starts the HTTP inbox; 0 = free port). Prints one JSON line `{"host","port","inboxUrl"}`
 * (inboxUrl null without inbox) once listening; stops on SIGTERM/SIGINT.
 */
import { startSmtpCapture } from './server';

const SHUTDOWN_LIMIT_MS = 5_000;

function envInteger(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65_535)
    throw new Error(`${name} must be a port number, got ${raw}`);
  return value;
}

async function main(): Promise<void> {
  const inboxPort = envInteger('SMTP_CAPTURE_INBOX_PORT');
  const capture = await startSmtpCapture({
    port: envInteger('SMTP_CAPTURE_PORT') ?? 0,
    ...(inboxPort !== undefined ? { inboxPort } : {}),
  });
  process.stdout.write(
    `${JSON.stringify({ host: capture.host, port: capture.port, inboxUrl: capture.inboxUrl ?? null })}\n`,
  );

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), SHUTDOWN_LIMIT_MS).unref();
    capture.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`smtp capture: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
