/**
 * The SMTP capture, driven by nodemailer the way Strapi's nodemailer e-mail provider
 * sends the plugin's mails, plus its HTTP inbox and its CLI.
 */
import axios from 'axios';
import nodemailer from 'nodemailer';
import { startSmtpCapture, type CapturedMessage, type MessageJson, type SmtpCapture } from './smtp';
import { withCli } from './support/spawn-cli';

jest.setTimeout(30_000);

type MailOptions = Parameters<nodemailer.Transporter['sendMail']>[0];

function transport(
  capture: { port: number },
  auth?: { user: string; pass: string; method?: 'PLAIN' | 'LOGIN' },
): nodemailer.Transporter {
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port: capture.port,
    secure: false,
    ignoreTLS: true,
    ...(auth
      ? { auth: { user: auth.user, pass: auth.pass }, authMethod: auth.method ?? 'PLAIN' }
      : {}),
  });
}

async function send(
  capture: { port: number },
  mail: MailOptions,
  auth?: { user: string; pass: string; method?: 'PLAIN' | 'LOGIN' },
): Promise<void> {
  const transporter = transport(capture, auth);
  try {
    await transporter.sendMail(mail);
  } finally {
    transporter.close();
  }
}

const completionMail: MailOptions = {
  from: '"Sell My Images" <shop@example.com>',
  to: 'Buyer <buyer@example.com>',
  subject: 'Your hi-res image is ready',
  text: 'Download it here: http://127.0.0.1:1337/api/sell-my-images/downloads/abc',
  html: '<p>Download it <a href="http://127.0.0.1:1337/api/sell-my-images/downloads/abc">here</a>.</p>',
  headers: { 'X-SMI-Job-Id': 'job-123' },
};

describe('SMTP capture', () => {
  let capture: SmtpCapture;

  beforeAll(async () => {
    capture = await startSmtpCapture();
  });

  afterEach(() => capture.clear());

  afterAll(() => capture.close());

  test('captures a mail with HTML, text and a custom header sent without auth', async () => {
    await send(capture, completionMail);
    const message = await capture.waitForMessage();

    expect(message).toMatchObject({
      id: expect.any(String),
      from: '"Sell My Images" <shop@example.com>',
      to: ['buyer@example.com'],
      subject: 'Your hi-res image is ready',
      text: 'Download it here: http://127.0.0.1:1337/api/sell-my-images/downloads/abc',
      html: '<p>Download it <a href="http://127.0.0.1:1337/api/sell-my-images/downloads/abc">here</a>.</p>',
      envelope: {
        mailFrom: 'shop@example.com',
        rcptTo: ['buyer@example.com'],
        remoteAddress: '127.0.0.1',
      },
      attachments: [],
    });
    expect(message.headers['x-smi-job-id']).toBe('job-123');
    expect(message.headers['content-type']).toMatch(/^multipart\/alternative/);
    expect(message.envelope).not.toHaveProperty('authUser');
    expect(message.date).toBeInstanceOf(Date);
    expect(message.size).toBe(message.raw.length);
    expect(message.raw.toString('utf8')).toMatch(/^X-SMI-Job-Id: job-123\r?$/im);
    expect(capture.messages).toHaveLength(1);
  });

  test.each(['PLAIN', 'LOGIN'] as const)(
    'accepts AUTH %s with any credentials and records the username',
    async (method) => {
      await send(
        capture,
        { ...completionMail, subject: `auth ${method}` },
        { user: `user-${method}`, pass: 'whatever', method },
      );
      const message = await capture.waitForMessage((m) => m.subject === `auth ${method}`);
      expect(message.envelope.authUser).toBe(`user-${method}`);
    },
  );

  test('a mail without an HTML part has no html, and Bcc recipients are in `to`', async () => {
    await send(capture, {
      from: 'shop@example.com',
      to: 'a@example.com',
      bcc: 'audit@example.com',
      subject: 'plain',
      text: 'only text',
    });
    const message = await capture.waitForMessage();
    expect(message.text).toMatch(/^only text\s*$/);
    expect(message).not.toHaveProperty('html');
    expect(message.to).toEqual(['a@example.com', 'audit@example.com']);
  });

  test('waitForMessage waits for a message that arrives later and picks the one matching the predicate', async () => {
    const waiting = capture.waitForMessage((m: CapturedMessage) => m.subject === 'second', 5_000);
    await send(capture, { ...completionMail, subject: 'first' });
    await send(capture, { ...completionMail, subject: 'second', to: 'other@example.com' });

    const message = await waiting;
    expect(message.subject).toBe('second');
    expect(message.to).toEqual(['other@example.com']);
    expect(capture.messages.map((m) => m.subject)).toEqual(['first', 'second']);
  });

  test('waitForMessage rejects with a clear error when nothing matches within the timeout', async () => {
    await send(capture, { ...completionMail, subject: 'unrelated' });
    await capture.waitForMessage();

    const started = Date.now();
    await expect(capture.waitForMessage((m) => m.subject === 'never sent', 300)).rejects.toThrow(
      'No e-mail matching the predicate arrived within 300 ms (1 received: "unrelated")',
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  test('clear() forgets the received messages', async () => {
    await send(capture, completionMail);
    await capture.waitForMessage();
    capture.clear();
    expect(capture.messages).toHaveLength(0);
    await expect(capture.waitForMessage(undefined, 100)).rejects.toThrow(/within 100 ms/);
  });
});

describe('SMTP capture limits and lifecycle', () => {
  test('rejects a message over the size limit with 552 and keeps nothing', async () => {
    const capture = await startSmtpCapture({ maxMessageBytes: 2_048 });
    try {
      const failure = send(capture, { ...completionMail, text: 'x'.repeat(10_000) });
      await expect(failure).rejects.toMatchObject({ responseCode: 552 });
      expect(capture.messages).toHaveLength(0);

      await send(capture, { ...completionMail, html: undefined, text: 'small' });
      expect((await capture.waitForMessage()).text).toMatch(/^small\s*$/);
    } finally {
      await capture.close();
    }
  });

  test('refuses every message while told to (a provider outage), and accepts again', async () => {
    const capture = await startSmtpCapture();
    try {
      capture.refuse();
      await expect(send(capture, completionMail)).rejects.toMatchObject({ responseCode: 451 });
      capture.refuse(550);
      await expect(send(capture, completionMail)).rejects.toMatchObject({ responseCode: 550 });
      expect(capture.messages).toHaveLength(0);
      expect(capture.refused).toBe(2);
      capture.accept();
      await send(capture, completionMail);
      expect((await capture.waitForMessage()).subject).toBe(completionMail.subject);
    } finally {
      await capture.close();
    }
  });

  test('close() rejects pending waits', async () => {
    const capture = await startSmtpCapture();
    const waiting = capture.waitForMessage(undefined, 5_000);
    await capture.close();
    await expect(waiting).rejects.toThrow('SMTP capture closed while waiting for a message');
  });
});

describe('SMTP capture inbox', () => {
  let capture: SmtpCapture;
  let inbox: string;

  beforeAll(async () => {
    capture = await startSmtpCapture({ inboxPort: 0 });
    inbox = capture.inboxUrl!;
  });

  afterAll(() => capture.close());

  test('serves the inbox only when asked for', async () => {
    const plain = await startSmtpCapture();
    try {
      expect(plain.inboxUrl).toBeUndefined();
    } finally {
      await plain.close();
    }
    expect(inbox).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('lists the messages newest first, escaping what it shows', async () => {
    await send(capture, { ...completionMail, subject: 'older mail' });
    await send(capture, {
      ...completionMail,
      to: 'Evil <evil@example.com>',
      subject: '<script>alert("x")</script> & more',
      html: '<p onclick="steal()">Hi <b>there</b> "friend"</p>',
      text: 'Hi <there>',
    });
    const evil = await capture.waitForMessage((m) => m.subject.startsWith('<script>'));

    const list = await axios.get<string>(`${inbox}/`, { responseType: 'text' });
    expect(list.status).toBe(200);
    expect(list.headers['content-type']).toMatch(/^text\/html/);
    expect(list.data).toContain('<style>');
    expect(list.data).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(list.data).not.toContain('<script>');
    expect(list.data).toContain('&quot;Sell My Images&quot; &lt;shop@example.com&gt;');
    expect(list.data).toContain(`href="/messages/${evil.id}"`);
    expect(list.data.indexOf('&lt;script&gt;')).toBeLessThan(list.data.indexOf('older mail'));

    const detail = await axios.get<string>(`${inbox}/messages/${evil.id}`, {
      responseType: 'text',
    });
    expect(detail.status).toBe(200);
    expect(detail.data).toMatch(
      /<iframe [^>]*sandbox="allow-popups allow-popups-to-escape-sandbox"[^>]*srcdoc="/,
    );
    expect(detail.data).toContain(
      'srcdoc="&lt;base target=&quot;_blank&quot;&gt;&lt;p onclick=&quot;steal()&quot;&gt;Hi &lt;b&gt;there&lt;/b&gt; &quot;friend&quot;&lt;/p&gt;"',
    );
    expect(detail.data).toContain('<pre>Hi &lt;there&gt;</pre>');
    expect(detail.data).not.toContain('<script>');
    expect(detail.data).not.toContain('<p onclick');

    const raw = await axios.get<string>(`${inbox}/messages/${evil.id}/raw`, {
      responseType: 'text',
    });
    expect(raw.headers['content-type']).toMatch(/^text\/plain/);
    expect(raw.data).toBe(evil.raw.toString('utf8'));

    const missing = await axios.get(`${inbox}/messages/999999`, { validateStatus: () => true });
    expect(missing.status).toBe(404);
  });

  test('GET /api/messages returns the messages as JSON, without the raw bytes', async () => {
    capture.clear();
    await send(capture, completionMail);
    const message = await capture.waitForMessage();

    const list = await axios.get<MessageJson[]>(`${inbox}/api/messages`);
    expect(list.headers['content-type']).toMatch(/^application\/json/);
    expect(list.data).toEqual([
      expect.objectContaining({
        id: message.id,
        subject: 'Your hi-res image is ready',
        to: ['buyer@example.com'],
        html: completionMail.html,
        date: message.date.toISOString(),
        headers: expect.objectContaining({ 'x-smi-job-id': 'job-123' }),
      }),
    ]);
    expect(list.data[0]).not.toHaveProperty('raw');

    const one = await axios.get<MessageJson>(`${inbox}/api/messages/${message.id}`);
    expect(one.data.subject).toBe('Your hi-res image is ready');
    const unknown = await axios.get(`${inbox}/api/messages/nope`, { validateStatus: () => true });
    expect(unknown.status).toBe(404);

    const cleared = await axios.delete(`${inbox}/api/messages`);
    expect(cleared.status).toBe(204);
    expect(capture.messages).toHaveLength(0);
    expect((await axios.get<MessageJson[]>(`${inbox}/api/messages`)).data).toEqual([]);
  });

  test('the CLI starts a capture with an inbox from the environment and stops on SIGTERM', async () => {
    const code = await withCli<{ host: string; port: number; inboxUrl: string }>(
      'smtp/cli.ts',
      { SMTP_CAPTURE_PORT: '0', SMTP_CAPTURE_INBOX_PORT: '0' },
      async (info) => {
        expect(info).toEqual({
          host: '127.0.0.1',
          port: expect.any(Number),
          inboxUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        });

        await send(info, { ...completionMail, subject: 'via the CLI' });
        const list = await axios.get<MessageJson[]>(`${info.inboxUrl}/api/messages`);
        expect(list.data.map((m) => m.subject)).toEqual(['via the CLI']);
      },
    );
    expect(code).toBe(0);
  });
});
