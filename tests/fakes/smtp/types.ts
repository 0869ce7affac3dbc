/** Shapes of the SMTP capture. */

export interface CapturedAttachment {
  filename?: string;
  contentType: string;
  size: number;
}

/** The SMTP transaction a message came with. */
export interface CapturedEnvelope {
  /** MAIL FROM address ('' for the null sender). */
  mailFrom: string;
  /** RCPT TO addresses. */
  rcptTo: string[];
  /** Username the client authenticated with, when it did. */
  authUser?: string;
  remoteAddress: string;
}

/** One received e-mail, parsed with mailparser. */
export interface CapturedMessage {
  /** Short id, unique for the capture's lifetime ('1', '2', ...). */
  id: string;
  /** The From header as text, e.g. `"Shop" <shop@example.com>`. */
  from: string;
  /** The envelope recipients (RCPT TO), Bcc included. */
  to: string[];
  subject: string;
  /** The text/plain part, when the message has one. */
  text?: string;
  /** The text/html part, when the message has one. */
  html?: string;
  /** Every header by lowercase name; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** The Date header, or the time of receipt when it has none. */
  date: Date;
  receivedAt: Date;
  envelope: CapturedEnvelope;
  attachments: CapturedAttachment[];
  /** Size of the raw message in bytes. */
  size: number;
  /** The raw message as received. */
  raw: Buffer;
}

/** A message as `GET /api/messages` answers it: everything but the raw bytes. */
export type MessageJson = Omit<CapturedMessage, 'raw' | 'date' | 'receivedAt'> & {
  date: string;
  receivedAt: string;
};

export interface SmtpCaptureOptions {
  /** SMTP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Start the HTTP inbox on this port of 127.0.0.1 (0 = free port); no inbox when absent. */
  inboxPort?: number;
  /** Largest accepted message in bytes. Default 10 MB. */
  maxMessageBytes?: number;
}
