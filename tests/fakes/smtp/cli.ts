/**
 * Runs the SMTP capture as a process: `npx tsx tests/fakes/smtp/cli.ts`.
 * Environment: SMTP_CAPTURE_PORT (default 0 = free port), SMTP_CAPTURE_INBOX_PORT
 * (starts the HTTP inbox; 0 = free port). Prints one JSON line `{"host","port","inboxUrl"}`
 * (inboxUrl null without inbox) once listening; stops on SIGTERM/SIGINT.
 */
import { envInteger, runCli } from '../support/cli-main';
import { startSmtpCapture } from './server';

runCli(
  async () => {
    const inboxPort = envInteger('SMTP_CAPTURE_INBOX_PORT', 'port');
    const capture = await startSmtpCapture({
      port: envInteger('SMTP_CAPTURE_PORT', 'port') ?? 0,
      ...(inboxPort !== undefined ? { inboxPort } : {}),
    });
    return {
      info: { host: capture.host, port: capture.port, inboxUrl: capture.inboxUrl ?? null },
      close: () => capture.close(),
    };
  },
  { label: 'smtp capture', shutdownLimitMs: 5_000 },
);
