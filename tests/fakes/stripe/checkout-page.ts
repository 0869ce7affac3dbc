/**
 * The hosted payment page standing in for Stripe Checkout in tests and the demo:
 * plain HTML with inline CSS, no scripts and no external assets, clearly labelled as
 * a local simulator.
 */
import { formatAmount } from './currency';
import { TEST_FX_PER_USD, TEST_TAX_RATES } from './commerce';
import type { CheckoutSession, InlineProduct, Invoice, LineItem } from './types';

export const SIMULATOR_BANNER = 'Local Stripe simulator — no real payment';

export interface CheckoutPageItem {
  lineItem: LineItem;
  product: InlineProduct | undefined;
}

export interface CheckoutPageView {
  session: CheckoutSession;
  items: CheckoutPageItem[];
  /** Path the form posts to. */
  action: string;
  error?: string;
  email?: string;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1a1f36;background:#f6f9fc}
.banner{background:#fff4d6;border-bottom:1px solid #f0c36d;color:#7a4d00;text-align:center;padding:10px 16px;font-weight:600}
main{max-width:960px;margin:40px auto;padding:0 20px;display:flex;flex-wrap:wrap;align-items:flex-start;gap:32px}
.summary,.pay{flex:1 1 360px;min-width:0;overflow-wrap:anywhere;background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(50,50,93,.08);padding:28px}
.summary h1{font-size:15px;color:#697386;font-weight:500;margin:0 0 4px}
.total{font-size:36px;font-weight:700;margin:0 0 20px}
.item{display:flex;justify-content:space-between;gap:16px;border-top:1px solid #e3e8ee;padding:14px 0}
.item .name{font-weight:600}
.item .amount{white-space:nowrap}
.item .desc,.muted{color:#697386;font-size:14px}
label{display:block;font-size:14px;font-weight:500;margin:0 0 6px}
input[type=email],input[type=text],select{width:100%;padding:10px 12px;border:1px solid #cfd7df;border-radius:6px;font-size:16px}
.card{border:1px dashed #cfd7df;border-radius:6px;padding:10px 12px;color:#697386;font-size:14px;margin:16px 0}
button{width:100%;border:0;border-radius:6px;padding:12px;font-size:16px;font-weight:600;cursor:pointer;margin-top:12px}
.primary{background:#635bff;color:#fff}
.secondary{background:#e3e8ee;color:#1a1f36}
.cancel{display:inline-block;margin-top:16px;color:#635bff;text-decoration:none}
.error{background:#fde8e8;color:#9b1c1c;border-radius:6px;padding:10px 12px;margin-bottom:16px}
.notice{max-width:560px;margin:60px auto;background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(50,50,93,.08);padding:32px;text-align:center}
`;

function layout(title: string, body: string, lang = 'en'): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<div class="banner" role="status">${escapeHtml(SIMULATOR_BANNER)}</div>
${body}
</body>
</html>
`;
}

export function renderCheckoutPage(view: CheckoutPageView): string {
  const { session } = view;
  const total = formatAmount(session.amount_total, session.currency);
  const items = view.items.map(({ lineItem, product }) => renderItem(lineItem, product)).join('\n');
  const name = view.items[0]?.product?.name ?? 'Checkout';
  const emailField = session.customer_email
    ? `<p class="muted">Paying as <strong>${escapeHtml(session.customer_email)}</strong></p>`
    : `<label for="email">Email</label>
<input id="email" name="email" type="email" required autocomplete="email" placeholder="you@example.com" value="${escapeHtml(view.email ?? '')}">`;
  const cancel = session.cancel_url
    ? `<a class="cancel" href="${escapeHtml(session.cancel_url)}">&larr; Cancel and return</a>`
    : '';
  const error = view.error ? `<div class="error" role="alert">${escapeHtml(view.error)}</div>` : '';
  const expires = new Date(session.expires_at * 1000).toISOString().replace('T', ' ').slice(0, 16);
  return layout(
    `Pay ${total} — ${name}`,
    `<main>
<section class="summary" aria-label="Order summary">
<h1>Pay</h1>
<p class="total" data-testid="total">${escapeHtml(total)}</p>
${items}
${totals(session)}
</section>
<section class="pay" aria-label="Payment">
${error}
<form method="post" action="${escapeHtml(view.action)}">
${emailField}
${sellingFields(session)}
<div class="card">Card details are not needed: this simulator never charges anything.</div>
<button class="primary" type="submit" name="outcome" value="paid">Pay ${escapeHtml(total)}</button>
<button class="secondary" type="submit" name="outcome" value="async_pending">Pay by bank debit (payment confirmed later)</button>
</form>
${cancel}
<p class="muted">Session ${escapeHtml(session.id)} · expires ${escapeHtml(expires)} UTC</p>
</section>
</main>`,
    session.locale && session.locale !== 'auto' ? session.locale : 'en',
  );
}

function renderItem(lineItem: LineItem, product: InlineProduct | undefined): string {
  const description = product?.description
    ? `<div class="desc">${escapeHtml(product.description)}</div>`
    : '';
  const quantity = lineItem.quantity > 1 ? `<div class="desc">Qty ${lineItem.quantity}</div>` : '';
  return `<div class="item">
<div><div class="name">${escapeHtml(product?.name ?? lineItem.description)}</div>${description}${quantity}</div>
<div class="amount">${escapeHtml(formatAmount(lineItem.amount_subtotal, lineItem.currency))}</div>
</div>`;
}

/** Discount and tax lines; before payment the tax depends on the billing country chosen here. */
function totals(session: CheckoutSession): string {
  const { amount_discount: discount, amount_tax: tax } = session.total_details;
  const line = (label: string, amount: number) =>
    `<p class="muted">${escapeHtml(label)}: ${escapeHtml(formatAmount(amount, session.currency))}</p>`;
  const rates = Object.entries(TEST_TAX_RATES)
    .map(([country, rate]) => `${country} ${rate} %`)
    .join(', ');
  const taxLine = !session.automatic_tax.enabled
    ? ''
    : session.status === 'open'
      ? `<p class="muted">Tax: added for the billing country at payment (test rates ${escapeHtml(rates)}, none elsewhere)</p>`
      : line('Tax', tax);
  return [discount > 0 ? line('Discount', -discount) : '', taxLine].join('');
}

/** Test controls for what Stripe asks the buyer: address (tax), promotion code, currency, terms. */
function sellingFields(session: CheckoutSession): string {
  const fields: string[] = [];
  if (session.automatic_tax.enabled || session.billing_address_collection === 'required') {
    const countries = [...Object.keys(TEST_TAX_RATES), 'US']
      .map((code) => `<option value="${code}">${code}</option>`)
      .join('');
    fields.push(
      `<label for="country">Billing country</label><select id="country" name="country">${countries}</select>`,
    );
  }
  if (session.allow_promotion_codes) {
    fields.push(
      `<label for="promotion_code">Promotion code</label><input id="promotion_code" name="promotion_code" type="text">`,
    );
  }
  if (session.adaptive_pricing?.enabled) {
    const currencies = Object.keys(TEST_FX_PER_USD)
      .map(
        (code) =>
          `<option value="${code}"${code === session.currency ? ' selected' : ''}>${code.toUpperCase()}</option>`,
      )
      .join('');
    fields.push(
      `<label for="currency">Pay in</label><select id="currency" name="currency">${currencies}</select>`,
    );
  }
  if (session.consent_collection?.terms_of_service === 'required') {
    fields.push(
      `<label><input type="checkbox" name="terms" value="accepted" required> I agree to the terms of service</label>`,
    );
  }
  const submit = session.custom_text.submit?.message;
  if (submit) fields.push(`<p class="muted" data-testid="submit-text">${escapeHtml(submit)}</p>`);
  return fields.join('\n');
}

/** The hosted invoice page (`hosted_invoice_url`). */
export function renderInvoicePage(invoice: Invoice): string {
  const tax = invoice.total_taxes.reduce((sum, line) => sum + line.amount, 0);
  const rows = [
    ['Subtotal', formatAmount(invoice.subtotal, invoice.currency)],
    ['Tax', formatAmount(tax, invoice.currency)],
    ['Total paid', formatAmount(invoice.amount_paid, invoice.currency)],
  ]
    .map(
      ([label, value]) =>
        `<p>${escapeHtml(label ?? '')}: <strong>${escapeHtml(value ?? '')}</strong></p>`,
    )
    .join('');
  const footer = invoice.footer ? `<p class="muted">${escapeHtml(invoice.footer)}</p>` : '';
  return layout(
    `Invoice ${invoice.number}`,
    `<div class="notice"><h1>Invoice ${escapeHtml(invoice.number)}</h1>${rows}${footer}</div>`,
  );
}

/** A page that only says something (expired, already paid, unknown session). */
export function renderNoticePage(
  title: string,
  message: string,
  link?: { href: string; text: string },
): string {
  const action = link
    ? `<p><a class="cancel" href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>`
    : '';
  return layout(
    title,
    `<div class="notice"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${action}</div>`,
  );
}

/** Title and message for a session that can no longer be paid. */
export function closedSessionNotice(session: CheckoutSession): { title: string; message: string } {
  if (session.status === 'expired') {
    return {
      title: 'This checkout session has expired',
      message: 'The payment link is no longer valid. Start a new purchase to try again.',
    };
  }
  return {
    title: 'This checkout session is already complete',
    message: 'The payment was already submitted. Nothing more to do here.',
  };
}
