/**
 * The cart (docs/architecture.md "Previews, cart and purchases"): several images bought in
 * one Stripe Checkout Session with one line item each. Each line is its own job, delivered
 * as soon as it is ready and, if it fails for good, refunded on its own (what that line
 * cost, tax included), exactly once. Amounts in minor units, priced by the server.
 */
import type { JobStatusAnswer } from './jobs';
import type { PriceUnavailableReason } from './prices';

export const CART_MAX_ITEMS = 20;

export interface CartItem {
  fileId: string | number;
  resolution: string;
  /** A licence id from `GET /prices` (none: the first one, when the shop has licences). */
  licence?: string;
}

/** `POST /cart/quote` body → 200 `CartQuote`. */
export interface CartQuoteRequest {
  items: CartItem[];
}

export interface CartQuoteLine {
  fileId: string;
  resolution: string;
  licence?: string;
  licenceName?: string;
  /** The image's name as the site shows it (its alternative text or file name). */
  title: string;
  thumbnailUrl: string | null;
  width: number;
  height: number;
  amount: number;
  formatted: string;
  available: boolean;
  /**
   * Unavailable: why (`not_for_sale` for a file no longer sold, `not_offered` for a
   * resolution or licence the shop no longer offers).
   */
  reason?: PriceUnavailableReason | 'not_for_sale' | 'not_offered';
}

export interface CartQuote {
  currency: string;
  lines: CartQuoteLine[];
  /** Sum of the available lines. */
  subtotal: number;
  /** The quantity discount the cart reaches (settings `quantityDiscounts`), or null. */
  discount: { percentOff: number; minItems: number; amount: number; formatted: string } | null;
  /** subtotal − discount, before tax. */
  total: number;
  formattedSubtotal: string;
  formattedTotal: string;
  /** With Stripe Tax on: whether tax is added (`exclusive`) or included. */
  tax?: { behavior: 'exclusive' | 'inclusive' };
}

/** `POST /cart/checkout` body. */
export interface CartCheckoutRequest {
  items: CartItem[];
  email?: string;
  sourcePage?: string;
  returnUrl?: string;
  locale?: string;
  promo?: string;
  /** File ids whose preview the visitor saw (analytics: conversion from preview). */
  previewed?: Array<string | number>;
}

/** `POST /cart/checkout` → 201. Every line must be available, else 400 naming the lines. */
export interface CartCheckoutAnswer {
  orderId: string;
  /** One job per line, in the order of `items`. */
  jobIds: string[];
  checkoutUrl: string;
}

/**
 * `GET /orders/:orderId?session=<Checkout Session id>`: what the page polls after Stripe
 * (`?smi_order=…&smi_session=…`), like `GET /jobs/:jobId` for one image.
 */
export interface OrderStatusAnswer {
  orderId: string;
  lines: JobStatusAnswer[];
  /** Once at least one line is delivered: the ZIP of every delivered file (`GET /orders/:orderId/zip?token=`). */
  zipUrl?: string;
  expiresAt?: string;
}
