import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderInbox, renderMessage } from './html';
import type { Mailbox } from './mailbox';
import type { CapturedMessage, MessageJson } from './types';

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src data: http: https:; frame-src 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export function messageJson(message: CapturedMessage): MessageJson {
  const { raw: _raw, date, receivedAt, ...rest } = message;
  return { ...rest, date: date.toISOString(), receivedAt: receivedAt.toISOString() };
}

function send(
  res: http.ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
): void {
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': contentType,
    'content-length': String(payload.length),
  });
  res.end(payload);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

/**
 * The HTTP inbox:
 * - `GET /` the messages, newest first; `GET /messages/:id` one message; `GET /messages/:id/raw` its source;
 * - `GET /api/messages` (newest first) and `GET /api/messages/:id` as JSON; `DELETE /api/messages` empties the mailbox.
 */
function handle(mailbox: Mailbox, req: http.IncomingMessage, res: http.ServerResponse): void {
  const method = req.method ?? 'GET';
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  const messageMatch = /^\/(api\/)?messages\/([^/]+)(\/raw)?$/.exec(path);

  if (path === '/api/messages' && method === 'DELETE') {
    mailbox.clear();
    res.writeHead(204, SECURITY_HEADERS).end();
    return;
  }
  if (method !== 'GET' && method !== 'HEAD')
    return sendJson(res, 405, { error: 'Method not allowed' });
  if (path === '/')
    return send(res, 200, 'text/html; charset=utf-8', renderInbox(mailbox.messages));
  if (path === '/api/messages')
    return sendJson(res, 200, [...mailbox.messages].reverse().map(messageJson));
  if (messageMatch) {
    const [, api, id, raw] = messageMatch;
    const message = mailbox.find(decodeURIComponent(id ?? ''));
    if (!message) {
      if (api) return sendJson(res, 404, { error: 'Message not found' });
      return send(res, 404, 'text/plain; charset=utf-8', 'Message not found');
    }
    if (api && !raw) return sendJson(res, 200, messageJson(message));
    if (!api && raw) return send(res, 200, 'text/plain; charset=utf-8', message.raw);
    if (!api) return send(res, 200, 'text/html; charset=utf-8', renderMessage(message));
  }
  send(res, 404, 'text/plain; charset=utf-8', 'Not found');
}

export interface InboxServer {
  url: string;
  close(): Promise<void>;
}

export function startInbox(mailbox: Mailbox, port: number): Promise<InboxServer> {
  const server = http.createServer((req, res) => handle(mailbox, req, res));
  return new Promise<InboxServer>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
