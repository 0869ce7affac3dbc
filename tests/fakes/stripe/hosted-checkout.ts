/**
 * `GET /checkout/pay/:id` shows the payment page; `POST /checkout/pay/:id` (form body:
 * optional `email`, optional `outcome=paid|async_pending`) completes the session like
 * `fake.completeSession` and answers `303` to the session's `success_url` with
 * `{CHECKOUT_SESSION_ID}` filled in.
 */
import type { ServerResponse } from 'node:http';
import {
  closedSessionNotice,
  renderCheckoutPage,
  renderInvoicePage,
  renderNoticePage,
} from './checkout-page';
import { StripeApiError } from './errors';
import type { FormObject } from './form';
import type { StripeLedger } from './ledger';
import type { CheckoutSession, CompleteSessionOptions, StripeEvent } from './types';

export const CHECKOUT_PATH_PATTERN = /^\/checkout\/pay\/([A-Za-z0-9_]+)$/;
const INVOICE_PATH_PATTERN = /^\/invoices\/([A-Za-z0-9_]+)(\/pdf)?$/;

/** `GET /invoices/:id`: the hosted invoice page (`hosted_invoice_url`) of an invoice. */
export function handleHostedInvoice(
  ledger: StripeLedger,
  path: string,
  res: ServerResponse,
): number {
  const id = INVOICE_PATH_PATTERN.exec(path)?.[1];
  const invoice = id ? ledger.commerce.invoices.get(id) : undefined;
  if (!invoice)
    return sendHtml(res, 404, renderNoticePage('Invoice not found', 'No such invoice.'));
  return sendHtml(res, 200, renderInvoicePage(invoice));
}
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface HostedCheckoutDeps {
  ledger: StripeLedger;
  complete(id: string, options: CompleteSessionOptions): Promise<StripeEvent>;
}

export function successRedirectUrl(session: CheckoutSession): string {
  return session.success_url.split('{CHECKOUT_SESSION_ID}').join(session.id);
}

/** Answers a hosted checkout request; returns the HTTP status sent. */
export async function handleHostedCheckout(
  deps: HostedCheckoutDeps,
  method: string,
  path: string,
  form: FormObject,
  res: ServerResponse,
): Promise<number> {
  const match = CHECKOUT_PATH_PATTERN.exec(path);
  const session = match?.[1] ? deps.ledger.sessions.get(match[1]) : undefined;
  if (!match || !session) {
    return sendHtml(
      res,
      404,
      renderNoticePage(
        'Checkout session not found',
        'This payment link does not exist on the local Stripe simulator.',
      ),
    );
  }
  if (method !== 'GET' && method !== 'POST') {
    res.setHeader('Allow', 'GET, POST');
    return sendHtml(
      res,
      405,
      renderNoticePage('Method not allowed', `${method} is not supported here.`),
    );
  }
  if (session.status !== 'open') {
    const notice = closedSessionNotice(session);
    const link =
      session.status === 'complete'
        ? { href: successRedirectUrl(session), text: 'Continue' }
        : undefined;
    return sendHtml(
      res,
      method === 'GET' ? 200 : 409,
      renderNoticePage(notice.title, notice.message, link),
    );
  }
  const view = { session, items: pageItems(deps.ledger, session), action: path };
  if (method === 'GET') return sendHtml(res, 200, renderCheckoutPage(view));

  const email =
    typeof form.email === 'string' && form.email.trim() !== '' ? form.email.trim() : undefined;
  if (!session.customer_email && (!email || !EMAIL_PATTERN.test(email))) {
    return sendHtml(
      res,
      400,
      renderCheckoutPage({
        ...view,
        email,
        error: 'Enter a valid e-mail address to receive your download link.',
      }),
    );
  }
  if (session.consent_collection?.terms_of_service === 'required' && form.terms !== 'accepted') {
    return sendHtml(
      res,
      400,
      renderCheckoutPage({ ...view, email, error: 'Accept the terms of service to pay.' }),
    );
  }
  const paymentStatus = form.outcome === 'async_pending' ? 'unpaid' : 'paid';
  const field = (name: string) => {
    const value = form[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  try {
    await deps.complete(session.id, {
      email: session.customer_email ? undefined : email,
      paymentStatus,
      country: field('country'),
      promotionCode: field('promotion_code'),
      presentmentCurrency: field('currency'),
    });
  } catch (error) {
    if (!(error instanceof StripeApiError)) throw error;
    return sendHtml(res, 409, renderNoticePage('Payment not possible', error.message));
  }
  res.writeHead(303, { Location: successRedirectUrl(session), 'Content-Length': 0 });
  res.end();
  return 303;
}

function pageItems(ledger: StripeLedger, session: CheckoutSession) {
  return ledger
    .lineItems(session.id)
    .map((lineItem) => ({ lineItem, product: ledger.productOf(lineItem) }));
}

function sendHtml(res: ServerResponse, status: number, html: string): number {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action *",
  });
  res.end(html);
  return status;
}
