/**
 * The public price and checkout API (`/api/sell-my-images`): what the frontend helper
 * reads and sends. Amounts are integers in the currency's minor units, computed by the
 * server every time; the client never sends a price.
 */

/** Why an option is shown but cannot be bought. */
export type PriceUnavailableReason =
  /** The chosen upscaler cannot run: Upsampler without an API key, local AI without its packages. */
  | 'upscaler_not_configured'
  /** The original is larger than the chosen upscaler takes. */
  | 'exceeds_upscaler_input'
  /** The result would be larger (or the scale higher) than the chosen upscaler makes. */
  | 'exceeds_upscaler_output'
  /** Above the owner's maximum output (`maxOutputMegapixels`). */
  | 'exceeds_max_output'
  | 'exceeds_stripe_maximum'
  /** local-ai only: the expected time on this machine is above the processing timeout. */
  | 'exceeds_processing_time';

/**
 * Why a file cannot be bought at all, shown in the admin's media views only: the public
 * routes answer 404 alike for an unknown file and a file not for sale.
 */
export type NotForSaleReason =
  | 'not_an_image'
  | 'too_small'
  | 'not_opted_in'
  | 'opted_out'
  /** Sale mode `all`: no published entry uses it, and it is not switched on. */
  | 'not_published';

/** One resolution of an image as offered to visitors. */
export interface PriceOption {
  resolution: string;
  scale: number;
  /** Output size in pixels. */
  width: number;
  height: number;
  /** Output megapixels rounded to 2 decimals. */
  megapixels: number;
  /** What the visitor pays, minor units. */
  amount: number;
  formatted: string;
  available: boolean;
  reason?: PriceUnavailableReason;
  /** local-ai, once this machine is calibrated: the expected processing time. */
  expectedSeconds?: number;
}

/** Who makes the copy, as visitors are told (the non-AI resize says so). */
export interface UpscalerView {
  name: string;
  label: string;
  model?: string;
}

/**
 * Which rule priced the image: the shop's rule (markup on the upscaler's cost, or the
 * local-AI price), the image's own fixed price for that resolution, or the shop's rule
 * times the image's multiplier (premium photos; set on the Sellable media page).
 */
export type PriceRule = 'default' | 'image_fixed' | 'image_multiplier';

/** A licence tier offered with the resolutions, each option priced for it by the server. */
export interface LicenceOffer {
  id: string;
  name: string;
  multiplierPercent: number;
  /** The licence terms, as the owner wrote them. */
  text: string;
  options: PriceOption[];
}

/** `GET /prices?fileId=` */
export interface PricesAnswer {
  fileId: string;
  original: { width: number; height: number };
  currency: string;
  /** Without licences: the prices. With licences: the prices of the first licence. */
  options: PriceOption[];
  upscaler?: UpscalerView;
  /** Which rule priced this image (every option and licence). */
  priceRule: PriceRule;
  /** The owner's licence tiers (absent when none is defined: nothing to choose). */
  licences?: LicenceOffer[];
  /** With Stripe Tax on: `exclusive` (shown "plus tax") or `inclusive` ("incl. tax"). */
  tax?: { behavior: 'exclusive' | 'inclusive' };
}

/** `POST /checkout` body. */
export interface CheckoutRequest {
  fileId: string | number;
  resolution: string;
  email?: string;
  sourcePage?: string;
  returnUrl?: string;
  /** A licence id from `GET /prices` (when the shop defines licences and none is sent, the first one). */
  licence?: string;
  /** The visitor's language (`fr`, `fr-CA`): Checkout's language and the e-mails'. */
  locale?: string;
  /** A promotion code to pre-apply (the helper sends the page's `?promo=`), when the shop allows codes. */
  promo?: string;
  /** The visitor saw the live before/after preview (analytics: conversion from preview). */
  previewed?: boolean;
}

/** `POST /checkout` → 201 (also when the same visitor's open session is reused). */
export interface CheckoutAnswer {
  jobId: string;
  checkoutUrl: string;
}

/** `POST /clicks` body (→ 204). */
export interface ClickRequest {
  fileId: string | number;
  sourcePage?: string;
  /** What the visitor did: opened the buy dialog (default), saw a preview, added to the cart. */
  kind?: ClickKind;
}

export const CLICK_KINDS = ['buy', 'preview', 'cart_add'] as const;
export type ClickKind = (typeof CLICK_KINDS)[number];
