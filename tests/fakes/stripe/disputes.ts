/**
 * What a card network and Radar do to a charge after it was paid, as Stripe reports it:
 * disputes (chargebacks and inquiries) and early fraud warnings. Driven by the test
 * (no API request makes them), each change recorded as Stripe's events:
 * - a chargeback: `charge.dispute.created`, `charge.dispute.funds_withdrawn`; once decided
 *   `charge.dispute.closed` (+ `charge.dispute.funds_reinstated` when won). The charge
 *   stays `disputed: true` and cannot be refunded while the chargeback stands
 *   (`charge_disputed`).
 * - an inquiry (`warning_needs_response`): `charge.dispute.created`, no money moves, the
 *   charge stays refundable; it closes as `warning_closed` (or escalates, not modelled).
 * - an early fraud warning: `radar.early_fraud_warning.created`, actionable while the
 *   charge is neither refunded nor disputed.
 */
import { invalidState, resourceMissing } from './errors';
import { nowSeconds, randomBase62 } from './ids';
import type { StripeLedger } from './ledger';
import type { Charge, Dispute, EarlyFraudWarning, OpenDisputeOptions, StripeEvent } from './types';

function paidCharge(ledger: StripeLedger, paymentIntentId: string): Charge {
  const intent = ledger.getPaymentIntent(paymentIntentId, 'payment_intent');
  const charge = intent.latest_charge ? ledger.charges.get(intent.latest_charge) : undefined;
  if (!charge || charge.status !== 'succeeded') {
    throw invalidState(`PaymentIntent ${paymentIntentId} has no successful charge.`);
  }
  return charge;
}

export function openDispute(
  ledger: StripeLedger,
  paymentIntentId: string,
  { reason = 'fraudulent', inquiry = false }: OpenDisputeOptions = {},
): { dispute: Dispute; events: StripeEvent[] } {
  const charge = paidCharge(ledger, paymentIntentId);
  const dispute: Dispute = {
    id: `${inquiry ? 'du' : 'dp'}_1${randomBase62(23)}`,
    object: 'dispute',
    amount: charge.amount - charge.amount_refunded,
    charge: charge.id,
    created: nowSeconds(),
    currency: charge.currency,
    is_charge_refundable: inquiry,
    livemode: false,
    metadata: {},
    payment_intent: paymentIntentId,
    reason,
    status: inquiry ? 'warning_needs_response' : 'needs_response',
  };
  ledger.disputes.set(dispute.id, dispute);
  charge.disputed = true;
  const events = [ledger.emit('charge.dispute.created', dispute)];
  if (!inquiry) events.push(ledger.emit('charge.dispute.funds_withdrawn', dispute));
  return { dispute, events };
}

export function closeDispute(
  ledger: StripeLedger,
  disputeId: string,
  outcome: 'won' | 'lost',
): { dispute: Dispute; events: StripeEvent[] } {
  const dispute = ledger.disputes.get(disputeId);
  if (!dispute) throw resourceMissing('dispute', disputeId, 'dispute');
  if (['won', 'lost', 'warning_closed'].includes(dispute.status)) {
    throw invalidState(`Dispute ${disputeId} is already closed (${dispute.status}).`);
  }
  const inquiry = dispute.status.startsWith('warning_');
  dispute.status = inquiry ? 'warning_closed' : outcome;
  dispute.is_charge_refundable = inquiry || outcome === 'won';
  const events = [ledger.emit('charge.dispute.closed', dispute)];
  if (!inquiry && outcome === 'won')
    events.push(ledger.emit('charge.dispute.funds_reinstated', dispute));
  return { dispute, events };
}

export function earlyFraudWarning(
  ledger: StripeLedger,
  paymentIntentId: string,
  fraudType = 'unauthorized_use_of_card',
): { warning: EarlyFraudWarning; events: StripeEvent[] } {
  const charge = paidCharge(ledger, paymentIntentId);
  const warning: EarlyFraudWarning = {
    id: `issfr_1${randomBase62(23)}`,
    object: 'radar.early_fraud_warning',
    actionable: !charge.refunded && !charge.disputed,
    charge: charge.id,
    created: nowSeconds(),
    fraud_type: fraudType,
    livemode: false,
    payment_intent: paymentIntentId,
  };
  ledger.earlyFraudWarnings.set(warning.id, warning);
  return { warning, events: [ledger.emit('radar.early_fraud_warning.created', warning)] };
}
