import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { startInbox, type InboxServer } from './inbox';
import { Mailbox, type MessagePredicate } from './mailbox';
import { parseMessage } from './parse';
import type { CapturedEnvelope, CapturedMessage, SmtpCaptureOptions } from './types';

const DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
/** How long `close()` lets open SMTP sessions finish before it cuts them. */
const CLOSE_GRACE_MS = 500;

export interface SmtpCapture {
  host: '127.0.0.1';
  port: number;
  /** URL of the HTTP inbox, when it was started. */
  inboxUrl?: string;
  /** Received messages, oldest first. */
  readonly messages: readonly CapturedMessage[];
  waitForMessage(predicate?: MessagePredicate, timeoutMs?: number): Promise<CapturedMessage>;
  clear(): void;
  /**
   * Refuses every message from now on at MAIL FROM with this reply (default `451`, a
   * temporary failure: a provider outage) until `accept()`; counts the refusals.
   */
  refuse(code?: number): void;
  accept(): void;
  /** How many messages were refused so far. */
  readonly refused: number;
  close(): Promise<void>;
}

class SmtpError extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
  }
}

function envelopeOf(session: SMTPServerSession): CapturedEnvelope {
  const { mailFrom, rcptTo } = session.envelope;
  const user: unknown = session.user;
  return {
    mailFrom: mailFrom ? mailFrom.address : '',
    rcptTo: rcptTo.map((recipient) => recipient.address),
    ...(typeof user === 'string' ? { authUser: user } : {}),
    remoteAddress: session.remoteAddress,
  };
}

/** Reads the DATA stream, keeping at most `maxBytes`; resolves with undefined when it was over the limit. */
function readMessage(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise<Buffer | undefined>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    stream.on('end', () =>
      resolve(stream.sizeExceeded || size > maxBytes ? undefined : Buffer.concat(chunks)),
    );
    stream.on('error', reject);
  });
}

/**
 * Starts a real SMTP server on 127.0.0.1 that keeps every message it receives:
 * no TLS, AUTH PLAIN/LOGIN optional (any credentials, the username is recorded),
 * a message size limit, and optionally an HTTP inbox to read the messages in a browser.
 */
export async function startSmtpCapture(options: SmtpCaptureOptions = {}): Promise<SmtpCapture> {
  const mailbox = new Mailbox();
  const maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  let refusing: number | null = null;
  let refused = 0;

  const smtp = new SMTPServer({
    name: 'smtp-capture',
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    size: maxBytes,
    disableReverseLookup: true,
    closeTimeout: CLOSE_GRACE_MS,
    logger: false,
    onMailFrom(_address, _session, callback) {
      if (refusing === null) return callback();
      refused++;
      callback(new SmtpError('Service temporarily unavailable (refused by the test)', refusing));
    },
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? '' });
    },
    onData(stream, session, callback) {
      readMessage(stream, maxBytes)
        .then(async (raw) => {
          if (raw === undefined)
            throw new SmtpError(`Message exceeds the fixed maximum size of ${maxBytes} bytes`, 552);
          mailbox.add(await parseMessage(mailbox.newId(), raw, envelopeOf(session)));
          callback();
        })
        .catch((error: unknown) => {
          callback(
            error instanceof SmtpError
              ? error
              : new SmtpError(`Message could not be parsed: ${String(error)}`, 554),
          );
        });
    },
  });
  smtp.on('error', () => {
    // Client-side connection errors are reported here; the capture has nothing to do about them.
  });

  await new Promise<void>((resolve, reject) => {
    smtp.server.once('error', reject);
    smtp.listen(options.port ?? 0, '127.0.0.1', () => {
      smtp.server.off('error', reject);
      resolve();
    });
  });
  const port = (smtp.server.address() as AddressInfo).port;

  let inbox: InboxServer | undefined;
  if (options.inboxPort !== undefined) {
    try {
      inbox = await startInbox(mailbox, options.inboxPort);
    } catch (error) {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      throw error;
    }
  }

  return {
    host: '127.0.0.1',
    port,
    ...(inbox ? { inboxUrl: inbox.url } : {}),
    get messages() {
      return mailbox.messages;
    },
    waitForMessage: (predicate, timeoutMs) => mailbox.waitForMessage(predicate, timeoutMs),
    clear: () => mailbox.clear(),
    refuse: (code = 451) => {
      refusing = code;
    },
    accept: () => {
      refusing = null;
    },
    get refused() {
      return refused;
    },
    async close() {
      mailbox.close();
      await Promise.all([
        new Promise<void>((resolve) => smtp.close(() => resolve())),
        inbox?.close(),
      ]);
    },
  };
}
