/**
 * The privacy routes of the admin API (RBAC `privacy.manage`, README "Privacy and
 * retention"): `GET /sell-my-images/privacy/export?email=…` answers everything stored about
 * one buyer's e-mail address, `POST /sell-my-images/privacy/erase { email }` erases it.
 */
import { z } from 'zod';

/** An e-mail address, trimmed and lowercased: addresses are matched case-insensitively. */
const buyerEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .refine((value) => z.email().safeParse(value).success, 'Must be an e-mail address');

/** Query of the export and body of the erase: one address. */
export const privacyRequestSchema = z.strictObject({ email: buyerEmail });
export type PrivacyRequest = z.output<typeof privacyRequestSchema>;

/** A change of a job's state, as its timeline shows it. */
export interface PrivacyTransition {
  fromStatus: string | null;
  toStatus: string;
  paymentStatus: string | null;
  reason: string | null;
  actor: string | null;
  at: string;
}

/** One download of a job's file: when, how many bytes, whether it finished. */
export interface PrivacyDownload {
  at: string;
  bytes: number | null;
  complete: boolean;
}

/** A Stripe event received about one of the buyer's purchases. */
export interface PrivacyStripeEvent {
  eventId: string;
  type: string;
  outcome: string | null;
  receivedAt: string;
}

/** One purchase made with the address, with what the plugin recorded about it. */
export interface PrivacyJob {
  jobId: string;
  email: string | null;
  status: string;
  paymentStatus: string;
  fileName: string | null;
  resolution: string;
  amount: number | null;
  amountRefunded: number | null;
  currency: string | null;
  sourcePage: string | null;
  returnUrl: string | null;
  stripeCheckoutSessionId: string | null;
  stripePaymentIntentId: string | null;
  /** Whether a salted hash of the buyer's IP address and browser is still stored. */
  visitorHashStored: boolean;
  createdAt: string;
  paidAt: string | null;
  completedAt: string | null;
  refundedAt: string | null;
  downloadExpiresAt: string | null;
  downloadCount: number;
  emailedAt: string | null;
  transitions: PrivacyTransition[];
  downloads: PrivacyDownload[];
  stripeEvents: PrivacyStripeEvent[];
}

/** A click on a buy button from the same visitor (same salted hash as one of the purchases). */
export interface PrivacyClick {
  fileId: number;
  sourcePage: string | null;
  at: string;
}

/** `GET /privacy/export`: everything stored about the address (empty lists when nothing). */
export interface PrivacyExport {
  email: string;
  exportedAt: string;
  jobs: PrivacyJob[];
  clicks: PrivacyClick[];
}

/** `POST /privacy/erase`: what was erased (all zero when nothing was left to erase). */
export interface PrivacyEraseAnswer {
  /** Purchases whose e-mail address (and visitor hash) was cleared; amounts and statuses stay. */
  jobs: number;
  /** Download log rows whose visitor hash was cleared. */
  downloads: number;
  /** Buy-button clicks whose visitor hash was cleared. */
  clicks: number;
}
