import type { CapturedMessage } from './types';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

const STYLE = `
  body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1f2430; background: #f5f6f8; }
  header { background: #1f2430; color: #fff; padding: 12px 24px; }
  header a { color: #fff; text-decoration: none; }
  main { padding: 16px 24px; }
  table { border-collapse: collapse; width: 100%; background: #fff; }
  th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid #e3e5ea; vertical-align: top; }
  th { background: #eef0f4; font-weight: 600; }
  tr:hover td { background: #fafbfc; }
  .empty { color: #6b7280; padding: 24px; background: #fff; }
  .meta th { width: 120px; }
  iframe { width: 100%; height: 480px; border: 1px solid #d6d9e0; background: #fff; }
  pre { white-space: pre-wrap; background: #fff; border: 1px solid #d6d9e0; padding: 12px; }
  h2 { font-size: 15px; margin: 20px 0 8px; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><a href="/">SMTP capture</a></header>
<main>
${body}
</main>
</body>
</html>
`;
}

/** `GET /`: every message, newest first. */
export function renderInbox(messages: readonly CapturedMessage[]): string {
  if (messages.length === 0) return page('Inbox', '<p class="empty">No messages yet.</p>');
  const rows = [...messages]
    .reverse()
    .map(
      (message) => `<tr>
  <td>${escapeHtml(message.date.toISOString())}</td>
  <td>${escapeHtml(message.from)}</td>
  <td>${escapeHtml(message.to.join(', '))}</td>
  <td><a href="/messages/${encodeURIComponent(message.id)}">${escapeHtml(message.subject || '(no subject)')}</a></td>
</tr>`,
    )
    .join('\n');
  return page(
    `Inbox (${messages.length})`,
    `<table>
<thead><tr><th>Date</th><th>From</th><th>To</th><th>Subject</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`,
  );
}

/** `GET /messages/:id`: headers, the HTML part in a sandboxed frame, the text part. */
export function renderMessage(message: CapturedMessage): string {
  const fields: Array<[string, string]> = [
    ['From', message.from],
    ['To', message.to.join(', ')],
    ['Subject', message.subject],
    ['Date', message.date.toISOString()],
    ['Size', `${message.size} bytes`],
  ];
  const meta = fields
    .map(([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('\n');
  // Links in the mail open in a new tab; the frame runs no script and cannot reach this page.
  const html =
    message.html === undefined
      ? '<p class="empty">No HTML part.</p>'
      : `<iframe title="HTML part" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${escapeHtml(
          `<base target="_blank">${message.html}`,
        )}"></iframe>`;
  const text =
    message.text === undefined
      ? '<p class="empty">No text part.</p>'
      : `<pre>${escapeHtml(message.text)}</pre>`;
  const headers = Object.entries(message.headers)
    .map(([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('\n');
  const attachments =
    message.attachments.length === 0
      ? ''
      : `<h2>Attachments</h2><ul>${message.attachments
          .map(
            (a) =>
              `<li>${escapeHtml(a.filename ?? '(unnamed)')} (${escapeHtml(a.contentType)}, ${a.size} bytes)</li>`,
          )
          .join('')}</ul>`;
  return page(
    message.subject || '(no subject)',
    `<table class="meta">${meta}</table>
<h2>HTML part</h2>
${html}
<h2>Text part</h2>
${text}
${attachments}
<h2>Headers</h2>
<table class="meta">${headers}</table>
<p><a href="/messages/${encodeURIComponent(message.id)}/raw">Raw message</a></p>`,
  );
}
