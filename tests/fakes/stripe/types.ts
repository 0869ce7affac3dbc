/**
 * Shapes of the Stripe objects the fake serves. They follow the real API objects for
 * the fields the plugin reads (a subset; real objects carry many more fields).
 */
import type { WebhookEndpoint } from './webhook-endpoints';

export type Metadata = Record<string, string>;

export type SessionStatus = 'open' | 'complete' | 'expired';
export type SessionPaymentStatus = 'paid' | 'unpaid';
export type PaymentIntentStatus = 'succeeded' | 'processing' | 'requires_payment_method';
export type ChargeStatus = 'succeeded' | 'pending' | 'failed';
export type RefundReason = 'duplicate' | 'fraudulent' | 'requested_by_customer';

export interface Address {
  city: string | null;
  country: string | null;
  line1: string | null;
  line2: string | null;
  postal_code: string | null;
  state: string | null;
}

export interface CustomerDetails {
  email: string | null;
  name: string | null;
  phone: string | null;
  address: Address | null;
  tax_exempt: 'none';
  tax_ids: never[];
}

export interface TotalDetails {
  amount_discount: number;
  amount_shipping: number;
  amount_tax: number;
}

export interface SessionDiscount {
  coupon: string | null;
  promotion_code: string | null;
}

export interface CheckoutSession {
  id: string;
  object: 'checkout.session';
  adaptive_pricing: { enabled: boolean } | null;
  allow_promotion_codes: boolean | null;
  amount_subtotal: number;
  amount_total: number;
  automatic_tax: {
    enabled: boolean;
    liability: { type: 'self' } | null;
    status: 'complete' | 'requires_location_inputs' | null;
  };
  billing_address_collection: 'auto' | 'required' | null;
  consent_collection: {
    promotions: string | null;
    terms_of_service: 'none' | 'required' | null;
  } | null;
  custom_text: Record<string, { message: string } | null>;
  discounts: SessionDiscount[];
  invoice: string | null;
  invoice_creation: {
    enabled: boolean;
    invoice_data: { footer: string | null; metadata: Metadata; description: string | null };
  } | null;
  presentment_details?: { presentment_amount: number; presentment_currency: string };
  tax_id_collection: { enabled: boolean; required: 'if_supported' | 'never' } | null;
  total_details: TotalDetails;
  cancel_url: string | null;
  client_reference_id: string | null;
  created: number;
  currency: string;
  customer: null;
  customer_details: CustomerDetails | null;
  customer_email: string | null;
  expires_at: number;
  livemode: false;
  locale: string | null;
  metadata: Metadata;
  mode: 'payment';
  payment_intent: string | null;
  payment_method_types: string[];
  payment_status: SessionPaymentStatus;
  status: SessionStatus;
  success_url: string;
  ui_mode: 'hosted';
  /** Only present while the session is open, as on Stripe. */
  url: string | null;
}

export interface Price {
  id: string;
  object: 'price';
  active: boolean;
  currency: string;
  livemode: false;
  metadata: Metadata;
  product: string;
  type: 'one_time';
  unit_amount: number;
}

/** A Checkout line item (`object: 'item'`), as listed by `GET /v1/checkout/sessions/:id/line_items`. */
export interface LineItem {
  id: string;
  object: 'item';
  amount_discount: number;
  amount_subtotal: number;
  amount_tax: number;
  amount_total: number;
  currency: string;
  description: string;
  discounts: { amount: number; discount: SessionDiscount }[];
  price: Price & { tax_behavior: 'exclusive' | 'inclusive' | 'unspecified' | null };
  quantity: number;
  taxes: {
    amount: number;
    rate: { percentage: number; country: string };
    taxable_amount: number;
  }[];
}

/** Product data given inline through `price_data[product_data]`; kept beside the line item. */
export interface InlineProduct {
  id: string;
  name: string;
  description: string | null;
  metadata: Metadata;
  tax_code: string | null;
}

export interface Coupon {
  id: string;
  object: 'coupon';
  amount_off: number | null;
  created: number;
  currency: string | null;
  duration: 'once' | 'repeating' | 'forever';
  livemode: false;
  metadata: Metadata;
  name: string | null;
  percent_off: number | null;
  times_redeemed: number;
  valid: boolean;
}

export interface PromotionCode {
  id: string;
  object: 'promotion_code';
  active: boolean;
  code: string;
  created: number;
  customer: null;
  expires_at: number | null;
  livemode: false;
  max_redemptions: number | null;
  metadata: Metadata;
  promotion: { type: 'coupon'; coupon: string };
  times_redeemed: number;
}

export interface Invoice {
  id: string;
  object: 'invoice';
  amount_due: number;
  amount_paid: number;
  created: number;
  currency: string;
  customer_email: string | null;
  description: string | null;
  footer: string | null;
  hosted_invoice_url: string;
  invoice_pdf: string;
  livemode: false;
  metadata: Metadata;
  number: string;
  status: 'paid';
  subtotal: number;
  total: number;
  total_taxes: { amount: number }[];
}

/** `GET /v1/tax/settings`: `active` once the head office address is set and Stripe Tax is on. */
export interface TaxSettings {
  object: 'tax.settings';
  defaults: { tax_behavior: null; tax_code: string | null };
  head_office: { address: Address } | null;
  livemode: false;
  status: 'active' | 'pending';
  status_details: { active?: Record<string, never>; pending?: { missing_fields: string[] } };
}

export interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  created: number;
  description: string | null;
  latest_charge: string | null;
  livemode: false;
  metadata: Metadata;
  payment_method_types: string[];
  receipt_email: string | null;
  status: PaymentIntentStatus;
}

export interface Charge {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  billing_details: { email: string | null; name: string | null };
  captured: boolean;
  created: number;
  currency: string;
  /** Whether a dispute was ever opened on the charge (it stays true once won). */
  disputed: boolean;
  livemode: false;
  metadata: Metadata;
  paid: boolean;
  payment_intent: string;
  refunded: boolean;
  status: ChargeStatus;
}

export interface Refund {
  id: string;
  object: 'refund';
  amount: number;
  charge: string;
  created: number;
  currency: string;
  metadata: Metadata;
  payment_intent: string;
  reason: RefundReason | null;
  /** `failed` when the bank could not return the money after Stripe accepted the refund. */
  status: 'succeeded' | 'failed';
  failure_reason?: string;
}

/** Dispute statuses: `warning_*` for inquiries (no money moved), the others for chargebacks. */
export type DisputeStatus =
  | 'warning_needs_response'
  | 'warning_under_review'
  | 'warning_closed'
  | 'needs_response'
  | 'under_review'
  | 'won'
  | 'lost';

export interface Dispute {
  id: string;
  object: 'dispute';
  amount: number;
  charge: string;
  created: number;
  currency: string;
  /** Inquiries leave the charge refundable; a chargeback does not. */
  is_charge_refundable: boolean;
  livemode: false;
  metadata: Metadata;
  payment_intent: string;
  reason: string;
  status: DisputeStatus;
}

/** A Radar early fraud warning: the card issuer reports the charge as likely fraud. */
export interface EarlyFraudWarning {
  id: string;
  object: 'radar.early_fraud_warning';
  /** Whether a refund or dispute can still be acted on (false once refunded or disputed). */
  actionable: boolean;
  charge: string;
  created: number;
  fraud_type: string;
  livemode: false;
  payment_intent: string;
}

export type StripeObject =
  | CheckoutSession
  | PaymentIntent
  | Charge
  | Refund
  | Dispute
  | EarlyFraudWarning
  | Record<string, unknown>;

export interface EventRequestInfo {
  id: string | null;
  idempotency_key: string | null;
}

export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: StripeObject; previous_attributes?: Record<string, unknown> };
  /** Always false from the fake (test mode); a test may flip it to play a live-mode event. */
  livemode: boolean;
  pending_webhooks: number;
  request: EventRequestInfo;
  type: string;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Parsed query string (GET parameters). */
  query: Record<string, unknown>;
  idempotencyKey?: string;
  /** Parsed form body (Stripe bracket notation), `{}` when there is none. */
  body: Record<string, unknown>;
  /** `Date.now()` when the request arrived. */
  time: number;
  /** HTTP status the fake answered with (0 when the response was dropped on purpose). */
  status?: number;
  /** True when the answer was replayed from the idempotency store. */
  replayed?: boolean;
}

export interface Delivery {
  eventId: string;
  type: string;
  url: string;
  attempts: number;
  /** HTTP status of each attempt; 0 for a network error or timeout. */
  statuses: number[];
  delivered: boolean;
}

export interface DeliveryResult {
  status: number;
  attempts: number;
}

/** A fault the server injects into the next matching API requests (to test client retries). */
export interface InjectedFault {
  method: string;
  pathPrefix: string;
  /**
   * `server-error`: answer 500 `api_error` without doing anything.
   * `drop-response`: do the work (and store the idempotent result), then close the
   * connection without answering, as when a response is lost on the network.
   */
  kind: 'server-error' | 'drop-response';
  /** How many matching requests it affects (default 1). */
  times?: number;
}

export interface StripeFakeOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  webhookUrl?: string;
  /** Default: a random `whsec_…`. */
  webhookSecret?: string;
  /** When given, only this key is accepted; otherwise any `sk_test_…` key. */
  apiKey?: string;
  /** Waits between webhook delivery attempts (default [200, 1000, 3000]): attempts = 1 + length. */
  retryDelaysMs?: number[];
  /** Timeout of one webhook delivery attempt (default 10 s). */
  webhookTimeoutMs?: number;
  /** `api_version` written into events (default: the installed SDK's version). */
  apiVersion?: string;
}

export interface CompleteSessionOptions {
  email?: string;
  /** The billing country the buyer enters (Stripe Tax's location), default `FR`. */
  country?: string;
  /** A promotion code the buyer types (the session must allow promotion codes). */
  promotionCode?: string;
  /** The buyer's currency with Adaptive Pricing on (e.g. `eur`); ignored when it is off. */
  presentmentCurrency?: string;
  /** 'unpaid' = asynchronous payment method still pending (e.g. bank debit). */
  paymentStatus?: SessionPaymentStatus;
}

export interface OpenDisputeOptions {
  /** Default `fraudulent`. */
  reason?: string;
  /** An inquiry (`warning_needs_response`): no money moves, the charge stays refundable. */
  inquiry?: boolean;
}

export interface DeliverOptions {
  /** Unix seconds written into `t=`; default now (fresh for each attempt). */
  timestamp?: number;
  /** Send this `Stripe-Signature` header verbatim instead of signing. */
  signature?: string;
}

export interface SignOptions {
  timestamp?: number;
  secret?: string;
}

export interface StripeFake {
  url: string;
  port: number;
  /** A key the fake accepts (the `apiKey` option, or a sample `sk_test_…` key). */
  apiKey: string;
  webhookSecret: string;
  webhookUrl: string | null;
  requests: RecordedRequest[];
  count(method: string, pathPrefix: string): number;
  sessions: Map<string, CheckoutSession>;
  paymentIntents: Map<string, PaymentIntent>;
  charges: Map<string, Charge>;
  refunds: Map<string, Refund>;
  events: StripeEvent[];
  coupons: Map<string, Coupon>;
  promotionCodes: Map<string, PromotionCode>;
  invoices: Map<string, Invoice>;
  /** `GET /v1/tax/settings` answers this status; `pending` also refuses `automatic_tax` sessions. */
  setTaxStatus(status: TaxSettings['status']): void;
  /** `/v1/webhook_endpoints` as created through the API, and each one's signing secret. */
  webhookEndpoints: Map<string, WebhookEndpoint>;
  webhookEndpointSecrets: Map<string, string>;
  deliveries: Delivery[];
  setWebhook(url: string | null, secret?: string): void;
  lineItems(sessionId: string): LineItem[];
  productOf(lineItem: LineItem): InlineProduct | undefined;
  completeSession(id: string, opts?: CompleteSessionOptions): Promise<StripeEvent>;
  asyncPaymentSucceeded(id: string): Promise<StripeEvent>;
  asyncPaymentFailed(id: string): Promise<StripeEvent>;
  expireSession(id: string): Promise<StripeEvent>;
  /** Refunds like a dashboard user would (no API request); delivers `charge.refunded`. */
  refund(paymentIntentId: string, amount?: number): Promise<{ refund: Refund; event: StripeEvent }>;
  /** The bank returns a refund Stripe had accepted: delivers `charge.refund.updated` and `refund.failed`. */
  failRefund(refundId: string, failureReason?: string): Promise<StripeEvent>;
  disputes: Map<string, Dispute>;
  earlyFraudWarnings: Map<string, EarlyFraudWarning>;
  /** The buyer's bank opens a dispute (or an inquiry): delivers `charge.dispute.created`. */
  openDispute(paymentIntentId: string, options?: OpenDisputeOptions): Promise<Dispute>;
  /** The dispute is decided: delivers `charge.dispute.closed` (status `won`, `lost`, or `warning_closed` for an inquiry). */
  closeDispute(disputeId: string, outcome: 'won' | 'lost'): Promise<Dispute>;
  /** The card issuer reports fraud: delivers `radar.early_fraud_warning.created`. */
  earlyFraudWarning(paymentIntentId: string, fraudType?: string): Promise<EarlyFraudWarning>;
  buildEvent(
    type: string,
    object: object,
    previousAttributes?: Record<string, unknown>,
  ): StripeEvent;
  sign(payload: string, opts?: SignOptions): string;
  deliver(event: StripeEvent, opts?: DeliverOptions): Promise<DeliveryResult>;
  waitForDeliveries(): Promise<void>;
  injectFault(fault: InjectedFault): void;
  /** Forgets requests, deliveries and injected faults (objects and events stay). */
  resetLog(): void;
  close(): Promise<void>;
}
