import { simpleParser, type HeaderValue, type ParsedMail } from 'mailparser';
import type { CapturedEnvelope, CapturedMessage } from './types';

function unfold(line: string): string {
  const value = line.slice(line.indexOf(':') + 1);
  return value.replace(/\r?\n[ \t]+/g, ' ').trim();
}

/**
 * Headers as plain strings: mailparser's decoded value for plain text headers, the
 * unfolded raw value for the structured ones (addresses, dates, content types).
 */
function headersOf(parsed: ParsedMail): Record<string, string> {
  const headers: Record<string, string> = {};
  const raw = new Map<string, string[]>();
  for (const { key, line } of parsed.headerLines)
    raw.set(key, [...(raw.get(key) ?? []), unfold(line)]);
  for (const [key, lines] of raw) {
    const value: HeaderValue | undefined = parsed.headers.get(key);
    if (typeof value === 'string') headers[key] = value;
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
      headers[key] = value.join(', ');
    else headers[key] = lines.join(', ');
  }
  return headers;
}

/** Parses a raw message received with `envelope`. */
export async function parseMessage(
  id: string,
  raw: Buffer,
  envelope: CapturedEnvelope,
): Promise<CapturedMessage> {
  const parsed = await simpleParser(raw, {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipImageLinks: true,
  });
  const receivedAt = new Date();
  return {
    id,
    from: parsed.from?.text ?? '',
    to: [...envelope.rcptTo],
    subject: parsed.subject ?? '',
    ...(typeof parsed.text === 'string' ? { text: parsed.text } : {}),
    ...(typeof parsed.html === 'string' ? { html: parsed.html } : {}),
    headers: headersOf(parsed),
    date: parsed.date ?? receivedAt,
    receivedAt,
    envelope,
    attachments: parsed.attachments.map((attachment) => ({
      ...(attachment.filename !== undefined ? { filename: attachment.filename } : {}),
      contentType: attachment.contentType,
      size: attachment.size,
    })),
    size: raw.length,
    raw,
  };
}
