/**
 * The customer e-mails, as HTML plus a plain-text part. Every value is escaped; the
 * sender and site name come from the settings.
 */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface MailContext {
  siteName: string;
  supportEmail: string | null;
  termsUrl: string | null;
}

const escape = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string,
  );

function readableDate(date: Date): string {
  return (
    new Intl.DateTimeFormat('en-GB', {
      dateStyle: 'full',
      timeStyle: 'short',
      timeZone: 'UTC',
    }).format(date) + ' UTC'
  );
}

function layout(title: string, body: string, ctx: MailContext): string {
  const footer = [
    ctx.supportEmail
      ? `Questions? Write to <a href="mailto:${escape(ctx.supportEmail)}">${escape(ctx.supportEmail)}</a>.`
      : '',
    ctx.termsUrl ? `<a href="${escape(ctx.termsUrl)}">Terms of sale</a>` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return `<!doctype html><html><body style="margin:0;background:#f4f4f7;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2430">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:32px 12px">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;padding:32px">
<tr><td><p style="margin:0 0 8px;font-size:13px;color:#6b7080">${escape(ctx.siteName)}</p>
<h1 style="margin:0 0 16px;font-size:22px">${escape(title)}</h1>${body}
<p style="margin:24px 0 0;font-size:13px;color:#6b7080">${footer}</p></td></tr></table></td></tr></table></body></html>`;
}

function textFooter(ctx: MailContext): string {
  return [
    ctx.supportEmail ? `Questions? Write to ${ctx.supportEmail}.` : '',
    ctx.termsUrl ? `Terms of sale: ${ctx.termsUrl}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

export function completionMail(
  ctx: MailContext,
  job: {
    fileName: string;
    resolution: string;
    width: number;
    height: number;
    isAi: boolean;
    method?: string;
  },
  link: { url: string; expiresAt: Date; maxDownloads: number | null },
): MailContent {
  const what = `${job.fileName} — ${job.resolution} (${job.width} × ${job.height} px)`;
  // How it was made, when the provider says (local AI: label and model); the non-AI resize always says so.
  const method = !job.isAi
    ? ' It was enlarged with a high-quality (non-AI) resize.'
    : job.method
      ? ` Upscaled with ${job.method}.`
      : '';
  const limit = link.maxDownloads
    ? ` It can be used ${link.maxDownloads} time${link.maxDownloads > 1 ? 's' : ''}.`
    : '';
  const expiry = readableDate(link.expiresAt);
  return {
    subject: `Your high-resolution image is ready — ${ctx.siteName}`,
    text: `Thank you for your purchase!\n\nYour image ${what} is ready.${method}\n\nDownload it here:\n${link.url}\n\nThe link works until ${expiry}.${limit}\n\n${textFooter(ctx)}\n`,
    html: layout(
      'Your high-resolution image is ready',
      `<p style="margin:0 0 16px;line-height:1.5">Thank you for your purchase! <strong>${escape(what)}</strong> is ready.${escape(method)}</p>
<p style="margin:0 0 24px"><a href="${escape(link.url)}" style="display:inline-block;background:#4945ff;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:600">Download your image</a></p>
<p style="margin:0;font-size:14px;line-height:1.5;color:#4a4f5c">The link works until <strong>${escape(expiry)}</strong>.${escape(limit)}<br>If the button does not work, copy this address: <span style="word-break:break-all">${escape(link.url)}</span></p>`,
      ctx,
    ),
  };
}

export function failureMail(
  ctx: MailContext,
  job: { fileName: string; resolution: string; amount: string; refunded: boolean },
): MailContent {
  const refund = job.refunded
    ? `Your payment of ${job.amount} has been refunded in full; depending on your bank it can take 5–10 days to appear.`
    : 'We are refunding your payment; you will receive a confirmation.';
  return {
    subject: `We could not prepare your image — refunded — ${ctx.siteName}`,
    text: `We are sorry: we could not prepare the high-resolution copy of ${job.fileName} (${job.resolution}).\n\n${refund}\n\n${textFooter(ctx)}\n`,
    html: layout(
      'We could not prepare your image',
      `<p style="margin:0 0 16px;line-height:1.5">We are sorry: we could not prepare the high-resolution copy of <strong>${escape(job.fileName)}</strong> (${escape(job.resolution)}).</p>
<p style="margin:0;line-height:1.5">${escape(refund)}</p>`,
      ctx,
    ),
  };
}

export function reminderMail(
  ctx: MailContext,
  job: { fileName: string; resolution: string },
  link: { url: string; expiresAt: Date },
): MailContent {
  const expiry = readableDate(link.expiresAt);
  return {
    subject: `Your download link expires soon — ${ctx.siteName}`,
    text: `A reminder: the download link for ${job.fileName} (${job.resolution}) expires on ${expiry}.\n\n${link.url}\n\n${textFooter(ctx)}\n`,
    html: layout(
      'Your download link expires soon',
      `<p style="margin:0 0 16px;line-height:1.5">A reminder: the download link for <strong>${escape(job.fileName)}</strong> (${escape(job.resolution)}) expires on <strong>${escape(expiry)}</strong>.</p>
<p style="margin:0"><a href="${escape(link.url)}" style="display:inline-block;background:#4945ff;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:600">Download your image</a></p>`,
      ctx,
    ),
  };
}
