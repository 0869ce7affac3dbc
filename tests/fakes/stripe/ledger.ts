/**
 * The fake's account state: Checkout Sessions, PaymentIntents, charges, refunds and
 * events, and every state change Stripe would make to them. Synchronous on purpose:
 * each operation checks and changes state in one step, so two concurrent requests can
 * never both complete (or refund) the same object.
 */
import { CommerceStore, DEFAULT_BILLING_COUNTRY, presentmentOf, priceSession } from './commerce';
import { formatAmount } from './currency';
import { invalidState, resourceMissing } from './errors';
import { buildEvent } from './events';
import { newId, nowSeconds } from './ids';
import type {
  Charge,
  CheckoutSession,
  Dispute,
  EarlyFraudWarning,
  CompleteSessionOptions,
  EventRequestInfo,
  InlineProduct,
  LineItem,
  Metadata,
  PaymentIntent,
  Refund,
  RefundReason,
  StripeEvent,
} from './types';
import type { SellingInput } from './selling-params';

export interface LineItemInput {
  taxBehavior: 'exclusive' | 'inclusive' | 'unspecified' | null;
  taxCode: string | null;
  name: string;
  description: string | null;
  productMetadata: Metadata;
  currency: string;
  unitAmount: number;
  quantity: number;
}

export interface SessionInput {
  currency: string;
  lineItems: LineItemInput[];
  successUrl: string;
  cancelUrl: string | null;
  expiresAt: number;
  metadata: Metadata;
  paymentIntentMetadata: Metadata;
  paymentIntentDescription: string | null;
  receiptEmail: string | null;
  clientReferenceId: string | null;
  customerEmail: string | null;
  selling: SellingInput;
  paymentMethodTypes: string[];
}

export interface RefundInput {
  paymentIntent?: string;
  charge?: string;
  amount?: number;
  reason?: RefundReason;
  metadata: Metadata;
}

interface SessionExtras {
  lineItems: LineItem[];
  paymentIntentMetadata: Metadata;
  paymentIntentDescription: string | null;
  receiptEmail: string | null;
}

export class StripeLedger {
  readonly sessions = new Map<string, CheckoutSession>();
  readonly paymentIntents = new Map<string, PaymentIntent>();
  readonly charges = new Map<string, Charge>();
  readonly refunds = new Map<string, Refund>();
  readonly disputes = new Map<string, Dispute>();
  readonly earlyFraudWarnings = new Map<string, EarlyFraudWarning>();
  readonly events: StripeEvent[] = [];
  private readonly extras = new Map<string, SessionExtras>();
  private readonly products = new Map<string, InlineProduct>();
  readonly commerce: CommerceStore;

  constructor(
    private readonly apiVersion: string,
    /** Hosted payment page of a session (known once the server listens). */
    private readonly checkoutUrl: (sessionId: string) => string,
    baseUrl: () => string = () => '',
  ) {
    this.commerce = new CommerceStore(baseUrl);
  }

  createSession(input: SessionInput): CheckoutSession {
    const id = newId.checkoutSession();
    const lineItems = input.lineItems.map((item) => this.createLineItem(item));
    const total = lineItems.reduce((sum, item) => sum + item.amount_total, 0);
    const { selling } = input;
    const session: CheckoutSession = {
      id,
      object: 'checkout.session',
      adaptive_pricing:
        selling.adaptivePricing === null ? null : { enabled: selling.adaptivePricing },
      allow_promotion_codes: selling.allowPromotionCodes,
      amount_subtotal: total,
      amount_total: total,
      automatic_tax: {
        enabled: selling.automaticTax,
        liability: selling.automaticTax ? { type: 'self' } : null,
        status: selling.automaticTax ? 'requires_location_inputs' : null,
      },
      billing_address_collection: selling.billingAddressCollection,
      consent_collection: selling.consentCollection,
      custom_text: selling.customText,
      discounts: selling.discount ? [selling.discount] : [],
      invoice: null,
      invoice_creation: selling.invoiceCreation,
      tax_id_collection: selling.taxIdCollection,
      total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
      cancel_url: input.cancelUrl,
      client_reference_id: input.clientReferenceId,
      created: nowSeconds(),
      currency: input.currency,
      customer: null,
      customer_details: null,
      customer_email: input.customerEmail,
      expires_at: input.expiresAt,
      livemode: false,
      locale: selling.locale,
      metadata: input.metadata,
      mode: 'payment',
      payment_intent: null,
      payment_method_types: input.paymentMethodTypes,
      payment_status: 'unpaid',
      status: 'open',
      success_url: input.successUrl,
      ui_mode: 'hosted',
      url: this.checkoutUrl(id),
    };
    priceSession(session, lineItems, this.couponOf(session), null);
    this.sessions.set(id, session);
    this.extras.set(id, {
      lineItems,
      paymentIntentMetadata: input.paymentIntentMetadata,
      paymentIntentDescription: input.paymentIntentDescription,
      receiptEmail: input.receiptEmail,
    });
    return session;
  }

  lineItems(sessionId: string): LineItem[] {
    return this.extras.get(sessionId)?.lineItems ?? [];
  }

  productOf(lineItem: LineItem): InlineProduct | undefined {
    return this.products.get(lineItem.price.product);
  }

  getSession(id: string): CheckoutSession {
    const session = this.sessions.get(id);
    if (!session) throw resourceMissing('checkout.session', id, 'session');
    return session;
  }

  getPaymentIntent(id: string, param = 'intent'): PaymentIntent {
    const intent = this.paymentIntents.get(id);
    if (!intent) throw resourceMissing('payment_intent', id, param);
    return intent;
  }

  getCharge(id: string, param = 'charge'): Charge {
    const charge = this.charges.get(id);
    if (!charge) throw resourceMissing('charge', id, param);
    return charge;
  }

  getRefund(id: string): Refund {
    const refund = this.refunds.get(id);
    if (!refund) throw resourceMissing('refund', id, 'refund');
    return refund;
  }

  getEvent(id: string): StripeEvent {
    const event = this.events.find((candidate) => candidate.id === id);
    if (!event) throw resourceMissing('event', id, 'id');
    return event;
  }

  /**
   * The customer pays on the hosted page. `paymentStatus: 'unpaid'` stands for an
   * asynchronous payment method (bank debit) whose outcome arrives later.
   */
  completeSession(id: string, options: CompleteSessionOptions = {}): StripeEvent {
    const session = this.getSession(id);
    if (session.status !== 'open') {
      throw invalidState(
        `This Checkout Session is ${session.status}; only open Checkout Sessions can be paid.`,
      );
    }
    const email = options.email ?? session.customer_email;
    if (!email)
      throw invalidState(
        'An e-mail address is required to complete this Checkout Session.',
        undefined,
        'email',
      );
    const paid = (options.paymentStatus ?? 'paid') === 'paid';
    const extras = this.requireExtras(id);
    const country = this.settleAmounts(session, extras.lineItems, options);
    const created = nowSeconds();
    const intentId = newId.paymentIntent();
    const chargeId = newId.charge();
    const amount = session.amount_total;
    this.paymentIntents.set(intentId, {
      id: intentId,
      object: 'payment_intent',
      amount,
      amount_received: paid ? amount : 0,
      currency: session.currency,
      created,
      description: extras.paymentIntentDescription,
      latest_charge: chargeId,
      livemode: false,
      metadata: { ...extras.paymentIntentMetadata },
      payment_method_types: session.payment_method_types,
      receipt_email: extras.receiptEmail,
      status: paid ? 'succeeded' : 'processing',
    });
    this.charges.set(chargeId, {
      id: chargeId,
      object: 'charge',
      amount,
      amount_captured: paid ? amount : 0,
      amount_refunded: 0,
      billing_details: { email, name: null },
      captured: paid,
      created,
      currency: session.currency,
      disputed: false,
      livemode: false,
      metadata: { ...extras.paymentIntentMetadata },
      paid,
      payment_intent: intentId,
      refunded: false,
      status: paid ? 'succeeded' : 'pending',
    });
    session.status = 'complete';
    session.payment_status = paid ? 'paid' : 'unpaid';
    session.payment_intent = intentId;
    session.customer_details = {
      email,
      name: null,
      phone: null,
      address: country
        ? { city: null, country, line1: null, line2: null, postal_code: null, state: null }
        : null,
      tax_exempt: 'none',
      tax_ids: [],
    };
    session.url = null;
    if (session.discounts[0]) this.commerce.redeem(session.discounts[0]);
    if (session.invoice_creation?.enabled)
      session.invoice = this.commerce.createInvoice(session).id;
    return this.emit('checkout.session.completed', session);
  }

  asyncPaymentSucceeded(id: string): StripeEvent {
    const { session, intent, charge } = this.pendingAsyncPayment(id);
    intent.status = 'succeeded';
    intent.amount_received = intent.amount;
    charge.status = 'succeeded';
    charge.paid = true;
    charge.captured = true;
    charge.amount_captured = charge.amount;
    session.payment_status = 'paid';
    return this.emit('checkout.session.async_payment_succeeded', session);
  }

  asyncPaymentFailed(id: string): StripeEvent {
    const { session, intent, charge } = this.pendingAsyncPayment(id);
    intent.status = 'requires_payment_method';
    charge.status = 'failed';
    return this.emit('checkout.session.async_payment_failed', session);
  }

  expireSession(id: string, request?: EventRequestInfo): StripeEvent {
    const session = this.getSession(id);
    if (session.status !== 'open') {
      throw invalidState(
        `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of \`${session.status}\`.`,
      );
    }
    session.status = 'expired';
    session.url = null;
    return this.emit('checkout.session.expired', session, undefined, request);
  }

  createRefund(
    input: RefundInput,
    request?: EventRequestInfo,
  ): { refund: Refund; event: StripeEvent } {
    const { intent, charge } = this.refundTarget(input);
    const chargeback = [...this.disputes.values()].find(
      (dispute) => dispute.charge === charge.id && !dispute.is_charge_refundable,
    );
    if (chargeback) {
      throw invalidState(
        `Charge ${charge.id} has been charged back; cannot issue a refund.`,
        'charge_disputed',
      );
    }
    const remaining = charge.amount - charge.amount_refunded;
    if (remaining <= 0) {
      throw invalidState(
        `Charge ${charge.id} has already been refunded.`,
        'charge_already_refunded',
      );
    }
    const amount = input.amount ?? remaining;
    if (amount > remaining) {
      throw invalidState(
        `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
        'amount_too_large',
        'amount',
      );
    }
    const refund: Refund = {
      id: newId.refund(),
      object: 'refund',
      amount,
      charge: charge.id,
      created: nowSeconds(),
      currency: charge.currency,
      metadata: input.metadata,
      payment_intent: intent.id,
      reason: input.reason ?? null,
      status: 'succeeded',
    };
    this.refunds.set(refund.id, refund);
    const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded >= charge.amount;
    const event = this.emit('charge.refunded', charge, previous, request);
    return { refund, event };
  }

  /** `GET /v1/refunds`: newest first, optionally of one payment intent or charge. */
  listRefunds(filter: { paymentIntent?: string; charge?: string }): Refund[] {
    return [...this.refunds.values()]
      .filter(
        (refund) =>
          (!filter.paymentIntent || refund.payment_intent === filter.paymentIntent) &&
          (!filter.charge || refund.charge === filter.charge),
      )
      .reverse();
  }

  /**
   * The bank could not return a refund Stripe had accepted: the refund fails, its amount
   * is no longer refunded on the charge, and Stripe sends `charge.refund.updated` and
   * `refund.failed` (the events returned, in that order).
   */
  failRefund(id: string, failureReason = 'expired_or_canceled_card'): StripeEvent[] {
    const refund = this.getRefund(id);
    if (refund.status !== 'succeeded') {
      throw invalidState(`Refund ${id} is ${refund.status}; only a succeeded refund can fail.`);
    }
    refund.status = 'failed';
    refund.failure_reason = failureReason;
    const charge = this.getCharge(refund.charge);
    charge.amount_refunded -= refund.amount;
    charge.refunded = false;
    return [this.emit('charge.refund.updated', refund), this.emit('refund.failed', refund)];
  }

  /** Builds an event without recording it. */
  buildEvent(
    type: string,
    object: object,
    previousAttributes?: Record<string, unknown>,
    request?: EventRequestInfo,
  ): StripeEvent {
    return buildEvent(type, object, { apiVersion: this.apiVersion, previousAttributes, request });
  }

  /** Builds an event and records it (`GET /v1/events` lists it). */
  emit(
    type: string,
    object: object,
    previousAttributes?: Record<string, unknown>,
    request?: EventRequestInfo,
  ): StripeEvent {
    const event = this.buildEvent(type, object, previousAttributes, request);
    this.events.push(event);
    return event;
  }

  private couponOf(session: CheckoutSession) {
    const couponId = session.discounts[0]?.coupon;
    return couponId ? this.commerce.getCoupon(couponId) : null;
  }

  /**
   * At payment: the code the buyer typed, Stripe Tax for the billing address (asked when
   * tax or the address is on) and the buyer's currency with Adaptive Pricing. Returns the
   * billing country, if one was asked. Checks everything before changing the session.
   */
  private settleAmounts(
    session: CheckoutSession,
    items: LineItem[],
    options: CompleteSessionOptions,
  ): string | null {
    const asksAddress =
      session.automatic_tax.enabled || session.billing_address_collection === 'required';
    const country = asksAddress ? (options.country ?? DEFAULT_BILLING_COUNTRY).toUpperCase() : null;
    if (options.promotionCode) {
      if (!session.allow_promotion_codes)
        throw invalidState('This Checkout Session does not accept promotion codes.');
      session.discounts = [this.commerce.discountForTypedCode(options.promotionCode)];
    }
    priceSession(session, items, this.couponOf(session), country);
    const currency = options.presentmentCurrency?.toLowerCase();
    if (session.adaptive_pricing?.enabled && currency && currency !== session.currency)
      session.presentment_details = presentmentOf(session.amount_total, session.currency, currency);
    return country;
  }

  private createLineItem(input: LineItemInput): LineItem {
    const productId = newId.product();
    this.products.set(productId, {
      id: productId,
      name: input.name,
      description: input.description,
      metadata: input.productMetadata,
      tax_code: input.taxCode,
    });
    const amount = input.unitAmount * input.quantity;
    return {
      id: newId.lineItem(),
      object: 'item',
      amount_discount: 0,
      amount_subtotal: amount,
      amount_tax: 0,
      amount_total: amount,
      currency: input.currency,
      description: input.name,
      discounts: [],
      taxes: [],
      price: {
        tax_behavior: input.taxBehavior,
        id: newId.price(),
        object: 'price',
        active: false,
        currency: input.currency,
        livemode: false,
        metadata: {},
        product: productId,
        type: 'one_time',
        unit_amount: input.unitAmount,
      },
      quantity: input.quantity,
    };
  }

  private requireExtras(sessionId: string): SessionExtras {
    const extras = this.extras.get(sessionId);
    if (!extras) throw new Error(`internal: no line items stored for ${sessionId}`);
    return extras;
  }

  private pendingAsyncPayment(id: string): {
    session: CheckoutSession;
    intent: PaymentIntent;
    charge: Charge;
  } {
    const session = this.getSession(id);
    const intent = session.payment_intent
      ? this.paymentIntents.get(session.payment_intent)
      : undefined;
    const charge = intent?.latest_charge ? this.charges.get(intent.latest_charge) : undefined;
    if (
      session.status !== 'complete' ||
      session.payment_status !== 'unpaid' ||
      !intent ||
      !charge ||
      intent.status !== 'processing'
    ) {
      throw invalidState(
        `Checkout Session ${id} has no pending asynchronous payment (status ${session.status}, payment_status ${session.payment_status}).`,
      );
    }
    return { session, intent, charge };
  }

  private refundTarget(input: RefundInput): { intent: PaymentIntent; charge: Charge } {
    let intent: PaymentIntent | undefined;
    let charge: Charge | undefined;
    if (input.paymentIntent) {
      intent = this.getPaymentIntent(input.paymentIntent, 'payment_intent');
      charge = intent.latest_charge ? this.charges.get(intent.latest_charge) : undefined;
    }
    if (input.charge) {
      const byId = this.getCharge(input.charge, 'charge');
      if (charge && charge.id !== byId.id) {
        throw invalidState(
          `Charge ${byId.id} does not belong to PaymentIntent ${intent?.id}.`,
          undefined,
          'charge',
        );
      }
      charge = byId;
      intent ??= this.paymentIntents.get(byId.payment_intent);
    }
    if (!intent || !charge || intent.status !== 'succeeded' || charge.status !== 'succeeded') {
      const subject = intent ? `This PaymentIntent (${intent.id})` : `This charge (${charge?.id})`;
      throw invalidState(
        `${subject} does not have a successful charge to refund.`,
        undefined,
        intent ? 'payment_intent' : 'charge',
      );
    }
    return { intent, charge };
  }
}
