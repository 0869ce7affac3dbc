/**
 * A local SMTP server that captures what the plugin sends (through Strapi's nodemailer
 * e-mail provider), with an optional HTTP inbox to read the mails. See server.ts.
 */
export { startSmtpCapture, type SmtpCapture } from './server';
export { escapeHtml } from './html';
export type { MessagePredicate } from './mailbox';
export type {
  CapturedAttachment,
  CapturedEnvelope,
  CapturedMessage,
  MessageJson,
  SmtpCaptureOptions,
} from './types';
